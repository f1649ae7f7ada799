/**
 * MatMul on wasm without the slow path.
 *
 * tfjs-backend-wasm 4.22 sends a product to XNNPACK only when neither operand is transposed and
 * both have batch 1; everything else (every `matMul(a, b, true, false)` of a backward pass, every
 * batched product) runs a naive blocked loop about 12x slower. Here the operands are transposed
 * explicitly first (a memory-bound copy), and a batched product runs XNNPACK once per batch
 * entry on views into the operands' data, so that every product takes the fast path.
 *
 * The fused variant (`tf.fused.matMul`: product + bias + activation) takes the same route and then
 * adds the bias and applies the activation with the stock wasm kernels; the stock slow path also
 * broadcasts a bias wrongly (every row past the first gets the last bias element).
 */
import * as tf from "@tensorflow/tfjs";
import {
  Info,
  KernelArgs,
  KernelFn,
  WasmBackend,
  cppCalls,
  dropView,
  heapOffset,
  makeView,
  release,
  shapeBytes,
  sizeOf,
  wasmKernel,
} from "./wasm-internals";
import { wasmThreadsInUse } from "./wasm-threads";

type Product = {
  readonly outShape: number[]; // [...batch, M, N]
  readonly batchShape: number[];
  readonly M: number;
  readonly K: number;
  readonly N: number;
};

