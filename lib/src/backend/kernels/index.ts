/**
 * Corrected kernels for tfjs-backend-wasm 4.22.0, registered by `backend()` when it picks wasm.
 *
 * - BatchMatMul and _FusedMatMul: every float32 product on our GEMM (`gemm.ts`: XNNPACK's numbers,
 *   ~1.5x its rate; transposed and batched products no longer take the stock naive loop, ~12x slower).
 * - UnsortedSegmentSum: missing on wasm; the gradient of `tf.gather` (embedding lookups) needs it.
 * - Slice, Unpack, SplitV: the stock ones copy the whole input off the heap for every slice.
 * - GatherV2 along axis 0: row copies instead of a per-element loop (~80x faster lookups).
 * - Identity: shares the data (refcounted) instead of copying it; tfjs clones every tensor that
 *   a gradient needs, so the stock kernel copied each weight matrix once per step and use.
 * - Sum over leading axes (bias gradients): rows added in place instead of a transpose first.
 * - Tanh: musl's tanhf four lanes at a time (the stock kernel's numbers, ~10x faster).
 * - Sigmoid: XNNPACK's method four lanes at a time on the calling thread (its numbers, without its
 *   thread pool's wake-up).
 * - Square: x ⊙ x four lanes at a time (the stock kernel's numbers).
 * - Sum, Mean, Prod, Max, Min, All, Any of an empty tensor: the cpu backend's values instead of
 *   whatever the heap held (`empty-reduction.ts`).
 * - Cast to bool: x ≠ 0 (the stock kernel truncated the values into bytes: 0.5 was false).
 * - D2lRnnForward / D2lRnnBackward, D2lGruForward / D2lGruBackward, D2lLstmForward /
 *   D2lLstmBackward (ours): the recurrent time loops on our GEMM, tanh, σ and vector ops.
 * - D2lCrossEntropyGrad (ours): (softmax − oneHot) · dy/N in one vectorised pass.
 * - D2lGatherBlocks / D2lGatherBlocksGrad (ours): the token lookups of a layer's gates, side by
 *   side, without the concatenation and its split.
 * - D2lSumOfSquares / D2lSgdUpdate (ours): the clipping norm's Σ g² and the clipped SGD update
 *   param − (g · scale) · lr, each in one pass.
 *
 * They read private fields of the wasm backend, so they are registered only for the exact tfjs
 * version they were written and tested against; any other version is refused with a warning.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelFn } from "./wasm-internals";
import { batchMatMulKernel, fusedMatMulKernel } from "./mat-mul";
import { unsortedSegmentSumKernel } from "./unsorted-segment-sum";
import { sliceKernel, splitVKernel, unpackKernel } from "./slice";
import { gatherV2Kernel } from "./gather";
import { identityKernel } from "./identity";
import { sumKernel } from "./sum";
import { tanhKernel } from "./tanh";
import { sigmoidKernel } from "./sigmoid";
import { squareKernel } from "./square";
import { EMPTY_REDUCTIONS, emptyReductionKernel } from "./empty-reduction";
import { castKernel } from "./cast";
import { RNN_BACKWARD, RNN_FORWARD, rnnBackwardKernel, rnnForwardKernel } from "./recurrence";
import { GRU_BACKWARD, GRU_FORWARD, gruBackwardKernel, gruForwardKernel } from "./gru-recurrence";
import { LSTM_BACKWARD, LSTM_FORWARD, lstmBackwardKernel, lstmForwardKernel } from "./lstm-recurrence";
import { CROSS_ENTROPY_GRAD, crossEntropyGradKernel } from "./cross-entropy-grad";
import {
  GATHER_BLOCKS,
  GATHER_BLOCKS_GRAD,
  GATHER_PACKED,
  GATHER_PACKED_GRAD,
  gatherBlocksGradKernel,
  gatherBlocksKernel,
  gatherPackedGradKernel,
  gatherPackedKernel,
} from "./gather-blocks";
import { SGD_UPDATE, SUM_OF_SQUARES, sgdUpdateKernel, sumOfSquaresKernel } from "./update";

/** The tfjs version (core and wasm backend) these kernels rely on. */
export const PINNED_TFJS_VERSION = "4.22.0";

