/**
 * MatMul on wasm through our own GEMM (`gemm.ts`).
 *
 * tfjs-backend-wasm 4.22 sends a product to XNNPACK only when neither operand is transposed and
 * both have batch 1; everything else (every `matMul(a, b, true, false)` of a backward pass, every
 * batched product) ran a naive blocked loop about 12x slower. Here every float32 product, plain,
 * transposed or batched, runs `gemm.ts`'s module, which reads the operands with their strides
 * (nothing is transposed first), writes straight into the output and gives XNNPACK's numbers to
 * the bit at about 1.5x its rate.
 *
 * The fused variant (`tf.fused.matMul`: product + bias + activation) starts the sums from a bias
 * row, as XNNPACK's fused product does, and applies the activation with the stock wasm kernels;
 * any other bias shape is added afterwards (the stock slow path also broadcast a bias wrongly:
 * every row past the first got the last bias element).
 */
import * as tf from "@tensorflow/tfjs";
import { Operand, gemm } from "./gemm";
import { Info, KernelArgs, KernelFn, WasmBackend, heapOffset, release, sizeOf, wasmKernel } from "./wasm-internals";

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

/** op(x) of one batch entry as `gemm` reads it: [rows, cols] of a [.., rows, cols] or, transposed, [.., cols, rows]. */
function operand(base: number, entry: number, rows: number, cols: number, transposed: boolean): Operand {
  const offset = base + 4 * entry * rows * cols;
  return transposed ? { offset, rowStride: 1, colStride: rows } : { offset, rowStride: cols, colStride: 1 };
}

/**
 * op(a) · op(b) (+ a bias row) into a new output: one GEMM per batch entry (batch shapes
 * broadcast), each packing its op(b) once.
 */
function product(backend: WasmBackend, a: Info, b: Info, p: Product, transposeA: boolean, transposeB: boolean, bias?: Info): Info {
  const { M, K, N, batchShape } = p;
  const out = backend.makeOutput(p.outShape, "float32");
  const [aBase, bBase, oBase] = [heapOffset(backend, a), heapOffset(backend, b), heapOffset(backend, out)];
  const [aBatch, bBatch] = [a.shape.slice(0, -2), b.shape.slice(0, -2)];
  for (let i = 0; i < sizeOf(batchShape); i++) {
    const opA = operand(aBase, sourceIndex(i, batchShape, aBatch), M, K, transposeA);
    const opB = operand(bBase, sourceIndex(i, batchShape, bBatch), K, N, transposeB);
    gemm(backend, opA, opB, { M, K, N }, { offset: oBase + 4 * i * M * N, ldc: N }, bias);
  }
  return out;
}

/**
 * op(a) · op(b) for the MatMul kernels, with `bias` folded into the sums when given; zeros for an
 * empty product. Undefined for dtypes other than float32 (the stock kernel's case).
 */
function matMulOf(args: KernelArgs, bias?: Info): Info | undefined {
  const a = args.inputs.a as Info;
  const b = args.inputs.b as Info;
  const transposeA = Boolean(args.attrs.transposeA);
  const transposeB = Boolean(args.attrs.transposeB);
  if (a.dtype !== "float32" || b.dtype !== "float32") return undefined;
  const p = productShape(a, b, transposeA, transposeB);
  if (sizeOf(p.outShape) === 0 || p.K === 0) return zeros(args.backend, p.outShape);
  return product(args.backend, a, b, p, transposeA, transposeB, bias);
}

/** The BatchMatMul kernel; `stock` is tfjs's wasm kernel, kept for dtypes other than float32 (and their errors). */
export function batchMatMulKernel(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => matMulOf(args) ?? stock(args);
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

/** The _FusedMatMul kernel: the product with its bias row folded in, or the product then Add, then the activation. */
export function fusedMatMulKernel(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const { backend } = args;
    const a = args.inputs.a as Info;
    const b = args.inputs.b as Info;
    if (a.dtype !== "float32" || b.dtype !== "float32") return stock(args);
    const p = productShape(a, b, Boolean(args.attrs.transposeA), Boolean(args.attrs.transposeB));
    const bias = args.inputs.bias ?? undefined;
    // A bias row of N elements starts the sums (as XNNPACK's fused product does); an empty product has no sums.
    const fold =
      bias !== undefined &&
      bias.dtype === "float32" &&
      bias.shape.length <= p.outShape.length &&
      bias.shape[bias.shape.length - 1] === p.N &&
      sizeOf(bias.shape) === p.N &&
      sizeOf(p.outShape) > 0 &&
      p.K > 0;
    let current = matMulOf(args, fold ? bias : undefined) as Info;
    if (bias !== undefined && !fold) {
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