/** Shapes of `op(a) · op(b)` with tfjs's messages for mismatches. */
function productShape(a: Info, b: Info, transposeA: boolean, transposeB: boolean): Product {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const M = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const K = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const Kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const N = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (K !== Kb) {
    throw new Error(
      `Error in matMul: inner shapes (${K}) and (${Kb}) of Tensors with shapes ${a.shape} and ` +
        `${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const batchShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return { outShape: [...batchShape, M, N], batchShape, M, K, N };
}

/** Swaps the last two axes with the stock Transpose kernel (a new tensor the caller releases). */
function swapLastTwo(backend: WasmBackend, x: Info): Info {
  const r = x.shape.length;
  const perm = [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2];
  return wasmKernel("Transpose")({ inputs: { x }, backend, attrs: { perm } }) as Info;
}

/** A float32 output of the given shape filled with zeros. */
function zeros(backend: WasmBackend, shape: number[]): Info {
  const out = backend.makeOutput(shape, "float32");
  if (sizeOf(shape) > 0) backend.typedArrayFromHeap(out).fill(0);
  return out;
}

/** Where batch entry `i` of the (broadcast) output reads its operand: index into its own batch. */
function sourceIndex(i: number, outBatch: number[], ownBatch: number[]): number {
  let index = 0;
  let stride = 1;
  let rest = i;
  const offset = outBatch.length - ownBatch.length;
  for (let d = outBatch.length - 1; d >= 0; d--) {
    const coord = rest % outBatch[d];
    rest = Math.floor(rest / outBatch[d]);
    const own = d - offset;
    if (own >= 0) {
      if (ownBatch[own] !== 1) index += coord * stride;
      stride *= ownBatch[own];
    }
  }
  return index;
}

/**
 * Batched `a [..., M, K] · b [..., K, N]` (no transposes, batch shapes broadcast): XNNPACK on each
 * batch entry, through views into a, b and the output.
 */
function batchedPlain(backend: WasmBackend, a: Info, b: Info, p: Product): Info {
  const { M, K, N, batchShape } = p;
  const out = backend.makeOutput(p.outShape, "float32");
  const run = cppCalls(backend).batchMatMul;
  const aBase = heapOffset(backend, a);
  const bBase = heapOffset(backend, b);
  const oBase = heapOffset(backend, out);
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const aShape = shapeBytes([1, M, K]);
  const bShape = shapeBytes([1, K, N]);
  const outBatch = sizeOf(batchShape);
  for (let i = 0; i < outBatch; i++) {
    const ia = sourceIndex(i, batchShape, aBatch);
    const ib = sourceIndex(i, batchShape, bBatch);
    const aView = makeView(backend, aBase + 4 * ia * M * K, M * K);
    const bView = makeView(backend, bBase + 4 * ib * K * N, K * N);
    const oView = makeView(backend, oBase + 4 * i * M * N, M * N);
    try {
      run(aView, aShape, 3, bView, bShape, 3, false, false, oView);
    } finally {
      // Dropping bView also deletes the XNNPACK operator cached on it.
      dropView(backend, aView);
      dropView(backend, bView);
      dropView(backend, oView);
    }
  }
  return out;
}

/** The corrected BatchMatMul kernel; `stock` is tfjs's wasm kernel, used for the fast case. */
export function batchMatMulKernel(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const { backend } = args;
    const a = args.inputs.a as Info;
    const b = args.inputs.b as Info;
    const transposeA = Boolean(args.attrs.transposeA);
    const transposeB = Boolean(args.attrs.transposeB);
    if (a.dtype !== "float32" || b.dtype !== "float32") return stock(args); // stock's error
    const p = productShape(a, b, transposeA, transposeB);
    if (sizeOf(p.outShape) === 0 || p.K === 0) return zeros(backend, p.outShape);
    const single = sizeOf(a.shape.slice(0, -2)) === 1 && sizeOf(b.shape.slice(0, -2)) === 1;
    if (single && !transposeA && !transposeB) return stock(args);
    if (single && swapIsCheaper(p, transposeA, transposeB, wasmThreadsInUse()))
      return swapped(stock, backend, a, b, p, transposeA, transposeB);
    const temps: Info[] = [];
    try {
      const aPlain = transposeA ? keep(temps, swapLastTwo(backend, a)) : a; // [..., M, K]
      const bPlain = transposeB ? keep(temps, swapLastTwo(backend, b)) : b; // [..., K, N]
      if (!single) return batchedPlain(backend, aPlain, bPlain, p);
      const out = stock({ inputs: { a: aPlain, b: bPlain }, backend, attrs: { transposeA: false, transposeB: false } }) as Info;
      out.shape = p.outShape;
      return out;
    } finally {
      temps.forEach((t) => release(backend, t));
    }
  };
}

/**
 * The memory traffic of the two ways to reach XNNPACK's `L [M', K] · R [K, N']`: directly
 * (L = op(a), R = op(b)), or swapped, `op(a)·op(b) = (op(b)ᵀ · op(a)ᵀ)ᵀ`, which pays a transpose
 * of the output but packs op(a)ᵀ instead of op(b). R is packed on every call whose R is a new
 * tensor, and tfjs packs it with a transposing (strided) read, which costs about twice a plain
 * transpose per element (measured on [1120, 1027]: 2.4 ms against 1.2 ms per million elements).
 * That holds when XNNPACK runs on several threads (the product itself is then short): in a
 * backward pass `Hᵀ · dY` with H [1120, 256] and dY [1120, 1027] is cheaper swapped (13.3 against
 * 15.6 ms a call with two threads). On one thread the product dominates and the swapped product
 * ([1027, 1120]·[1120, 256]) is the slower one (about 40 against 26–32 ms), so there the pack
 * counts as one transpose. `dY · W_qᵀ` is cheaper direct either way.
 */
function swapIsCheaper(p: Product, transposeA: boolean, transposeB: boolean, threads: number): boolean {
  const { M, K, N } = p;
  const pack = threads > 1 ? 2 : 1;
  const direct = (transposeA ? M * K : 0) + (transposeB ? K * N : 0) + pack * K * N;
  const swap = (transposeB ? 0 : K * N) + (transposeA ? 0 : M * K) + pack * M * K + M * N;
  return swap < direct;
}

/** `(op(b)ᵀ · op(a)ᵀ)ᵀ` for single-batch operands. */
function swapped(stock: KernelFn, backend: WasmBackend, a: Info, b: Info, p: Product, transposeA: boolean, transposeB: boolean): Info {
  const temps: Info[] = [];
  try {
    const left = transposeB ? b : keep(temps, swapLastTwo(backend, b)); // [..., N, K]
    const right = transposeA ? a : keep(temps, swapLastTwo(backend, a)); // [..., K, M]
    const outT = keep(temps, stock({ inputs: { a: left, b: right }, backend, attrs: { transposeA: false, transposeB: false } }) as Info);
    const out = swapLastTwo(backend, outT); // [..., M, N]
    out.shape = p.outShape;
    return out;
  } finally {
    temps.forEach((t) => release(backend, t));
  }
}

function keep(temps: Info[], t: Info): Info {
  temps.push(t);
  return t;
}

/** The activations of `tf.fused.matMul` and the stock wasm kernels that apply them. */
function activate(backend: WasmBackend, x: Info, args: KernelArgs): Info | undefined {
  const activation = (args.attrs.activation as string | undefined) ?? "linear";
  switch (activation) {
    case "linear":
      return undefined;
    case "relu":
      return wasmKernel("Relu")({ inputs: { x }, backend, attrs: {} }) as Info;
    case "relu6":
      return wasmKernel("Relu6")({ inputs: { x }, backend, attrs: {} }) as Info;
    case "sigmoid":
      return wasmKernel("Sigmoid")({ inputs: { x }, backend, attrs: {} }) as Info;
    case "elu":
      return wasmKernel("Elu")({ inputs: { x }, backend, attrs: {} }) as Info;
    case "leakyrelu":
      return wasmKernel("LeakyRelu")({ inputs: { x }, backend, attrs: { alpha: args.attrs.leakyreluAlpha ?? 0.2 } }) as Info;
    case "prelu":
      return wasmKernel("Prelu")({ inputs: { x, alpha: args.inputs.preluActivationWeights }, backend, attrs: {} }) as Info;
    default:
      throw new Error(`_FusedMatMul: activation: expected one of linear, relu, relu6, sigmoid, elu, leakyrelu, prelu, got ${activation}`);
  }
}

/** The corrected _FusedMatMul kernel: stock when it takes XNNPACK, else product, bias, activation. */
export function fusedMatMulKernel(stock: KernelFn, batchMatMul: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const { backend } = args;
    const a = args.inputs.a as Info;
    const b = args.inputs.b as Info;
    const transposeA = Boolean(args.attrs.transposeA);
    const transposeB = Boolean(args.attrs.transposeB);
    const single = sizeOf(a.shape.slice(0, -2)) === 1 && sizeOf(b.shape.slice(0, -2)) === 1;
    if (a.dtype !== "float32" || b.dtype !== "float32" || (single && !transposeA && !transposeB)) return stock(args);
    let current = batchMatMul({ inputs: { a, b }, backend, attrs: { transposeA, transposeB } }) as Info;
    const bias = args.inputs.bias;
    if (bias != null) {
      const sum = wasmKernel("Add")({ inputs: { a: current, b: bias }, backend, attrs: {} }) as Info;
      release(backend, current);
      current = sum;
    }
    const activated = activate(backend, current, args);
    if (activated === undefined) return current;
    release(backend, current);
    return activated;
  };
}
