/**
 * The element-wise and row-sum functions of `vector-ops.ts` for kernels: byte offsets on the
 * heap, any length (the last n mod 4 floats, or columns, in JS: a float32 add or multiply rounded
 * once, as in wasm), the stock kernels' numbers to the bit.
 */
import { gemmExports } from "./gemm";
import { WasmBackend } from "./wasm-internals";

const f = Math.fround;
const heapOf = (backend: WasmBackend) => new Float32Array(backend.wasm.HEAPU8.buffer);

/** out = a + b over n floats (in place allowed). */
export function addInto(backend: WasmBackend, a: number, b: number, out: number, n: number): void {
  gemmExports(backend).add(a, b, out, n >> 2);
  const h = heapOf(backend);
  for (let i = n & ~3; i < n; i++) h[out / 4 + i] = f(h[a / 4 + i] + h[b / 4 + i]);
}

/** out = a ⊙ b over n floats (in place allowed). */
export function mulInto(backend: WasmBackend, a: number, b: number, out: number, n: number): void {
  gemmExports(backend).mul(a, b, out, n >> 2);
  const h = heapOf(backend);
  for (let i = n & ~3; i < n; i++) h[out / 4 + i] = f(h[a / 4 + i] * h[b / 4 + i]);
}

/** out = 1 − z over n floats (in place allowed). */
export function oneMinusInto(backend: WasmBackend, z: number, out: number, n: number): void {
  gemmExports(backend).oneMinus(z, out, n >> 2);
  const h = heapOf(backend);
  for (let i = n & ~3; i < n; i++) h[out / 4 + i] = f(1 - h[z / 4 + i]);
}

/** The `width` floats at y = 0 + Σ rows of x in order (`rows` rows, `rowStride` floats apart). */
export function sumRowsInto(backend: WasmBackend, y: number, x: number, rows: number, rowStride: number, width: number): void {
  gemmExports(backend).sumRows(y, x, rows, 4 * rowStride, width >> 2);
  const h = heapOf(backend);
  for (let c = width & ~3; c < width; c++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s = f(s + h[x / 4 + r * rowStride + c]);
    h[y / 4 + c] = s;
  }
}

/**
 * Row idx_n of y (`yStride` floats apart) += row n of x (`xStride` apart), n in order, over
 * `width` columns; `idx` is the byte offset of `rows` int32 indices, all checked by the caller.
 */
export function scatterRowsInto(
  backend: WasmBackend,
  rows: { y: number; yStride: number; x: number; xStride: number; idx: number; count: number },
  width: number,
): void {
  const { y, yStride, x, xStride, idx, count } = rows;
  gemmExports(backend).scatterRows(y, x, idx, count, 4 * xStride, 4 * yStride, width >> 2);
  if ((width & 3) === 0) return;
  const h = heapOf(backend);
  const ids = new Int32Array(backend.wasm.HEAPU8.buffer, idx, count);
  for (let n = 0; n < count; n++) {
    for (let c = width & ~3; c < width; c++)
      h[y / 4 + ids[n] * yStride + c] = f(h[y / 4 + ids[n] * yStride + c] + h[x / 4 + n * xStride + c]);
  }
}
