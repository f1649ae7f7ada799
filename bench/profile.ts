/**
 * `npx tsx bench/profile.ts [rnn gru lstm] [--epochs N] [--loops] [--fused-concise]`: where the time
 * of a scratch model's training epoch goes on wasm, at the book's settings (bench/README.md, "Where
 * the time goes"). `--loops` takes our time-loop kernels out first, so the loops run op by op (as
 * before them); `--fused-concise` profiles the concise model on `d2l.FusedRecurrent` instead.
 *
 * Every wasm kernel is wrapped with a timer, and so are the backend's C++ functions that our
 * kernels call directly (looked up with `cwrap` after start-up), so each call's own time (its callees' taken out) lands in one of:
 * products (our GEMM: the MatMul kernels and the per-step products inside the time loops), element-wise (arithmetic, σ, tanh, reductions), loss (softmax and
 * the cross-entropy gradient), copies (slices, concatenations, transposes, lookups, casts), the
 * time-loop kernels' own JS (views and column copies), other kernels; what the epoch took beyond
 * all kernels is tfjs's engine (tensor bookkeeping, the gradient tape, tidy) and the trainer's JS.
 * The timers add about a microsecond per call, so the engine share is slightly overstated.
 * A time loop split by rows (`row-split.ts`) is timed on this thread only: its own block of rows,
 * and the calls it records for the helper's block (each counted, at a fraction of a µs), while the
 * helper's block runs beside it unseen, so the loops' figures are about half their work.
 * One warm-up epoch, then the median of the timed ones. A diagnostic: the bench's figures come from
 * `npm run bench`, without the timers.
 */
import * as tf from "@tensorflow/tfjs";
import * as path from "node:path";
import * as d2l from "d2lzh";
import { BOOK, Cell, Impl } from "./lib";

type Category = "products" | "element-wise" | "loss" | "copies" | "time-loop kernels' JS" | "other kernels";

const CATEGORY: Record<string, Category> = {
  BatchMatMul: "products",
  _FusedMatMul: "products",
  "gemm in time loops": "products",
  Softmax: "loss",
  D2lCrossEntropyGrad: "loss",
  LogSoftmax: "loss",
  Slice: "copies",
  Concat: "copies",
  Transpose: "copies",
  GatherV2: "copies",
  UnsortedSegmentSum: "copies",
  Unpack: "copies",
  SplitV: "copies",
  Identity: "copies",
  Reshape: "copies",
  Cast: "copies",
  Fill: "copies",
  ZerosLike: "copies",
  OnesLike: "copies",
  Pack: "copies",
  OneHot: "copies",
  D2lGatherBlocks: "copies",
  D2lGatherBlocksGrad: "copies",
  D2lRnnForward: "time-loop kernels' JS",
  D2lRnnBackward: "time-loop kernels' JS",
  D2lGruForward: "time-loop kernels' JS",
  D2lGruBackward: "time-loop kernels' JS",
  D2lLstmForward: "time-loop kernels' JS",
  D2lLstmBackward: "time-loop kernels' JS",
};
const ELEMENTWISE = new Set([
  "Add",
  "AddN",
  "Sub",
  "Multiply",
  "RealDiv",
  "Sigmoid",
  "Tanh",
  "Square",
  "Sqrt",
  "Neg",
  "Exp",
  "Log",
  "Relu",
  "Maximum",
  "Minimum",
  "Greater",
  "Sum",
  "Max",
  "Mean",
  "Prod",
  "Step",
  "Abs",
  "D2lSumOfSquares",
  "D2lSgdUpdate",
  "cpp elementwise",
  "tanh in time loops",
  "σ in time loops",
  "our vector ops",
]);
const categoryOf = (name: string): Category => CATEGORY[name] ?? (ELEMENTWISE.has(name) ? "element-wise" : "other kernels");

/** Own time (ms) and calls per kernel name; a stack takes callees' time out of their callers'. */
const own = new Map<string, { ms: number; calls: number }>();
const stack: number[] = []; // time spent in callees of each open call

function timed<F extends (...args: never[]) => unknown>(name: string, fn: F): F {
  return ((...args: never[]) => {
    const t0 = performance.now();
    stack.push(0);
    try {
      return fn(...args);
    } finally {
      const total = performance.now() - t0;
      const inner = stack.pop() as number;
      if (stack.length > 0) stack[stack.length - 1] += total;
      const e = own.get(name) ?? { ms: 0, calls: 0 };
      e.ms += total - inner;
      e.calls += 1;
      own.set(name, e);
    }
  }) as F;
}

