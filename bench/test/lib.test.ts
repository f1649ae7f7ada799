import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  BOOK,
  Results,
  configOf,
  flopsPerBatch,
  makeRow,
  markdown,
  modelSummary,
  parseArgs,
  representative,
  runRoofline,
  runSpecs,
  selectSpecs,
  wasmFloorMs,
} from "../lib";

const specs = suite("runSpecs");

specs("times every model and implementation at the book's settings, then scales the scratch models", () => {
  const full = runSpecs(false, 2);
  const book = full.filter((s) => s.group === "book");
  // model/impl/wasm threads/workers: the default threads, then one thread, then two single-threaded replicas
  assert.equal(
    book.map((s) => `${s.model}/${s.impl}/${s.threads}/${s.workers}`),
    [
      "rnn/scratch/2/1",
      "rnn/concise/2/1",
      "rnn/fused-concise/2/1",
      "gru/scratch/2/1",
      "gru/concise/2/1",
      "gru/fused-concise/2/1",
      "lstm/scratch/2/1",
      "lstm/concise/2/1",
      "lstm/fused-concise/2/1",
      "rnn/scratch/1/1",
      "gru/scratch/1/1",
      "lstm/scratch/1/1",
      "rnn/scratch/1/2",
      "gru/scratch/1/2",
      "lstm/scratch/1/2",
    ],
  );
  assert.ok(full.filter((s) => s.group !== "book").every((s) => s.threads === 2 && s.workers === 1 && s.defaultThreads));
  // The rows with the default count leave it to the library; the others set it.
  assert.equal(
    book.map((s) => s.defaultThreads ?? false),
    [true, true, true, true, true, true, true, true, true, false, false, false, false, false, false],
  );
  // On a one-thread backend the one-thread rows would repeat the first ones.
  assert.is(runSpecs(false, 1).filter((s) => s.group === "book").length, 12);
  assert.ok(book.every((s) => s.hidden === 256 && s.numSteps === 35));
  assert.equal(
    full.filter((s) => s.group === "hidden").map((s) => s.hidden),
    [128, 512, 128, 512, 128, 512],
  );
  assert.equal(
    full.filter((s) => s.group === "numSteps").map((s) => s.numSteps),
    [10, 70, 10, 70, 10, 70],
  );
  assert.ok(full.filter((s) => s.group !== "book").every((s) => s.impl === "scratch"));
});

specs("quick mode keeps the book's rows and the two-worker rows, scales only the RNN and times one epoch", () => {
  const quick = runSpecs(true, 2);
  assert.equal(
    quick.filter((s) => s.group === "book").map((s) => `${s.model}/${s.impl}/${s.threads}/${s.workers}`),
    [
      "rnn/scratch/2/1",
      "rnn/concise/2/1",
      "rnn/fused-concise/2/1",
      "gru/scratch/2/1",
      "gru/concise/2/1",
      "gru/fused-concise/2/1",
      "lstm/scratch/2/1",
      "lstm/concise/2/1",
      "lstm/fused-concise/2/1",
      "rnn/scratch/1/2",
      "gru/scratch/1/2",
      "lstm/scratch/1/2",
    ],
  );
  assert.equal(
    quick.filter((s) => s.group !== "book").map((s) => `${s.model} ${s.hidden} ${s.numSteps}`),
    ["rnn 512 35", "rnn 256 70"],
  );
  assert.ok(quick.every((s) => s.warmup === 1 && s.epochs === 1));
});

