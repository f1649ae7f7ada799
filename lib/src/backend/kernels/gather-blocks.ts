/**
 * The input projections of gates that read the same tokens, for all steps, as one kernel each way.
 *
 * A scratch layer's first inputs are token indices standing for one-hot rows, so `X W_x + b` is
 * row `idx` of W_x plus b. `fast-cells.ts` wrote that per gate as `tf.add(tf.gather(W, idx), b)`
 * and put the gates side by side with `tf.concat`; backwards, the concatenation's gradient was
 * split again (a copy of the whole `[T·B, k·H]`), each gather's gradient was an UnsortedSegmentSum
 * of its block and each bias's a column sum: 4 ops per gate and 2 copies forward and back. Here:
 *
 *   D2lGatherBlocks      {indices [N] int32, w0 [V, H], b0 [H], w1, b1, …} (attrs: blocks = k)
 *                        → [N, k·H]: block j of row n = w_j[indices_n] + b_j
 *   D2lGatherBlocksGrad  {dy [N, k·H], indices [N]} (attrs: blocks = k, numRows = V)
 *                        → [dw0 [V, H], …, dw_{k−1}, db0 [H], …, db_{k−1}]:
 *                        dw_j[v] = Σ over n with indices_n = v of block j of dy_n; db_j = Σ_n block j of dy_n
 *
 * The forward kernel forms each row as w_j[idx_n] + b_j in one pass (`gatherAddRows` of our module).
 * Every element is formed by the same float32 operations in the same order as by the ops (the add
 * rounds once, a lookup copies; the sums add rows in index order, each partial sum rounded), so
 * the numbers are those of the op-by-op path to the bit (`kernels.test.ts`).
 */
import { gatherAddRowsInto, scatterRowsInto, sumRowsInto } from "./vectors";
import { Info, KernelArgs, expectShape, heapOffset } from "./wasm-internals";

export const GATHER_BLOCKS = "D2lGatherBlocks";
export const GATHER_BLOCKS_GRAD = "D2lGatherBlocksGrad";

function blockCount(kernel: string, value: unknown): number {
  const k = value as number;
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`${kernel}: blocks: expected a positive integer, got ${String(value)}`);
  return k;
}

/** The indices as int32 [N] with every value in [0, V). */
function checkedIndices(kernel: string, args: KernelArgs, V: number): Int32Array {
  const indices = args.inputs.indices;
  if (indices === undefined || indices.dtype !== "int32" || indices.shape.length !== 1) {
    throw new Error(
      `${kernel}: indices: expected int32 [N], got ${indices === undefined ? "nothing" : `${indices.dtype} [${indices.shape}]`}`,
    );
  }
  const idx = args.backend.typedArrayFromHeap(indices) as Int32Array;
  for (let n = 0; n < idx.length; n++) {
    if (!(idx[n] >= 0 && idx[n] < V)) throw new Error(`${kernel}: indices[${n}]: expected a row in [0, ${V - 1}], got ${idx[n]}`);
  }
  return idx;
}

/** The checked inputs of a lookup's gradient kernel: V, the indices' count N, dy [N, k·H] and its width k·H and H. */
function gradientInputs(kernel: string, args: KernelArgs, k: number) {
  const V = args.attrs.numRows as number;
  if (!(Number.isInteger(V) && V >= 1)) throw new Error(`${kernel}: numRows: expected a positive integer, got ${String(V)}`);
  const N = checkedIndices(kernel, args, V).length;
  const dyInfo = args.inputs.dy;
  const width = dyInfo?.shape[1] ?? NaN;
  const H = width / k;
  if (!Number.isInteger(H) || H < 1) throw new Error(`${kernel}: dy: expected [N, k·H] with k = ${k}, got [${dyInfo?.shape ?? ""}]`);
  return { V, N, width, H, dy: expectShape(kernel, "dy", dyInfo, [N, width]) };
}

export function gatherBlocksKernel(args: KernelArgs): Info {
  const { backend } = args;
  const k = blockCount(GATHER_BLOCKS, args.attrs.blocks);
  const w0 = args.inputs.w0;
  if (w0 === undefined || w0.shape.length !== 2)
    throw new Error(`${GATHER_BLOCKS}: w0: expected float32 [V, H], got ${w0 === undefined ? "nothing" : `[${w0.shape}]`}`);
  const [V, H] = w0.shape;
  const ws = Array.from({ length: k }, (_, j) => expectShape(GATHER_BLOCKS, `w${j}`, args.inputs[`w${j}`], [V, H]));
  const bs = Array.from({ length: k }, (_, j) => expectShape(GATHER_BLOCKS, `b${j}`, args.inputs[`b${j}`], [H]));
  const N = checkedIndices(GATHER_BLOCKS, args, V).length;
  const out = backend.makeOutput([N, k * H], "float32");
  const [y, idx] = [heapOffset(backend, out), heapOffset(backend, args.inputs.indices as Info)];
  for (let j = 0; j < k; j++) {
    const at = {
      y: y + 4 * j * H,
      yStride: k * H,
      w: heapOffset(backend, ws[j]),
      wStride: H,
      idx,
      b: heapOffset(backend, bs[j]),
      count: N,
    };
    gatherAddRowsInto(backend, at, H);
  }
  return out;
}

