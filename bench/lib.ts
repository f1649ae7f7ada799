/**
 * Pure helpers of `npm run bench`: the list of runs, the FLOP count of a training batch, the result
 * records and the markdown table. `bench.ts` does the measuring.
 */

export type Cell = "rnn" | "gru" | "lstm";
/**
 * "scratch": our scratch models; "concise": tf.layers' recurrent layers (`d2l.conciseModel`);
 * "fused-concise": the same concise model with `layer: "kernels"` (`d2l.FusedRecurrent`).
 */
export type Impl = "scratch" | "concise" | "fused-concise";

/** Which question a row answers: the book's settings, or the scaling with hidden size or steps. */
export type Group = "book" | "hidden" | "numSteps";

/** One training configuration to time (the book's batch 32, lr 100, theta 0.01 always). */
export interface RunSpec {
  readonly group: Group;
  readonly model: Cell;
  readonly impl: Impl;
  readonly hidden: number;
  readonly numSteps: number;
  /** Threads per batch (`trainAndPredictRnn`'s `workers`): 1, or 2 for the data-parallel scratch path. */
  readonly workers: number;
  /** wasm's threads for matrix products (`D2L_WASM_THREADS` of the run); 1 with `workers: 2`. */
  readonly threads: number;
  /**
   * True: the run leaves the count to the library's default (one per core that other processes
   * leave free), which is `threads` on an idle machine; the row records the count it got.
   */
  readonly defaultThreads?: boolean;
  /** Epochs run before timing starts. */
  readonly warmup: number;
  /** Epochs timed (the median is reported). */
  readonly epochs: number;
}

/** The book's settings (d2l-zh 6.4): batch 32, 35 steps, 256 hidden units, lr 100, theta 0.01. */
export const BOOK = Object.freeze({ batchSize: 32, numSteps: 35, hidden: 256, lr: 100, theta: 0.01 });

/**
 * The runs of a bench: every model and implementation at the book's settings with `threads` wasm
 * threads, the scratch models with `workers: 2` (two single-threaded replicas), then the scratch
 * models with hidden 128 and 512 and with 10 and 70 steps. The full run also times the scratch
 * models on one wasm thread. Quick mode times one epoch after one warm-up and scales only the RNN,
 * to hidden 512 and to 70 steps.
 */
export function runSpecs(quick: boolean, threads: number): RunSpec[] {
  const timing = quick ? { warmup: 1, epochs: 1 } : { warmup: 1, epochs: 3 };
  const cells: Cell[] = ["rnn", "gru", "lstm"];
  const specs: RunSpec[] = [];
  const book = { group: "book", hidden: BOOK.hidden, numSteps: BOOK.numSteps, ...timing } as const;
  for (const model of cells) {
    for (const impl of ["scratch", "concise", "fused-concise"] as const)
      specs.push({ ...book, model, impl, workers: 1, threads, defaultThreads: true });
  }
  for (const model of quick || threads === 1 ? [] : cells) specs.push({ ...book, model, impl: "scratch", workers: 1, threads: 1 });
  for (const model of cells) specs.push({ ...book, model, impl: "scratch", workers: 2, threads: 1 });
  const scaled: Cell[] = quick ? ["rnn"] : cells;
  for (const model of scaled) {
    for (const hidden of quick ? [512] : [128, 512])
      specs.push({
        group: "hidden",
        model,
        impl: "scratch",
        hidden,
        numSteps: BOOK.numSteps,
        workers: 1,
        threads,
        defaultThreads: true,
        ...timing,
      });
    for (const numSteps of quick ? [70] : [10, 70])
      specs.push({
        group: "numSteps",
        model,
        impl: "scratch",
        hidden: BOOK.hidden,
        numSteps,
        workers: 1,
        threads,
        defaultThreads: true,
        ...timing,
      });
  }
  return specs;
}

/** Gates of a cell: products of H with a [H, H] block per step. */
export function gatesOf(model: Cell): number {
  switch (model) {
    case "rnn":
      return 1;
    case "gru":
      return 3;
    case "lstm":
      return 4;
    default: {
      const never: never = model;
      throw new Error(`gatesOf: model: expected rnn, gru or lstm, got ${String(never)}`);
    }
  }
}