specs("modelSummary finds, per model at the book's settings, the default row, our fastest, PyTorch's fastest and the floor", () => {
  const timing = { epochMs: [1], cpuMsPerEpoch: 1, tokensPerEpoch: 8960, peakRssMb: 1, perplexity: 1, tensorGrowth: 0 };
  const torchAt = (ms: number) => ({ ...timing, msPerEpoch: ms });
  const row = (
    model: "rnn" | "gru",
    impl: "scratch" | "concise",
    workers: number,
    threads: number,
    ms: number,
    torchMs: number,
    group: "book" | "hidden" = "book",
  ) =>
    makeRow(
      {
        group,
        model,
        impl,
        hidden: 256,
        numSteps: 35,
        workers,
        threads,
        defaultThreads: workers === 1 && threads === 2,
        warmup: 1,
        epochs: 1,
      },
      { ...timing, msPerEpoch: ms },
      torchAt(torchMs),
      1027,
      32,
      0,
    );
  const rows = [
    row("rnn", "scratch", 1, 2, 600, 620),
    row("rnn", "scratch", 1, 1, 900, 610),
    row("rnn", "scratch", 2, 1, 500, 600),
    row("rnn", "concise", 1, 2, 1500, 210),
    row("gru", "scratch", 1, 2, 900, 1000),
    row("rnn", "scratch", 1, 2, 100, 50, "hidden"),
  ];
  const summary = modelSummary(rows, 8, 1027, 50);
  assert.equal(
    summary.map(
      (s) =>
        `${s.model} ${s.default?.msPerEpoch} ${s.fastest && configOf(s.fastest)} ${s.fastest?.msPerEpoch} ${s.torchFastest?.impl} ${s.torchFastest?.ms}`,
    ),
    ["rnn 600 scratch, workers 2 500 concise 210", "gru 900 scratch, 2 threads 900 scratch 1000"],
  );
  // Under load a default row may have got one thread: it is still the default row.
  const loaded = modelSummary([{ ...rows[0], threads: 1 }, rows[1]], 8, 1027, 50);
  assert.is(loaded[0].default?.msPerEpoch, 600);
  // 8 batches of ~2.207 GFLOP at 50 GFLOP/s ≈ 353 ms
  assert.ok(Math.abs(summary[0].floorMs - 353.1) < 0.5, String(summary[0].floorMs));
  assert.is(wasmFloorMs("rnn", 8, 1027, 100), summary[0].floorMs / 2);
  // With the XNNPACK rate of the same run (25 GFLOP/s: half the roofline) the report adds that floor, twice ours.
  const base = { date: "d", command: "c", quick: true, backend: "wasm", smallMatmulGflops: 20, pytorch: null, rows };
  const md = markdown({
    ...base,
    machine: { cpu: "x", cores: 2, vocabSize: 1027, batchesPerEpoch: 8 },
    matmulGflops: 50,
    xnnpackMatmulGflops: 25,
  });
  assert.match(md, /tfjs's own kernel \(XNNPACK\) on the first: 25\.0 GFLOP\/s/);
  assert.match(md, /\| fastest \/ floor \| XNNPACK floor \| default \/ XNNPACK floor \|/);
  assert.match(md, /\| rnn \| 600 \| 620 \| .* \| 353 \| 1\.70 \| 1\.42 \| 706 \| 0\.85 \|/);
  const older = markdown({ ...base, machine: { cpu: "x", cores: 2, vocabSize: 1027, batchesPerEpoch: 8 }, matmulGflops: 50 });
  assert.not.match(older, /XNNPACK floor/, "results without the XNNPACK rate keep the old table");
  assert.not.match(older, /own roofline/, "rows without their own roofline add no table");
});

specs("a default row's own roofline gives a second floor, at the median rate of its process", () => {
  const spec = {
    group: "book",
    model: "rnn",
    impl: "scratch",
    hidden: 256,
    numSteps: 35,
    workers: 1,
    threads: 2,
    defaultThreads: true,
    warmup: 1,
    epochs: 1,
  } as const;
  const timing = { epochMs: [600], cpuMsPerEpoch: 1, tokensPerEpoch: 8960, peakRssMb: 1, perplexity: 1, tensorGrowth: 0, msPerEpoch: 600 };
  const row = makeRow(spec, { ...timing, roofline: { best: 30.004, median: 25.004 } }, null, 1027, 32, 0);
  assert.equal(row.roofline, { best: 30, median: 25 });
  const other = makeRow(
    { ...spec, threads: 1, defaultThreads: false },
    { ...timing, roofline: { best: 99, median: 99 } },
    null,
    1027,
    32,
    0,
  );
  const [s] = modelSummary([row, other], 8, 1027, 50);
  // Twice the floor of the run's roofline (50 GFLOP/s), from the default row's median, not its best or the other row's.
  assert.ok(s.ownFloorMs !== undefined && Math.abs(s.ownFloorMs - 2 * s.floorMs) < 1e-9, String(s.ownFloorMs));
  const results = (more: Partial<Results>): Results => ({
    date: "d",
    command: "c",
    quick: true,
    backend: "wasm",
    smallMatmulGflops: 20,
    pytorch: null,
    rows: [row, other],
    machine: { cpu: "x", cores: 2, vocabSize: 1027, batchesPerEpoch: 8 },
    matmulGflops: 50,
    ...more,
  });
  const md = markdown(results({}));
  // 8 batches of ~2.207 GFLOP at 25 GFLOP/s ≈ 706 ms; 600 / 706 ≈ 0.85
  assert.match(md, /\| rnn \| 30\.0 \| 25\.0 \| 706 \| 0\.85 \|/);
  const [none] = modelSummary([{ ...row, roofline: undefined }], 8, 1027, 50);
  assert.is(none.ownFloorMs, undefined);
  // The run's roofline is the best call anywhere in the run: here the other row's 99.
  assert.is(runRoofline([50, 61], [row, other]), 99);
  assert.is(runRoofline([50, 61], [row, { ...other, roofline: undefined }]), 61, "the end of the run, when no row beats it");
  assert.is(runRoofline([50], []), 50);
  const sought = markdown(results({ matmulGflops: 99, rooflineCalls: { start: 50, end: 61, rows: 99 } }));
  assert.match(
    sought,
    /roofline in this run: 99\.0 GFLOP\/s for \[1120, 256\]·\[256, 1027\] \(the best call of the run: 50\.0 at the start and 61\.0 at the end in the bench's own process, 99\.0 in a row's own process\)/,
  );
});

specs.run();

const flops = suite("flopsPerBatch");

flops("counts 3 products of 2·rows·k·n flops per weight, and one-hot inputs only when multiplied", () => {
  // RNN, H 2, T 3, V 5, B 1: recurrence 6·3·2·2 = 72, output 6·3·2·5 = 180, one-hot inputs 4·3·5·2 = 120.
  assert.is(flopsPerBatch("rnn", 2, 3, 5, 1, false), 72 + 180);
  assert.is(flopsPerBatch("rnn", 2, 3, 5, 1, true), 72 + 180 + 120);
  // LSTM has 4 gates: 4x the recurrence and the input products.
  assert.is(flopsPerBatch("lstm", 2, 3, 5, 1, true), 4 * 72 + 180 + 4 * 120);
  // The book's RNN batch: ~2.2 GFLOP without, ~3.4 GFLOP with one-hot input products.
  const book = flopsPerBatch("rnn", 256, 35, 1027, 32, false);
  assert.ok(Math.abs(book / 1e9 - 2.207) < 0.01, String(book));
});

flops.run();

const rows = suite("makeRow / markdown");

const ours = {
  msPerEpoch: 800,
  epochMs: [800],
  cpuMsPerEpoch: 790,
  tokensPerEpoch: 8960,
  peakRssMb: 200,
  perplexity: 300,
  tensorGrowth: 0,
};
const torch = { msPerEpoch: 1600, epochMs: [1600], cpuMsPerEpoch: 3000, tokensPerEpoch: 8960, peakRssMb: 300, perplexity: 310 };
const spec = {
  group: "book" as const,
  model: "rnn" as const,
  impl: "scratch" as const,
  hidden: 256,
  numSteps: 35,
  workers: 1,
  threads: 2,
  warmup: 1,
  epochs: 1,
};

rows("derives tokens/s, GFLOP/s and the ratio; PyTorch columns are null without PyTorch", () => {
  const row = makeRow(spec, ours, torch, 1027, BOOK.batchSize, 1.5);
  assert.is(row.tokensPerSec, 11200);
  assert.is(row.ratio, 0.5);
  assert.ok(Math.abs((row.cpuRatio as number) - 790 / 3000) < 1e-3);
  assert.is(row.pytorchTokensPerSec, 5600);
  // 8 batches of ~2.207 GFLOP in 0.8 s ≈ 22.1 GFLOP/s; PyTorch also multiplies the one-hot inputs.
  assert.ok(Math.abs(row.gflops - 22.07) < 0.05, String(row.gflops));
  assert.ok((row.pytorchGflops as number) > row.gflops / 2);
  const alone = makeRow(spec, ours, null, 1027, BOOK.batchSize, 0.2);
  assert.is(alone.ratio, null);
  assert.is(alone.pytorchMsPerEpoch, null);
});

rows("renders one table per group with the load and an em dash for missing PyTorch figures", () => {
  const results: Results = {
    date: "2025-01-01T00:00:00.000Z",
    command: "npm run bench -- --quick",
    quick: true,
    backend: "wasm",
    machine: { cpu: "x", cores: 2, loadStart: 0.5, loadEnd: 0.7, vocabSize: 1027, batchesPerEpoch: 8 },
    matmulGflops: 28,
    smallMatmulGflops: 20,
    pytorch: null,
    rows: [makeRow(spec, ours, null, 1027, 32, 0.5), makeRow({ ...spec, group: "hidden", hidden: 512 }, ours, torch, 1027, 32, 0.6)],
  };
  const md = markdown(results);
  assert.match(md, /## The book's settings/);
  assert.match(md, /## Scaling with hidden size/);
  assert.not.match(md, /## Scaling with numSteps/);
  assert.match(
    md,
    /\| rnn \| scratch \| 2 \| 1 \| 256 \| 35 \| 800 \| 790 \| 11200 \| 22\.1 \| 200 \| 0 \| — \| — \| — \| — \| — \| 0\.5 \|/,
  );
  assert.match(md, /PyTorch: not available/);
});

rows("representative: only a run that started at load ≤ 1 and shared no row with more than half a busy core", () => {
  const r = (busyElsewhere: number | null) => ({ ...makeRow(spec, ours, null, 1027, 32, 1.8), busyElsewhere });
  assert.ok(representative(0.4, [r(0.1), r(0.3)]).ok, "the bench's own load (1.8) does not count");
  assert.not.ok(representative(1.3, [r(0.1)]).ok);
  const busy = representative(0.4, [r(0.1), r(0.9)]);
  assert.not.ok(busy.ok);
  assert.match(busy.why, /other processes kept up to 0\.90 cores busy during a row \(at most 0\.5\)/);
  assert.ok(representative(0.4, [r(null)]).ok, "where it cannot be measured, the start load decides");
  const loaded = representative(0.4, [r(null)], 2);
  assert.not.ok(loaded.ok, "a run under --busy never stands for the machine");
  assert.match(loaded.why, /^2 busy-loop processes started by --busy; load average 0\.40/);
});

rows.run();

const args = suite("parseArgs");

args("reads --quick, --no-pytorch, --out and --only, and refuses anything else", () => {
  assert.equal(parseArgs([]), { quick: false, pytorch: true, outDir: "bench/results", only: undefined, busy: 0 });
  assert.equal(parseArgs(["--quick", "--no-pytorch", "--out", "/tmp/x", "--only", "rnn/scratch", "--busy", "2"]), {
    quick: true,
    pytorch: false,
    outDir: "/tmp/x",
    only: "rnn/scratch",
    busy: 2,
  });
  assert.throws(() => parseArgs(["--busy", "two"]), /bench: --busy: expected a number of processes from 0 to 8, got "two"/);
  assert.throws(() => parseArgs(["--busy", "9"]), /bench: --busy: expected a number of processes from 0 to 8, got "9"/);
  assert.throws(() => parseArgs(["--fast"]), /bench: unknown argument "--fast"/);
  assert.throws(() => parseArgs(["--only"]), /bench: --only: expected a model\/impl such as rnn\/scratch, got nothing/);
  assert.throws(() => parseArgs(["--out", "--quick"]), /bench: --out: expected a folder, got "--quick"/);
  assert.is(parseArgs(["--quick", "--help"]), "help");
});

args("selectSpecs keeps the rows whose model/impl contains the text and refuses text that matches none", () => {
  const all = runSpecs(true, 2);
  assert.ok(selectSpecs(all, "gru/concise").every((s) => s.model === "gru" && s.impl === "concise"));
  assert.is(selectSpecs(all, undefined).length, all.length);
  assert.throws(
    () => selectSpecs(all, "foo"),
    /bench: --only: expected text contained in one of rnn\/scratch, rnn\/concise, .*got "foo" \(matches no row; nothing was run or written\)/,
  );
});

args.run();