export interface WasmKernelReport {
  /** True when the corrected kernels are in place. */
  readonly registered: boolean;
  /** The kernel names replaced or added on wasm. */
  readonly kernels: readonly string[];
  /** One sentence: what was done, or why nothing was. */
  readonly reason: string;
}

type Stock = { readonly name: string; readonly config: tf.KernelConfig | undefined };

let report: WasmKernelReport | undefined;
let stock: readonly Stock[] = [];
let patched: readonly tf.KernelConfig[] = [];

/** The installed versions of tfjs-core and tfjs-backend-wasm. */
export function tfjsVersions(): { readonly core: string; readonly wasm: string } {
  const wasm = (require("@tensorflow/tfjs-backend-wasm") as { version_wasm: string }).version_wasm;
  return { core: tf.version_core, wasm };
}

/** Why the kernels must not be registered with these versions (a warning line), or undefined. */
export function pinnedVersionProblem(versions: { readonly core: string; readonly wasm: string }): string | undefined {
  const { core, wasm } = versions;
  if (core === PINNED_TFJS_VERSION && wasm === PINNED_TFJS_VERSION) return undefined;
  return (
    `d2lzh: the wasm kernel fixes were written for tfjs ${PINNED_TFJS_VERSION}, found tfjs-core ${core} and ` +
    `tfjs-backend-wasm ${wasm}: NOT registered (transposed matMuls stay ~12x slower, gather has no gradient on wasm)`
  );
}

/**
 * Replaces tfjs-backend-wasm's BatchMatMul, _FusedMatMul, Slice, Unpack, SplitV, GatherV2,
 * Identity, Sum, Tanh, Sigmoid, Square, Mean, Prod, Max, Min, All, Any and Cast, and adds UnsortedSegmentSum, our time-loop kernels (RNN, GRU, LSTM), D2lCrossEntropyGrad, the lookups and the update step's kernels
 * (once per process; later calls return the first report).
 * With a tfjs other than 4.22.0 nothing is registered and a warning goes to stderr.
 */