/**
 * Floating-point operations of the matrix products of one training batch (forward and backward),
 * which is where nearly all the arithmetic is:
 * - recurrence: per step, H·W_h forward, then dA·W_hᵀ and the W_h gradient: 3 × 2·B·H·(G·H);
 * - output layer on all T·B rows: 3 × 2·T·B·H·V;
 * - inputs, only when they are one-hot rows multiplied by W_x (`denseInputs`: the book's scratch
 *   formulation in PyTorch, and every concise model): forward and the W_x gradient, 2 × 2·T·B·V·(G·H).
 *   A row lookup (our scratch models) does no arithmetic.
 */
export function flopsPerBatch(
  model: Cell,
  hidden: number,
  numSteps: number,
  vocabSize: number,
  batchSize: number,
  denseInputs: boolean,
): number {
  const G = gatesOf(model);
  const rows = numSteps * batchSize;
  const recurrence = 3 * 2 * rows * hidden * G * hidden;
  const output = 3 * 2 * rows * hidden * vocabSize;
  const inputs = denseInputs ? 2 * 2 * rows * vocabSize * G * hidden : 0;
  return recurrence + output + inputs;
}

/** What one timed run (ours or PyTorch's) reports. */
export interface Timing {
  /** Median wall time of the timed epochs, ms. */
  readonly msPerEpoch: number;
  /** Every timed epoch, ms. */
  readonly epochMs: readonly number[];
  /** Characters predicted per epoch (batches · B · T). */
  readonly tokensPerEpoch: number;
  /** Peak resident memory of the process, MB. */
  readonly peakRssMb: number;
  /** Training perplexity of the last epoch (a sanity check that both sides learn). */
  readonly perplexity: number;
  /** Median CPU time (user + system, all threads) of the timed epochs, ms: less sensitive to other load. */
  readonly cpuMsPerEpoch: number;
}

/** Our side also reports whether tensors leak across epochs. */
export interface OurTiming extends Timing {
  /** Live tensors after the last epoch minus after the first (0: no leak). */
  readonly tensorGrowth: number;
  /** The wasm threads the run got (absent: the spec's). */
  readonly wasmThreads?: number;
  /** The roofline product measured in the row's own process right after its epochs (absent in older results). */
  readonly roofline?: Roofline;
}

/**
 * GFLOP/s of the plain matMul [1120, 256]·[256, 1027] (the output layer's product) over repeated
 * calls: the best call and the median one. The host's speed moves between processes, so a row
 * also measures it in its own process, with its own threads.
 */
export interface Roofline {
  readonly best: number;
  readonly median: number;
}

/** One row of `latest.json`. */
export interface Row {
  readonly group: Group;
  readonly model: Cell;
  readonly impl: Impl;
  readonly hidden: number;
  readonly numSteps: number;
  /** Threads per batch on our side (`workers`). */
  readonly workers: number;
  /** wasm threads for matrix products on our side. */
  readonly threads: number;
  /** Whether the count was the library's default choice rather than set (`RunSpec.defaultThreads`). */
  readonly defaultThreads?: boolean;
  readonly msPerEpoch: number;
  readonly cpuMsPerEpoch: number;
  readonly tokensPerSec: number;
  readonly peakRssMb: number;
  readonly gflops: number;
  readonly tensorGrowth: number;
  readonly perplexity: number;
  readonly pytorchMsPerEpoch: number | null;
  readonly pytorchCpuMsPerEpoch: number | null;
  readonly pytorchTokensPerSec: number | null;
  readonly pytorchGflops: number | null;
  readonly pytorchPerplexity: number | null;
  /** ours / PyTorch (ms per epoch): below 1 means faster than PyTorch. */
  readonly ratio: number | null;
  /** ours / PyTorch in CPU time per epoch: steadier than `ratio` when other processes load the machine. */
  readonly cpuRatio: number | null;
  /** 1-minute load average of the machine when the row was measured (2 cores: above ~1 means contention). */
  readonly load: number;
  /**
   * Cores that other processes kept busy while the row ran (both sides, from /proc/stat less the
   * bench's own and its children's CPU time); null where /proc/stat cannot be read.
   */
  readonly busyElsewhere?: number | null;
  /** `OurTiming.roofline`: the product's rate in the row's own process. */
  readonly roofline?: Roofline;
}

