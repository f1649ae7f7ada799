/**
 * `npm run bench [-- --quick] [--no-pytorch] [--only rnn/scratch] [--out DIR]`: training speed of the
 * chapter's models on the backend in use, beside the PyTorch baseline of `pytorch_baseline.py`.
 *
 * Each row trains one model in a fresh child process (so that peak RSS is the row's own) with
 * `trainAndPredictRnn` at the book's settings, times the epochs after a warm-up, and then runs the
 * same configuration in PyTorch, so the two sides of a row are measured back to back under the same
 * load. The wasm matMul roofline is measured in the same run. Writes `latest.json` and `latest.md`.
 * See bench/README.md.
 */
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkOutputFolder, openOutputFolder } from "../scripts/lib/output";
import {
  BENCH_USAGE,
  BOOK,
  OurTiming,
  Results,
  Roofline,
  runRoofline,
  Row,
  RunSpec,
  Timing,
  makeRow,
  markdown,
  parseArgs,
  representative,
  runSpecs,
  selectSpecs,
} from "./lib";

const RESULT_TAG = "BENCH_RESULT ";
const PYTHON = process.env.D2L_PYTHON ?? "/usr/bin/python3";
const BASELINE = path.join(__dirname, "pytorch_baseline.py");

/** The interface a trainer is plugged in by: train `spec` for warmup + epochs, report the timed epochs. */
type Trainer = (spec: RunSpec) => Promise<OurTiming>;

/** Our trainer: `d2l.trainAndPredictRnn` on the lyrics corpus, timed from its per-epoch callback. */
const tfjsTrainer: Trainer = async (spec) => {
  await d2l.backend({ quiet: true });
  const corpus = await d2l.loadDataJayLyrics();
  const rng = d2l.seed(0);
  const options = { cell: spec.model, vocabSize: corpus.vocabSize, numHiddens: spec.hidden, rng };
  const model: d2l.LanguageModel =
    spec.impl === "scratch"
      ? d2l.scratchModel(options)
      : d2l.conciseModel({ ...options, layer: spec.impl === "fused-concise" ? "kernels" : "tf.layers" });
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const epochs: { wall: number; cpu: number; tensors: number; perplexity: number; batches: number }[] = [];
  let wall = performance.now();
  let cpu = cpuNow();
  await d2l.trainAndPredictRnn({
    model,
    corpus,
    numEpochs: spec.warmup + spec.epochs,
    numSteps: spec.numSteps,
    numHiddens: spec.hidden,
    batchSize: BOOK.batchSize,
    lr: BOOK.lr,
    theta: BOOK.theta,
    workers: spec.workers,
    predPeriod: 1_000_000, // no samples: only training is timed
    quiet: true,
    onProgress: (record) => {
      const [w, c] = [performance.now(), cpuNow()];
      epochs.push({
        wall: w - wall,
        cpu: c - cpu,
        tensors: tf.memory().numTensors,
        perplexity: record.perplexity,
        batches: record.batches,
      });
      [wall, cpu] = [w, c];
    },
  });
  model.dispose();
  // The roofline product in this process, with this row's threads, right after its epochs.
  const roofline = matmulRates(1120, 256, 1027, 15);
  const timed = epochs.slice(spec.warmup);
  return {
    msPerEpoch: median(timed.map((e) => e.wall)),
    epochMs: timed.map((e) => e.wall),
    cpuMsPerEpoch: median(timed.map((e) => e.cpu)),
    tokensPerEpoch: timed[0].batches * BOOK.batchSize * spec.numSteps,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    perplexity: epochs[epochs.length - 1].perplexity,
    tensorGrowth: epochs[epochs.length - 1].tensors - epochs[0].tensors,
    wasmThreads: tf.getBackend() === "wasm" ? d2l.wasmThreadsInUse() : 1,
    roofline,
  };
};

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * The longest a row's child may take: the slowest row (tf.layers' GRU, 4 epochs) took 26–31 s in
 * six runs on this host (`bench.ts --child`). Once such a child spun its main thread for 20 minutes
 * (not reproduced since; one possible cause, a product-pool helper taking a unit of the next product
 * while its words were written, is closed: `gemm-pool.ts`, `writeJob`): the bench stops with the
 * row's name and the end of its stderr instead of waiting for ever (a product that waits 10 s for
 * a pool helper says so there: `awaitUnits`).
 */
