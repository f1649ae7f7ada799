/**
 * UnsortedSegmentSum for wasm, which tfjs-backend-wasm 4.22 lacks. tfjs-core's gradient of
 * `tf.gather` is an UnsortedSegmentSum of the upstream gradient by the gathered indices, so without
 * this kernel an embedding lookup cannot be trained on wasm.
 *
 * Semantics are TensorFlow's (and, for the 1-D ids that tfjs documents and gather uses, the cpu
 * kernel's): `segmentIds` (int32) has a shape that starts x's, `x [...s, ...rest]`, `ids [...s]`; the
 * output `[numSegments, ...rest]` holds at `[k, r]` the sum of `x[i, r]` over every i with
 * `segmentIds[i] = k`. Ids outside `[0, numSegments)` are dropped. The loop reads and writes the wasm
 * heap in place (no copies), in index order.
 */
import { Info, KernelArgs, sizeOf } from "./wasm-internals";

export function unsortedSegmentSumKernel(args: KernelArgs): Info {
  const { backend } = args;
  const x = args.inputs.x as Info;
  const ids = args.inputs.segmentIds as Info;
  const numSegments = Number(args.attrs.numSegments);
  if (!(Number.isInteger(numSegments) && numSegments >= 0)) {
    throw new Error(`unsortedSegmentSum: numSegments: expected a non-negative integer, got ${String(args.attrs.numSegments)}`);
  }
  if (x.dtype !== "float32" && x.dtype !== "int32") {
    throw new Error(`unsortedSegmentSum: x: expected dtype float32 or int32, got ${x.dtype}`);
  }
  if (ids.dtype !== "int32") throw new Error(`unsortedSegmentSum: segmentIds: expected dtype int32, got ${ids.dtype}`);
  const prefixOk = ids.shape.length >= 1 && ids.shape.length <= x.shape.length && ids.shape.every((d, i) => d === x.shape[i]);
  if (!prefixOk) {
    throw new Error(
      `unsortedSegmentSum: segmentIds: expected a shape that starts x's shape [${x.shape.join(", ")}], got [${ids.shape.join(", ")}]`,
    );
  }
  const n = sizeOf(ids.shape);
  const rest = sizeOf(x.shape.slice(ids.shape.length)); // elements per id
  const outShape = [numSegments, ...x.shape.slice(ids.shape.length)];
  const out = backend.makeOutput(outShape, x.dtype);
  if (sizeOf(outShape) === 0) return out;
  // Views are taken after makeOutput: an allocation may grow (and detach) the heap.
  const y = backend.typedArrayFromHeap(out);
  y.fill(0);
  if (n === 0 || rest === 0) return out;
  const xs = backend.typedArrayFromHeap(x);
  const segment = backend.typedArrayFromHeap(ids);
  for (let i = 0; i < n; i++) {
    const k = segment[i];
    if (k < 0 || k >= numSegments) continue;
    const src = i * rest;
    const dst = k * rest;
    for (let r = 0; r < rest; r++) y[dst + r] += xs[src + r];
  }
  return out;
}