function wrapKernels(): void {
  for (const config of tf.getKernelsForBackend("wasm")) {
    tf.unregisterKernel(config.kernelName, "wasm");
    tf.registerKernel({ ...config, kernelFunc: timed(config.kernelName, config.kernelFunc) });
  }
  // Our kernels look the C++ functions up with `cwrap` on first use (after this point): time those.
  const wasm = (tf.backend() as unknown as { wasm: { cwrap: (name: string, ...rest: unknown[]) => (...args: never[]) => unknown } }).wasm;
  const cwrap = wasm.cwrap.bind(wasm);
  wasm.cwrap = (name, ...rest) => timed("cpp elementwise", cwrap(name, ...rest));
  // The time loops call our product, tanh, σ and vector ops through these modules'
  // exports (CommonJS reads the property at each call): the very files d2lzh loaded, so replacing
  // the exports times them.
  const dist = path.join(__dirname, "..", "lib", "dist", "backend", "kernels");
  const exportsOf = (file: string) => require(path.join(dist, file)) as Record<string, (...args: never[]) => unknown>;
  const [gemm, tanh, sigmoid, vectors] = ["gemm.js", "tanh.js", "sigmoid.js", "vectors.js"].map(exportsOf);
  gemm.timesWeights = timed("gemm in time loops", gemm.timesWeights);
  tanh.tanhInto = timed("tanh in time loops", tanh.tanhInto);
  tanh.tanhRowsInto = timed("tanh in time loops", tanh.tanhRowsInto);
  sigmoid.sigmoidInto = timed("σ in time loops", sigmoid.sigmoidInto);
  sigmoid.sigmoidRowsInto = timed("σ in time loops", sigmoid.sigmoidRowsInto);
  for (const name of ["addInto", "mulInto", "oneMinusInto", "addRowsInto", "subRowsInto", "mulRowsInto", "oneMinusRowsInto", "runPass"]) {
    vectors[name] = timed("our vector ops", vectors[name]);
  }
}

async function profile(cell: Cell, epochs: number, impl: Impl): Promise<void> {
  const corpus = await d2l.loadDataJayLyrics();
  const sizes = { cell, vocabSize: corpus.vocabSize, numHiddens: BOOK.hidden, rng: d2l.seed(0) };
  const model: d2l.LanguageModel = impl === "scratch" ? d2l.scratchModel(sizes) : d2l.conciseModel({ ...sizes, layer: "kernels" });
  const perEpoch: { wall: number; kernels: Map<string, { ms: number; calls: number }> }[] = [];
  let t0 = performance.now();
  await d2l.trainAndPredictRnn({
    model,
    corpus,
    numEpochs: epochs + 1,
    numSteps: BOOK.numSteps,
    numHiddens: BOOK.hidden,
    batchSize: BOOK.batchSize,
    lr: BOOK.lr,
    theta: BOOK.theta,
    predPeriod: 1e6,
    quiet: true,
    onProgress: () => {
      const t = performance.now();
      perEpoch.push({ wall: t - t0, kernels: new Map([...own].map(([k, v]) => [k, { ...v }])) });
      own.clear();
      t0 = performance.now();
    },
  });
  model.dispose();
  const timed = perEpoch.slice(1).sort((a, b) => a.wall - b.wall);
  const median = timed[Math.floor((timed.length - 1) / 2)];
  const byCategory = new Map<string, number>();
  let calls = 0;
  for (const [name, { ms, calls: n }] of median.kernels) {
    byCategory.set(categoryOf(name), (byCategory.get(categoryOf(name)) ?? 0) + ms);
    if (!name.startsWith("cpp ") && !name.includes(" in time loops")) calls += n; // tfjs kernels only
  }
  const inKernels = [...byCategory.values()].reduce((a, b) => a + b, 0);
  byCategory.set("engine and trainer JS", median.wall - inKernels);
  console.log(
    `\n${cell} (${impl}): ${median.wall.toFixed(0)} ms per epoch (median of ${timed.length}), ${calls} kernel calls, ${d2l.wasmThreadsInUse()} wasm threads`,
  );
  for (const [k, ms] of [...byCategory].sort((a, b) => b[1] - a[1]))
    console.log(`  ${k.padEnd(24)} ${ms.toFixed(0).padStart(6)} ms  ${((100 * ms) / median.wall).toFixed(0).padStart(3)} %`);
  const top = [...median.kernels].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(process.env.PROFILE_TOP ?? 8));
  console.log("  top: " + top.map(([k, v]) => `${k} ${v.ms.toFixed(0)} ms/${v.calls}`).join(", "));
}

async function main(argv: readonly string[]): Promise<void> {
  const cells = argv.filter((a): a is Cell => a === "rnn" || a === "gru" || a === "lstm");
  const at = argv.indexOf("--epochs");
  const epochs = at >= 0 ? Number(argv[at + 1]) : 3;
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`profile: --epochs: expected a positive integer, got ${argv[at + 1]}`);
  const known = new Set(["rnn", "gru", "lstm", "--epochs", "--loops", "--fused-concise"]);
  const unknown = argv.filter((a, i) => !known.has(a) && !(at >= 0 && i === at + 1));
  if (unknown.length > 0) {
    throw new Error(`profile: arguments: expected rnn, gru, lstm, --epochs N, --loops or --fused-concise, got ${unknown.join(", ")}`);
  }
  const info = await d2l.backend({ quiet: true, wasmThreads: process.env.D2L_WASM_THREADS ? undefined : d2l.defaultWasmThreads() });
  if (info.name !== "wasm") throw new Error(`profile: expected the wasm backend, got ${info.name}`);
  if (argv.includes("--loops")) {
    for (const cell of ["Rnn", "Gru", "Lstm"]) for (const way of ["Forward", "Backward"]) tf.unregisterKernel(`D2l${cell}${way}`, "wasm");
  }
  wrapKernels();
  const impl: Impl = argv.includes("--fused-concise") ? "fused-concise" : "scratch";
  for (const cell of cells.length > 0 ? cells : (["rnn", "gru", "lstm"] as const)) await profile(cell, epochs, impl);
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