const ROW_TIMEOUT_MS = rowTimeout(process.env.D2L_BENCH_ROW_TIMEOUT_MS);

function rowTimeout(value: string | undefined): number {
  if (value === undefined) return 600_000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1) {
    console.error(`bench: D2L_BENCH_ROW_TIMEOUT_MS: expected a positive whole number of milliseconds, got ${JSON.stringify(value)}`);
    process.exit(1);
  }
  return ms;
}

/** Runs one spec in a fresh process (this file with `--child`). */
function runChild(spec: RunSpec): OurTiming {
  const { D2L_WASM_THREADS: _set, ...rest } = process.env;
  const env = spec.defaultThreads ? rest : { ...rest, D2L_WASM_THREADS: String(spec.threads) };
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, "--child", JSON.stringify(spec)], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
    env,
    timeout: ROW_TIMEOUT_MS,
    killSignal: "SIGKILL",
  });
  if (r.error !== undefined && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT") {
    throw new Error(
      `bench: the ${spec.model}/${spec.impl} run (hidden ${spec.hidden}, steps ${spec.numSteps}) did not finish in ${ROW_TIMEOUT_MS / 1000} s and was stopped` +
        (r.stderr.trim() === "" ? "" : `; its stderr ended with:\n${r.stderr.trim().slice(-2000)}`),
    );
  }
  const line = r.stdout.split("\n").find((l) => l.startsWith(RESULT_TAG));
  if (r.status !== 0 || line === undefined) {
    throw new Error(`bench: the ${spec.model}/${spec.impl} run failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
  }
  return JSON.parse(line.slice(RESULT_TAG.length)) as OurTiming;
}

/**
 * GFLOP/s of a plain matMul [m, k]·[k, n] on the current backend over `reps` calls after five
 * warm-ups (the first products of a process grow the heap): the best call and the median one.
 * The backends here run a kernel when it is called, so the call is timed alone (reading the
 * result back, a copy of m·n floats, is not part of the product).
 */
function matmulRates(m: number, k: number, n: number, reps: number): Roofline {
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  const times: number[] = [];
  for (let i = 0; i < reps + 5; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    const ms = performance.now() - t0;
    c.dispose();
    if (i >= 5) times.push(ms);
  }
  tf.dispose([a, b]);
  const rate = (ms: number) => (2 * m * k * n) / (ms / 1000) / 1e9;
  return { best: rate(Math.min(...times)), median: rate(median(times)) };
}

/** The best of `matmulRates`: the run's roofline. */
function matmulGflops(m: number, k: number, n: number, reps: number): number {
  return matmulRates(m, k, n, reps).best;
}

/** CPU ticks of all cores (busy, total) and of this process with its finished children, from /proc; undefined elsewhere. */
function cpuTicks(): { busy: number; total: number; ours: number } | undefined {
  try {
    const all = d2l.cpuTimes(readFileSync("/proc/stat", "utf8"));
    // /proc/self/stat after the command name: fields 14-17 are utime, stime, cutime, cstime.
    const self = readFileSync("/proc/self/stat", "utf8");
    const f = self
      .slice(self.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    const ours = f[11] + f[12] + f[13] + f[14];
    return all === undefined || !Number.isFinite(ours) ? undefined : { ...all, ours };
  } catch {
    return undefined;
  }
}

/** Cores that other processes kept busy between two `cpuTicks` readings (our children excluded). */
function busyElsewhere(a: ReturnType<typeof cpuTicks>, b: ReturnType<typeof cpuTicks>): number | null {
  if (a === undefined || b === undefined || b.total <= a.total) return null;
  const cores = os.cpus().length;
  const share = (b.busy - a.busy - (b.ours - a.ours)) / (b.total - a.total);
  return Math.round(Math.max(0, share * cores) * 100) / 100;
}

type TorchHeader = Record<string, unknown>;

/** Whether `PYTHON` can import torch. */
function torchAvailable(): boolean {
  return spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" }).status === 0;
}

/** Runs the PyTorch baseline on one spec; exits loudly when its BLAS is not OpenBLAS. */
function runTorch(
  spec: RunSpec,
  jobDir: string,
  corpus: { corpusIndices: readonly number[]; vocabSize: number },
): { header: TorchHeader; timing: Timing } {
  const job = path.join(jobDir, "job.json");
  writeFileSync(job, JSON.stringify({ ...corpus, batchSize: BOOK.batchSize, lr: BOOK.lr, theta: BOOK.theta, seed: 0, runs: [spec] }));
  const r = spawnSync(PYTHON, [BASELINE, job], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status === 3) {
    throw new Error(
      `bench: ${r.stderr.trim()}\nbench: refusing to compare against a non-OpenBLAS PyTorch; fix it or run with --no-pytorch`,
    );
  }
  const lines = r.stdout
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("{"));
  if (r.status !== 0 || lines.length < 2) throw new Error(`bench: the PyTorch baseline failed (exit ${r.status}):\n${r.stderr}`);
  return { header: JSON.parse(lines[0]) as TorchHeader, timing: JSON.parse(lines[1]) as Timing };
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === "--child") {
    const timing = await tfjsTrainer(JSON.parse(argv[1]) as RunSpec);
    console.log(RESULT_TAG + JSON.stringify(timing));
    return;
  }
  const args = parseArgs(argv);
  if (args === "help") {
    console.log(BENCH_USAGE);
    return;
  }
  // Refusals first: a mistyped --only or a folder that is not ours stops the bench before it trains.
  selectSpecs(runSpecs(args.quick, 2), args.only);
  const output = { command: "bench", flag: "--out" };
  checkOutputFolder(args.outDir, output);
  const loadStart = os.loadavg()[0]; // before the bench itself adds any
  // One thread per core, whatever the load: the rows set their own counts, and the roofline is
  // measured with the default count of an idle machine.
  const info = await d2l.backend({ wasmThreads: process.env.D2L_WASM_THREADS ? undefined : d2l.defaultWasmThreads() });
  const corpus = await d2l.loadDataJayLyrics();
  // The products again once the rows are done (`runRoofline`): the host's speed moves within a run.
  const products = () => ({
    roofline: matmulGflops(1120, 256, 1027, 10),
    small: matmulGflops(32, 256, 256, 50),
    xnnpack: info.name === "wasm" ? d2l.withStockWasmKernels(() => matmulGflops(1120, 256, 1027, 10)) : undefined,
  });
  const start = products();
  console.log(
    `bench: ${info.name} matMul ${start.roofline.toFixed(1)} GFLOP/s ([1120, 256]·[256, 1027]), ${start.small.toFixed(1)} GFLOP/s ([32, 256]·[256, 256]); load ${loadStart.toFixed(2)}`,
  );
  const withTorch = args.pytorch && torchAvailable();
  if (args.pytorch && !withTorch)
    console.log(`bench: ${PYTHON} cannot import torch: PyTorch columns stay empty (bench/README.md says how to install it)`);
  const jobDir = mkdtempSync(path.join(os.tmpdir(), "d2l-bench-"));
  const rows: Row[] = [];
  let torchHeader: TorchHeader | null = null;
  const busy = startBusyLoops(args.busy); // after the roofline, which stays that of the machine as it was
  try {
    const threads = info.name === "wasm" ? d2l.wasmThreadsInUse() : 1;
    const specs = selectSpecs(runSpecs(args.quick, threads), args.only);
    for (const spec of specs) {
      const before = cpuTicks();
      const ours = runChild(spec);
      let torch: Timing | null = null;
      if (withTorch) {
        const t = runTorch(spec, jobDir, { corpusIndices: corpus.corpusIndices, vocabSize: corpus.vocabSize });
        torchHeader = t.header;
        torch = t.timing;
      }
      const row: Row = {
        ...makeRow(spec, ours, torch, corpus.vocabSize, BOOK.batchSize, os.loadavg()[0]),
        busyElsewhere: busyElsewhere(before, cpuTicks()),
      };
      rows.push(row);
      console.log(
        `bench: ${spec.model}/${spec.impl} (${row.threads} wasm thread${row.threads > 1 ? "s" : ""}${spec.defaultThreads ? " by default" : ""}${spec.workers > 1 ? `, ${spec.workers} workers` : ""}) hidden ${spec.hidden} steps ${spec.numSteps}: ${row.msPerEpoch} ms/epoch (CPU ${row.cpuMsPerEpoch}), ` +
          `${row.gflops} GFLOP/s, RSS ${row.peakRssMb} MB` +
          (torch === null ? "" : `; PyTorch ${row.pytorchMsPerEpoch} ms/epoch, ratio ${row.ratio}`) +
          `; load ${row.load}, busy elsewhere ${row.busyElsewhere ?? "?"}`,
      );
    }
  } finally {
    stopBusyLoops(busy);
    rmSync(jobDir, { recursive: true, force: true });
  }
  const end = products(); // after the busy loops, as the start
  const rowsBest = rows.some((r) => r.roofline !== undefined) ? Math.max(...rows.map((r) => r.roofline?.best ?? 0)) : null;
  const roofline = runRoofline([start.roofline, end.roofline], rows);
  const small = Math.max(start.small, end.small);
  const xnnpack = start.xnnpack === undefined || end.xnnpack === undefined ? undefined : Math.max(start.xnnpack, end.xnnpack);
  console.log(
    `bench: matMul at the end ${end.roofline.toFixed(1)} GFLOP/s, best in a row's process ${rowsBest?.toFixed(1) ?? "-"}: roofline ${roofline.toFixed(1)}`,
  );
  const results: Results = {
    date: new Date().toISOString(),
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(" ")}` : ""}`,
    quick: args.quick,
    backend: info.name,
    machine: {
      cpu: os.cpus()[0]?.model ?? "unknown",
      cores: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      tfjs: d2l.tfjsVersions(),
      loadStart: Number(loadStart.toFixed(2)),
      loadEnd: Number(os.loadavg()[0].toFixed(2)),
      vocabSize: corpus.vocabSize,
      batchesPerEpoch: Math.floor(Math.floor((corpus.corpusIndices.length - 1) / BOOK.numSteps) / BOOK.batchSize),
    },
    matmulGflops: Number(roofline.toFixed(2)),
    rooflineCalls: {
      start: Number(start.roofline.toFixed(2)),
      end: Number(end.roofline.toFixed(2)),
      rows: rowsBest === null ? null : Number(rowsBest.toFixed(2)),
    },
    smallMatmulGflops: Number(small.toFixed(2)),
    ...(xnnpack === undefined ? {} : { xnnpackMatmulGflops: Number(xnnpack.toFixed(2)) }),
    pytorch: torchHeader,
    rows,
    representative: representative(loadStart, rows, args.busy),
    busyProcesses: args.busy,
  };
  const folder = openOutputFolder(args.outDir, output);
  const md = markdown(results);
  folder.write("latest.json", JSON.stringify(results, null, 2) + "\n");
  folder.write("latest.md", md);
  console.log("\n" + md);
  if (!results.representative?.ok) console.log(`bench: NOT representative of this machine: ${results.representative?.why}`);
  console.log(`bench: wrote ${path.join(args.outDir, "latest.json")} and latest.md`);
}

/**
 * `n` processes that spin until stopped (`--busy`): the "busy elsewhere" of every row, since they
 * are not waited for. They are stopped by their ids when the rows are done, or when the bench exits.
 */
function startBusyLoops(n: number): ChildProcess[] {
  const loops = Array.from({ length: n }, () => spawn(process.execPath, ["-e", "for (;;);"], { stdio: "ignore" }));
  if (n > 0) {
    process.once("exit", () => stopBusyLoops(loops));
    console.log(
      `bench: ${n} busy-loop process${n === 1 ? "" : "es"} running beside every row (pids ${loops.map((p) => p.pid).join(", ")})`,
    );
  }
  return loops;
}

function stopBusyLoops(loops: readonly ChildProcess[]): void {
  for (const p of loops) if (p.exitCode === null && p.signalCode === null) p.kill();
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