export function registerWasmKernels(): WasmKernelReport {
  if (report !== undefined) return report;
  const problem = pinnedVersionProblem(tfjsVersions());
  if (problem !== undefined) {
    console.warn(problem);
    report = { registered: false, kernels: [], reason: problem };
    return report;
  }
  const original = (name: string) => tf.getKernel(name, "wasm");
  const matMul = original("BatchMatMul");
  const fused = original("_FusedMatMul");
  // Stock kernels wrapped by ours, which fall back to them.
  const wrapped: ReadonlyArray<readonly [string, (stock: KernelFn) => KernelFn]> = [
    ["Slice", sliceKernel],
    ["Unpack", unpackKernel],
    ["SplitV", splitVKernel],
    ["GatherV2", gatherV2Kernel],
    ["Identity", identityKernel],
    ["Sum", (stock) => emptyReductionKernel("Sum", sumKernel(stock))],
    ["Tanh", tanhKernel],
    ["Sigmoid", sigmoidKernel],
    ["Square", squareKernel],
    ...EMPTY_REDUCTIONS.filter((name) => name !== "Sum").map(
      (name) => [name, (stock: KernelFn) => emptyReductionKernel(name, stock)] as const,
    ),
    ["Cast", castKernel],
  ];
  if (matMul === undefined || fused === undefined || wrapped.some(([name]) => original(name) === undefined)) {
    throw new Error("registerWasmKernels: the wasm backend is not loaded (require @tensorflow/tfjs-backend-wasm first)");
  }
  const batchMatMul = batchMatMulKernel(matMul.kernelFunc as unknown as KernelFn);
  const configs: tf.KernelConfig[] = [
    { ...matMul, kernelFunc: batchMatMul as unknown as tf.KernelFunc },
    { ...fused, kernelFunc: fusedMatMulKernel(fused.kernelFunc as unknown as KernelFn) as unknown as tf.KernelFunc },
    { kernelName: "UnsortedSegmentSum", backendName: "wasm", kernelFunc: unsortedSegmentSumKernel as unknown as tf.KernelFunc },
    { kernelName: RNN_FORWARD, backendName: "wasm", kernelFunc: rnnForwardKernel as unknown as tf.KernelFunc },
    { kernelName: RNN_BACKWARD, backendName: "wasm", kernelFunc: rnnBackwardKernel as unknown as tf.KernelFunc },
    { kernelName: GRU_FORWARD, backendName: "wasm", kernelFunc: gruForwardKernel as unknown as tf.KernelFunc },
    { kernelName: GRU_BACKWARD, backendName: "wasm", kernelFunc: gruBackwardKernel as unknown as tf.KernelFunc },
    { kernelName: LSTM_FORWARD, backendName: "wasm", kernelFunc: lstmForwardKernel as unknown as tf.KernelFunc },
    { kernelName: LSTM_BACKWARD, backendName: "wasm", kernelFunc: lstmBackwardKernel as unknown as tf.KernelFunc },
    { kernelName: CROSS_ENTROPY_GRAD, backendName: "wasm", kernelFunc: crossEntropyGradKernel as unknown as tf.KernelFunc },
    { kernelName: GATHER_BLOCKS, backendName: "wasm", kernelFunc: gatherBlocksKernel as unknown as tf.KernelFunc },
    { kernelName: GATHER_BLOCKS_GRAD, backendName: "wasm", kernelFunc: gatherBlocksGradKernel as unknown as tf.KernelFunc },
    { kernelName: GATHER_PACKED, backendName: "wasm", kernelFunc: gatherPackedKernel as unknown as tf.KernelFunc },
    { kernelName: GATHER_PACKED_GRAD, backendName: "wasm", kernelFunc: gatherPackedGradKernel as unknown as tf.KernelFunc },
    { kernelName: SUM_OF_SQUARES, backendName: "wasm", kernelFunc: sumOfSquaresKernel as unknown as tf.KernelFunc },
    { kernelName: SGD_UPDATE, backendName: "wasm", kernelFunc: sgdUpdateKernel as unknown as tf.KernelFunc },
    ...wrapped.map(([name, make]) => {
      const config = original(name) as tf.KernelConfig;
      return { ...config, kernelFunc: make(config.kernelFunc as unknown as KernelFn) as unknown as tf.KernelFunc };
    }),
  ];
  stock = configs.map((c) => ({ name: c.kernelName, config: original(c.kernelName) }));
  patched = configs;
  install(patched);
  report = {
    registered: true,
    kernels: configs.map((c) => c.kernelName),
    reason: `corrected wasm kernels for tfjs ${PINNED_TFJS_VERSION}: ${configs.map((c) => c.kernelName).join(", ")}`,
  };
  return report;
}

/**
 * Runs `fn` with tfjs's own wasm kernels in place of ours (for comparisons and benchmarks), then
 * puts ours back. Without registered kernels it just runs `fn`.
 */
export function withStockWasmKernels<T>(fn: () => T): T {
  if (!report?.registered) return fn();
  uninstall(patched.map((c) => c.kernelName));
  stock.forEach((s) => s.config !== undefined && tf.registerKernel(s.config));
  try {
    return fn();
  } finally {
    uninstall(stock.filter((s) => s.config !== undefined).map((s) => s.name));
    install(patched);
  }
}

function install(configs: readonly tf.KernelConfig[]): void {
  uninstall(configs.map((c) => c.kernelName));
  configs.forEach((c) => tf.registerKernel(c));
}

function uninstall(names: readonly string[]): void {
  for (const name of names) if (tf.getKernel(name, "wasm") !== undefined) tf.unregisterKernel(name, "wasm");
}