export function gatherBlocksGradKernel(args: KernelArgs): Info[] {
  const { backend } = args;
  const k = blockCount(GATHER_BLOCKS_GRAD, args.attrs.blocks);
  const { V, N, width, H, dy } = gradientInputs(GATHER_BLOCKS_GRAD, args, k);
  const dws = Array.from({ length: k }, () => backend.makeOutput([V, H], "float32"));
  const dbs = Array.from({ length: k }, () => backend.makeOutput([H], "float32"));
  // dw_j[v] = Σ rows n of block j with idx_n = v, n in order; db_j = Σ all rows of block j, in order.
  const [d, idx] = [heapOffset(backend, dy), heapOffset(backend, args.inputs.indices as Info)];
  dws.forEach((w, j) => {
    (backend.typedArrayFromHeap(w) as Float32Array).fill(0);
    scatterRowsInto(backend, { y: heapOffset(backend, w), yStride: H, x: d + 4 * j * H, xStride: width, idx, count: N }, H);
  });
  dbs.forEach((b, j) => sumRowsInto(backend, heapOffset(backend, b), d + 4 * j * H, N, width, H));
  return [...dws, ...dbs];
}

/*
 * The same lookups from one packed weight, as a tf.layers layer keeps its gates side by side
 * (`FusedRecurrent`: `kernel [V, k·H]`, `bias [k·H]`), with the blocks put in the order the time
 * loop reads them (the LSTM's kernels read i f o c, tf.layers packs i f c o):
 *
 *   D2lGatherPacked      {indices [N] int32, w [V, k·H], b [k·H]} (attrs: blocks = k, order = a permutation of 0…k−1)
 *                        → [N, k·H]: block j of row n = block order_j of (w[indices_n] + b)
 *   D2lGatherPackedGrad  {dy [N, k·H], indices [N]} (attrs: blocks, order, numRows = V)
 *                        → [dw [V, k·H], db [k·H]]: block order_j of dw[v] = Σ over n with indices_n = v
 *                        of block j of dy_n; block order_j of db = Σ_n block j of dy_n
 *
 * Each block gets the operations that D2lGatherBlocks gives it after a split of the packed weight
 * (and D2lGatherBlocksGrad before the concatenation of the gradients), so the same numbers, without
 * the split of the [V, k·H] weight forward and the concatenation of its gradient back.
 */
export const GATHER_PACKED = "D2lGatherPacked";
export const GATHER_PACKED_GRAD = "D2lGatherPackedGrad";

/** `order` as a permutation of 0…k−1. */
function blockOrder(kernel: string, value: unknown, k: number): readonly number[] {
  const order = value as readonly number[];
  const ok =
    Array.isArray(order) && order.length === k && order.every((o) => Number.isInteger(o) && o >= 0 && o < k) && new Set(order).size === k;
  if (!ok) throw new Error(`${kernel}: order: expected a permutation of 0…${k - 1}, got ${JSON.stringify(value)}`);
  return order;
}

export function gatherPackedKernel(args: KernelArgs): Info {
  const { backend } = args;
  const k = blockCount(GATHER_PACKED, args.attrs.blocks);
  const order = blockOrder(GATHER_PACKED, args.attrs.order, k);
  const wInfo = args.inputs.w;
  const width = wInfo?.shape.length === 2 ? wInfo.shape[1] : NaN;
  const H = width / k;
  if (wInfo === undefined || !Number.isInteger(H) || H < 1)
    throw new Error(
      `${GATHER_PACKED}: w: expected float32 [V, k·H] with k = ${k}, got ${wInfo === undefined ? "nothing" : `[${wInfo.shape}]`}`,
    );
  const V = wInfo.shape[0];
  const w = expectShape(GATHER_PACKED, "w", wInfo, [V, width]);
  const b = expectShape(GATHER_PACKED, "b", args.inputs.b, [width]);
  const N = checkedIndices(GATHER_PACKED, args, V).length;
  const out = backend.makeOutput([N, width], "float32");
  const [y, idx, w0, b0] = [out, args.inputs.indices as Info, w, b].map((x) => heapOffset(backend, x));
  order.forEach((from, j) => {
    const at = { y: y + 4 * j * H, yStride: width, w: w0 + 4 * from * H, wStride: width, idx, b: b0 + 4 * from * H, count: N };
    gatherAddRowsInto(backend, at, H);
  });
  return out;
}

export function gatherPackedGradKernel(args: KernelArgs): Info[] {
  const { backend } = args;
  const k = blockCount(GATHER_PACKED_GRAD, args.attrs.blocks);
  const order = blockOrder(GATHER_PACKED_GRAD, args.attrs.order, k);
  const { V, N, width, H, dy } = gradientInputs(GATHER_PACKED_GRAD, args, k);
  const dw = backend.makeOutput([V, width], "float32");
  const db = backend.makeOutput([width], "float32");
  (backend.typedArrayFromHeap(dw) as Float32Array).fill(0);
  const [d, idx, w0, b0] = [dy, args.inputs.indices as Info, dw, db].map((x) => heapOffset(backend, x));
  order.forEach((to, j) => {
    scatterRowsInto(backend, { y: w0 + 4 * to * H, yStride: width, x: d + 4 * j * H, xStride: width, idx, count: N }, H);
    sumRowsInto(backend, b0 + 4 * to * H, d + 4 * j * H, N, width, H);
  });
  return [dw, db];
}