/**
 * The run's roofline: the best call of the output layer's product among all the run timed, in
 * the bench's own process before and after the rows and in each row's own process (`Row.roofline`).
 * The host's speed moves within a run by more than the rows' differences (three runs in a row on
 * one host put the first call at 58.6–69.8 GFLOP/s and the rows' own at 74–116), and a floor
 * priced at a slow moment reads below 1, which no model can reach.
 */
export function runRoofline(parent: readonly number[], rows: readonly Row[]): number {
  return Math.max(...parent, ...rows.map((r) => r.roofline?.best ?? 0));
}

/** Combines our timing and PyTorch's (or null) for one spec. */
export function makeRow(spec: RunSpec, ours: OurTiming, torch: Timing | null, vocabSize: number, batchSize: number, load: number): Row {
  const batches = ours.tokensPerEpoch / (batchSize * spec.numSteps);
  const flops = (dense: boolean) => batches * flopsPerBatch(spec.model, spec.hidden, spec.numSteps, vocabSize, batchSize, dense);
  const gflops = (f: number, ms: number) => round(f / (ms / 1000) / 1e9, 2);
  return {
    group: spec.group,
    model: spec.model,
    impl: spec.impl,
    hidden: spec.hidden,
    numSteps: spec.numSteps,
    workers: spec.workers,
    threads: ours.wasmThreads ?? spec.threads,
    defaultThreads: spec.defaultThreads ?? false,
    msPerEpoch: round(ours.msPerEpoch, 1),
    cpuMsPerEpoch: round(ours.cpuMsPerEpoch, 1),
    tokensPerSec: Math.round(ours.tokensPerEpoch / (ours.msPerEpoch / 1000)),
    peakRssMb: round(ours.peakRssMb, 1),
    gflops: gflops(flops(spec.impl === "concise"), ours.msPerEpoch),
    tensorGrowth: ours.tensorGrowth,
    perplexity: round(ours.perplexity, 2),
    pytorchMsPerEpoch: torch === null ? null : round(torch.msPerEpoch, 1),
    pytorchCpuMsPerEpoch: torch === null ? null : round(torch.cpuMsPerEpoch, 1),
    pytorchTokensPerSec: torch === null ? null : Math.round(torch.tokensPerEpoch / (torch.msPerEpoch / 1000)),
    pytorchGflops: torch === null ? null : gflops(flops(true), torch.msPerEpoch),
    pytorchPerplexity: torch === null ? null : round(torch.perplexity, 2),
    ratio: torch === null ? null : round(ours.msPerEpoch / torch.msPerEpoch, 3),
    cpuRatio: torch === null ? null : round(ours.cpuMsPerEpoch / torch.cpuMsPerEpoch, 3),
    load: round(load, 2),
    ...(ours.roofline === undefined ? {} : { roofline: { best: round(ours.roofline.best, 2), median: round(ours.roofline.median, 2) } }),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The whole result file. */
export interface Results {
  readonly date: string;
  readonly command: string;
  readonly quick: boolean;
  readonly backend: string;
  readonly machine: Record<string, unknown>;
  /**
   * Best plain matMul throughput of the backend in this run, GFLOP/s ([1120, 256]·[256, 1027]):
   * the best call of all that the run timed (`runRoofline`).
   */
  readonly matmulGflops: number;
  /** Where that best was sought: the bench's own process at the start and at the end, and the rows' own processes (absent in older results). */
  readonly rooflineCalls?: { readonly start: number; readonly end: number; readonly rows: number | null };
  /** The same for the per-step product [32, 256]·[256, 256]. */
  readonly smallMatmulGflops: number;
  /**
   * On wasm, the same output-layer product on tfjs's own kernel (XNNPACK) in the same run: the
   * floor that earlier runs measured (absent in them, and on other backends).
   */
  readonly xnnpackMatmulGflops?: number;
  readonly pytorch: Record<string, unknown> | null;
  readonly rows: readonly Row[];
  /** Whether the machine was quiet enough for the figures to stand for it (`representative`). */
  readonly representative?: Verdict;
  /** Busy-loop processes the bench itself ran beside every row (`--busy`; absent in older results: 0). */
  readonly busyProcesses?: number;
}

export interface Verdict {
  readonly ok: boolean;
  /** One sentence: the loads it was judged on. */
  readonly why: string;
}

/** The most load a representative run tolerates: the load average before it started, and the cores other processes kept busy during any row. */
export const QUIET = Object.freeze({ loadStart: 1, busyElsewhere: 0.5 });

/**
 * A run stands for the machine only if the 1-minute load average was at most 1 before it started
 * and no row shared the cores with other processes for more than half a core on average. The
 * load average during the run is no test: it counts the bench's own threads and PyTorch's.
 */
export function representative(loadStart: number, rows: readonly Row[], busyProcesses = 0): Verdict {
  const measured = rows.map((r) => r.busyElsewhere).filter((b): b is number => typeof b === "number");
  const worst = measured.length === 0 ? null : Math.max(...measured);
  const parts = [`load average ${loadStart.toFixed(2)} at the start (at most ${QUIET.loadStart})`];
  parts.push(
    worst === null
      ? "other processes' share not measured"
      : `other processes kept up to ${worst.toFixed(2)} cores busy during a row (at most ${QUIET.busyElsewhere})`,
  );
  if (busyProcesses > 0) parts.unshift(`${busyProcesses} busy-loop process${busyProcesses === 1 ? "" : "es"} started by --busy`);
  const ok = busyProcesses === 0 && loadStart <= QUIET.loadStart && (worst === null || worst <= QUIET.busyElsewhere);
  return { ok, why: parts.join("; ") };
}

const fmt = (x: number | null, digits = 0) => (x === null ? "—" : x.toFixed(digits));

/** The markdown report: settings, machine and load, then one table per group. */
export function markdown(r: Results): string {
  const lines: string[] = [];
  lines.push(`# Training speed: ours (tfjs ${r.backend}) beside PyTorch`, "");
  lines.push(`Command: \`${r.command}\` — ${r.date}${r.quick ? " (quick mode: 1 warm-up + 1 timed epoch per row)" : ""}`, "");
  lines.push(
    `Settings: batch ${BOOK.batchSize}, lr ${BOOK.lr}, theta ${BOOK.theta}, random sampling, the lyrics corpus ` +
      `(10,000 characters, V = ${String(r.machine.vocabSize ?? "?")}); one epoch = ${String(r.machine.batchesPerEpoch ?? "?")} batches at 35 steps.`,
    "",
  );
  lines.push(
    `Machine: ${String(r.machine.cpu)}, ${String(r.machine.cores)} cores; load average ${String(r.machine.loadStart)} at the start, ${String(r.machine.loadEnd)} at the end (other processes share the cores: times are noisy).`,
    "",
  );
  lines.push(
    `wasm matMul roofline in this run: ${r.matmulGflops.toFixed(1)} GFLOP/s for [1120, 256]·[256, 1027]` +
      (r.rooflineCalls === undefined
        ? ""
        : ` (the best call of the run: ${r.rooflineCalls.start.toFixed(1)} at the start and ${r.rooflineCalls.end.toFixed(1)} at the end in the bench's own process` +
          (r.rooflineCalls.rows === null ? ")" : `, ${r.rooflineCalls.rows.toFixed(1)} in a row's own process)`)) +
      `, ${r.smallMatmulGflops.toFixed(1)} GFLOP/s for the per-step [32, 256]·[256, 256]` +
      (r.xnnpackMatmulGflops === undefined
        ? "."
        : `; tfjs's own kernel (XNNPACK) on the first: ${r.xnnpackMatmulGflops.toFixed(1)} GFLOP/s.`),
    "",
  );
  if (r.pytorch === null) lines.push("PyTorch: not available (see bench/README.md to install it); its columns are empty.", "");
  else
    lines.push(
      `PyTorch ${String(r.pytorch.torch)} (${String(r.pytorch.blasLibraries)}), torch threads ${String(r.pytorch.torchThreads)}, OpenBLAS threads ${String(r.pytorch.openblasThreads)}.`,
      "",
    );
  const titles: Record<Group, string> = {
    book: "The book's settings (hidden 256, 35 steps)",
    hidden: "Scaling with hidden size (scratch, 35 steps)",
    numSteps: "Scaling with numSteps (scratch, hidden 256)",
  };
  if (r.representative !== undefined) {
    lines.push(
      r.representative.ok
        ? `Representative of this machine: ${r.representative.why}.`
        : `**Not representative of this machine** (too busy): ${r.representative.why}. Compare ratios only.`,
      "",
    );
  }
  lines.push(...summaryLines(r));
  for (const group of ["book", "hidden", "numSteps"] as const) {
    const rows = r.rows.filter((row) => row.group === group);
    if (rows.length === 0) continue;
    lines.push(`## ${titles[group]}`, "");
    lines.push(
      "| model | impl | wasm threads | workers | hidden | steps | ms/epoch | CPU ms/epoch | tokens/s | GFLOP/s | peak RSS MB | tensor growth | PyTorch ms/epoch | PyTorch CPU ms/epoch | PyTorch GFLOP/s | ratio ours/PyTorch | CPU ratio | load | busy elsewhere |",
    );
    lines.push(
      "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const row of rows) {
      lines.push(
        `| ${row.model} | ${row.impl} | ${row.threads ?? 1} | ${row.workers} | ${row.hidden} | ${row.numSteps} | ${fmt(row.msPerEpoch)} | ${fmt(row.cpuMsPerEpoch)} | ${fmt(row.tokensPerSec)} | ` +
          `${fmt(row.gflops, 1)} | ${fmt(row.peakRssMb)} | ${row.tensorGrowth} | ${fmt(row.pytorchMsPerEpoch)} | ${fmt(row.pytorchCpuMsPerEpoch)} | ${fmt(row.pytorchGflops, 1)} | ${fmt(row.ratio, 2)} | ${fmt(row.cpuRatio, 2)} | ${fmt(row.load, 1)} | ${fmt(row.busyElsewhere ?? null, 2)} |`,
      );
    }
    lines.push("");
  }
  lines.push(
    "GFLOP/s counts the matrix products of forward and backward (`bench/lib.ts`, `flopsPerBatch`): a one-hot input product counts " +
      "only where it is computed (PyTorch's book formulation and the concise models), not for our row lookups.",
    "",
  );
  return lines.join("\n");
}

/** What the summary says per model, at the book's settings (hidden 256, 35 steps). */
export interface ModelSummary {
  readonly model: Cell;
  /** Scratch, one worker, the library's default thread count (older results: the most threads of the run). */
  readonly default?: Row;
  /** Our fastest row of any implementation and configuration. */
  readonly fastest?: Row;
  /** PyTorch's fastest time over the model's rows, and which implementation it was. */
  readonly torchFastest: { readonly ms: number; readonly impl: Impl } | null;
  /** The wasm floor: our products' FLOPs per epoch at the run's roofline, ms. */
  readonly floorMs: number;
  /**
   * The same FLOPs at the median rate of the product in the default row's own process, measured
   * right after its epochs (whose median it is compared with); absent where the row did not measure it.
   */
  readonly ownFloorMs?: number;
}

/**
 * The floor of our scratch models on wasm: the FLOPs of their matrix products per epoch
 * (`flopsPerBatch` without input products: ours look rows up) at the roofline of the same run,
 * the best GFLOP/s of the output layer's product on the backend's matMul (our GEMM on wasm).
 * Smaller products (the per-step ones) run below that rate, so no real run reaches it.
 */
export function wasmFloorMs(model: Cell, batchesPerEpoch: number, vocabSize: number, rooflineGflops: number): number {
  const flops = batchesPerEpoch * flopsPerBatch(model, BOOK.hidden, BOOK.numSteps, vocabSize, BOOK.batchSize, false);
  return (flops / (rooflineGflops * 1e9)) * 1000;
}

export function modelSummary(rows: readonly Row[], batchesPerEpoch: number, vocabSize: number, rooflineGflops: number): ModelSummary[] {
  const book = rows.filter((row) => row.group === "book");
  const most = Math.max(0, ...book.map((row) => row.threads ?? 1));
  const marked = book.some((row) => row.defaultThreads === true);
  const models = [...new Set(book.map((row) => row.model))];
  return models.map((model) => {
    const mine = book.filter((row) => row.model === model);
    const fastest = [...mine].sort((x, y) => x.msPerEpoch - y.msPerEpoch)[0];
    const torch = mine
      .filter((row) => row.pytorchMsPerEpoch !== null)
      .sort((x, y) => (x.pytorchMsPerEpoch as number) - (y.pytorchMsPerEpoch as number))[0];
    const byDefault = mine.find(
      (row) => row.impl === "scratch" && row.workers === 1 && (marked ? row.defaultThreads === true : (row.threads ?? 1) === most),
    );
    const own = byDefault?.roofline?.median;
    return {
      model,
      default: byDefault,
      fastest,
      torchFastest: torch === undefined ? null : { ms: torch.pytorchMsPerEpoch as number, impl: torch.impl },
      floorMs: wasmFloorMs(model, batchesPerEpoch, vocabSize, rooflineGflops),
      ...(own === undefined ? {} : { ownFloorMs: wasmFloorMs(model, batchesPerEpoch, vocabSize, own) }),
    };
  });
}

/** "scratch, 2 threads" or "scratch, workers 2": how one of our rows was run. */
export function configOf(row: Row): string {
  const threads = row.threads ?? 1;
  return `${row.impl}, ${row.workers > 1 ? `workers ${row.workers}` : `${threads} thread${threads === 1 ? "" : "s"}`}`;
}

const torchName = (impl: Impl) => (impl === "scratch" ? "scratch" : "nn.*");
const ratio = (a: number | undefined, b: number | null | undefined) => (a === undefined || b === null || b === undefined ? null : a / b);

/** The summary table: per model, ours beside PyTorch's scratch code, PyTorch's fastest (nn.*) and the wasm floor. */
function summaryLines(r: Results): string[] {
  const batches = Number(r.machine.batchesPerEpoch ?? 0);
  const V = Number(r.machine.vocabSize ?? 0);
  const summary = modelSummary(r.rows, batches, V, r.matmulGflops);
  if (summary.length === 0 || batches === 0) return [];
  const lines = ["## Per model at the book's settings", ""];
  lines.push(
    `Ours beside PyTorch in ms per epoch, each row's two sides measured back to back. The wasm floor is our products' ` +
      `FLOPs per epoch at this run's roofline (${r.matmulGflops.toFixed(1)} GFLOP/s). Ratios below 1 mean we are faster.`,
    "",
  );
  const xnnpack = r.xnnpackMatmulGflops;
  if (xnnpack !== undefined)
    lines.push(
      `The XNNPACK floor is the same FLOPs at the rate of tfjs's own matMul in this run (${xnnpack.toFixed(1)} GFLOP/s), the floor of runs before our GEMM.`,
      "",
    );
  const extra = xnnpack === undefined ? ["", ""] : [" XNNPACK floor | default / XNNPACK floor |", " ---: | ---: |"];
  lines.push(
    "| model | ours, default | PyTorch scratch | ratio | CPU ratio | our fastest | ms | PyTorch fastest | ms | fastest / fastest | wasm floor | default / floor | fastest / floor |" +
      extra[0],
  );
  lines.push("| --- | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |" + extra[1]);
  for (const s of summary) {
    const d = s.default;
    const f = s.fastest;
    const old = xnnpack === undefined ? undefined : (s.floorMs * r.matmulGflops) / xnnpack;
    lines.push(
      `| ${s.model} | ${fmt(d?.msPerEpoch ?? null)} | ${fmt(d?.pytorchMsPerEpoch ?? null)} | ${fmt(d?.ratio ?? null, 2)} | ${fmt(d?.cpuRatio ?? null, 2)} | ` +
        `${f === undefined ? "—" : configOf(f)} | ${fmt(f?.msPerEpoch ?? null)} | ${s.torchFastest === null ? "—" : torchName(s.torchFastest.impl)} | ${fmt(s.torchFastest?.ms ?? null)} | ` +
        `${fmt(ratio(f?.msPerEpoch, s.torchFastest?.ms), 2)} | ${fmt(s.floorMs)} | ${fmt(ratio(d?.msPerEpoch, s.floorMs), 2)} | ${fmt(ratio(f?.msPerEpoch, s.floorMs), 2)} |` +
        (old === undefined ? "" : ` ${fmt(old)} | ${fmt(ratio(d?.msPerEpoch, old), 2)} |`),
    );
  }
  lines.push("");
  lines.push(...ownFloorLines(summary));
  return lines;
}

/**
 * The default rows against the product's rate in their own processes: the host's speed moves
 * between processes and within a run, and the run's roofline is one best call in the parent.
 */
function ownFloorLines(summary: readonly ModelSummary[]): string[] {
  const measured = summary.filter((s) => s.ownFloorMs !== undefined && s.default?.roofline !== undefined);
  if (measured.length === 0) return [];
  const lines = [
    "The same product timed in each default row's own process right after its epochs (best call and median call, GFLOP/s), " +
      "and the floor at the median rate, the statistic of the epochs it is set against:",
    "",
    "| model | own roofline, best | own roofline, median | floor at the median | default / that floor |",
    "| --- | ---: | ---: | ---: | ---: |",
  ];
  for (const s of measured) {
    const own = s.default?.roofline as Roofline;
    lines.push(
      `| ${s.model} | ${own.best.toFixed(1)} | ${own.median.toFixed(1)} | ${fmt(s.ownFloorMs ?? null)} | ${fmt(ratio(s.default?.msPerEpoch, s.ownFloorMs), 2)} |`,
    );
  }
  lines.push("");
  return lines;
}

/** Command-line options. */
export interface BenchArgs {
  readonly quick: boolean;
  readonly pytorch: boolean;
  readonly outDir: string;
  /** Only rows whose "model/impl" matches (a substring), e.g. "rnn/scratch". */
  readonly only: string | undefined;
  /** Busy-loop processes the bench keeps running beside every row (0: none), to measure under load. */
  readonly busy: number;
}

export const BENCH_USAGE = `usage: npm run bench [-- options]
  --quick          one timed epoch per row, fewer rows (about a minute and a half)
  --no-pytorch     our side only
  --only TEXT      only the rows whose "model/impl" contains TEXT (rnn, gru/concise, lstm/scratch …)
  --out DIR        write latest.json and latest.md to DIR (default bench/results); DIR must be new,
                   empty or an earlier output of npm run bench
  --busy N         keep N busy-loop processes running beside every row (a measurement under load;
                   such a run is never representative: give it an --out of its own)
  --help           this text`;

/** Reads the command line; `"help"` for --help. Throws on an unknown argument or a missing value. */
export function parseArgs(argv: readonly string[]): BenchArgs | "help" {
  let quick = false;
  let pytorch = true;
  let outDir = "bench/results";
  let only: string | undefined;
  let busy = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (what: string) => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--"))
        throw new Error(`bench: ${a}: expected ${what}, got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
      return v;
    };
    if (a === "--help" || a === "-h") return "help";
    else if (a === "--quick") quick = true;
    else if (a === "--no-pytorch") pytorch = false;
    else if (a === "--out") outDir = value("a folder");
    else if (a === "--only") only = value("a model/impl such as rnn/scratch");
    else if (a === "--busy") {
      const v = value("a number of processes from 0 to 8");
      busy = /^\d+$/.test(v) ? Number(v) : NaN;
      if (!(busy >= 0 && busy <= 8)) throw new Error(`bench: --busy: expected a number of processes from 0 to 8, got ${JSON.stringify(v)}`);
    } else
      throw new Error(
        `bench: unknown argument ${JSON.stringify(a)}; expected --quick, --no-pytorch, --out DIR, --only MODEL/IMPL, --busy N or --help`,
      );
  }
  return { quick, pytorch, outDir, only, busy };
}

/** The specs whose "model/impl" contains `only` (all without it); none matching is an error naming the choices. */
export function selectSpecs(specs: readonly RunSpec[], only: string | undefined): RunSpec[] {
  if (only === undefined) return [...specs];
  const chosen = specs.filter((s) => `${s.model}/${s.impl}`.includes(only));
  if (chosen.length === 0) {
    const names = [...new Set(specs.map((s) => `${s.model}/${s.impl}`))].join(", ");
    throw new Error(
      `bench: --only: expected text contained in one of ${names}, got ${JSON.stringify(only)} (matches no row; nothing was run or written)`,
    );
  }
  return chosen;
}
