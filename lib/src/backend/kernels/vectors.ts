/**
 * The element-wise and row-sum functions of `vector-ops.ts` for kernels: byte offsets on the
 * heap, any length (the last n mod 4 floats, or columns, in JS: a float32 add or multiply rounded
 * once, as in wasm), the stock kernels' numbers to the bit.
 */
import { gemmExports, liveHeap } from "./gemm";
import { Expr, PASSES, PassName, PassSpec } from "./row-passes";
import { WasmBackend } from "./wasm-internals";

const f = Math.fround;
const heapOf = liveHeap;

/** n floats at byte offset `at`, as one row (the flat functions below are one-row blocks). */
const flat = (at: number, n: number): Rows => ({ offset: at, stride: n });

/** out = a + b over n floats (in place allowed). */
export const addInto = (backend: WasmBackend, a: number, b: number, out: number, n: number): void =>
  binaryRows("addRows", backend, flat(a, n), flat(b, n), flat(out, n), 1, n);

/** out = a ⊙ b over n floats (in place allowed). */
export const mulInto = (backend: WasmBackend, a: number, b: number, out: number, n: number): void =>
  binaryRows("mulRows", backend, flat(a, n), flat(b, n), flat(out, n), 1, n);

/** out = 1 − z over n floats (in place allowed). */
export const oneMinusInto = (backend: WasmBackend, z: number, out: number, n: number): void =>
  oneMinusRowsInto(backend, flat(z, n), flat(out, n), 1, n);

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

/** `rows` rows of floats on the heap: the byte offset of the first and the floats from one row to the next. */
export interface Rows {
  readonly offset: number;
  readonly stride: number;
}

/** `at` moved `cols` floats to the right (a column block inside wider rows). */
export const shifted = (at: Rows, cols: number): Rows => ({ offset: at.offset + 4 * cols, stride: at.stride });

type RowsBinary = "addRows" | "subRows" | "mulRows";
const scalarOf: Record<RowsBinary, (x: number, y: number) => number> = {
  addRows: (x, y) => f(x + y),
  subRows: (x, y) => f(x - y),
  mulRows: (x, y) => f(x * y),
};

function binaryRows(op: RowsBinary, backend: WasmBackend, a: Rows, b: Rows, out: Rows, rows: number, width: number): void {
  gemmExports(backend)[op](a.offset, 4 * a.stride, b.offset, 4 * b.stride, out.offset, 4 * out.stride, rows, width >> 2);
  if ((width & 3) === 0) return;
  const h = heapOf(backend);
  const scalar = scalarOf[op];
  for (let r = 0; r < rows; r++) {
    for (let c = width & ~3; c < width; c++) {
      h[out.offset / 4 + r * out.stride + c] = scalar(h[a.offset / 4 + r * a.stride + c], h[b.offset / 4 + r * b.stride + c]);
    }
  }
}

/** out = a + b on `rows` × `width` blocks whose rows lie `stride` floats apart (in place allowed). */
export const addRowsInto = (backend: WasmBackend, a: Rows, b: Rows, out: Rows, rows: number, width: number): void =>
  binaryRows("addRows", backend, a, b, out, rows, width);
/** out = a − b, as `addRowsInto`. */
export const subRowsInto = (backend: WasmBackend, a: Rows, b: Rows, out: Rows, rows: number, width: number): void =>
  binaryRows("subRows", backend, a, b, out, rows, width);
/** out = a ⊙ b, as `addRowsInto`. */
export const mulRowsInto = (backend: WasmBackend, a: Rows, b: Rows, out: Rows, rows: number, width: number): void =>
  binaryRows("mulRows", backend, a, b, out, rows, width);

/** out = 1 − z, as `addRowsInto`. */
export function oneMinusRowsInto(backend: WasmBackend, z: Rows, out: Rows, rows: number, width: number): void {
  gemmExports(backend).oneMinusRows(z.offset, 4 * z.stride, out.offset, 4 * out.stride, rows, width >> 2);
  if ((width & 3) === 0) return;
  const h = heapOf(backend);
  for (let r = 0; r < rows; r++) {
    for (let c = width & ~3; c < width; c++) h[out.offset / 4 + r * out.stride + c] = f(1 - h[z.offset / 4 + r * z.stride + c]);
  }
}

/**
 * The module's tanh or σ (`groupFloats` floats a group) on each row of a block, the last columns
 * of each row that fill no group with `scalar` (the same function one number at a time).
 */
export function unaryRowsInto(
  backend: WasmBackend,
  op: { readonly name: "tanhRows" | "sigmoidRows"; readonly groupFloats: number; readonly scalar: (x: number) => number },
  from: Rows,
  to: Rows,
  rows: number,
  width: number,
): void {
  const groups = Math.floor(width / op.groupFloats);
  gemmExports(backend)[op.name](from.offset, 4 * from.stride, to.offset, 4 * to.stride, rows, groups);
  if (groups * op.groupFloats === width) return;
  const h = heapOf(backend);
  for (let r = 0; r < rows; r++) {
    for (let c = groups * op.groupFloats; c < width; c++)
      h[to.offset / 4 + r * to.stride + c] = op.scalar(h[from.offset / 4 + r * from.stride + c]);
  }
}

/**
 * Row n of y (`yStride` floats apart) = row idx_n of w (`wStride` apart) + b, over `width` columns;
 * `idx` is the byte offset of `rows` int32 indices, all checked by the caller.
 */
export function gatherAddRowsInto(
  backend: WasmBackend,
  at: { y: number; yStride: number; w: number; wStride: number; idx: number; b: number; count: number },
  width: number,
): void {
  const { y, yStride, w, wStride, idx, b, count } = at;
  gemmExports(backend).gatherAddRows(y, 4 * yStride, w, 4 * wStride, idx, b, count, width >> 2);
  if ((width & 3) === 0) return;
  const h = heapOf(backend);
  const ids = new Int32Array(backend.wasm.HEAPU8.buffer, idx, count);
  for (let n = 0; n < count; n++) {
    for (let c = width & ~3; c < width; c++) h[y / 4 + n * yStride + c] = f(h[w / 4 + ids[n] * wStride + c] + h[b / 4 + c]);
  }
}

/** out = p − (g · s) · lr over n floats (in place allowed), s and lr the floats at byte offsets `scaleAt` and `lrAt`. */
export function sgdUpdateInto(
  backend: WasmBackend,
  at: { p: number; g: number; out: number; scaleAt: number; lrAt: number },
  n: number,
): void {
  const { p, g, out, scaleAt, lrAt } = at;
  gemmExports(backend).sgdUpdate(p, g, out, scaleAt, lrAt, n >> 2);
  if ((n & 3) === 0) return;
  const h = heapOf(backend);
  const [s, lr] = [h[scaleAt / 4], h[lrAt / 4]];
  for (let i = n & ~3; i < n; i++) h[out / 4 + i] = f(h[p / 4 + i] - f(f(h[g / 4 + i] * s) * lr));
}

/** The float at byte offset y = 0 + x_0² + x_1² + … over the n floats at x, added in order. */
export const sumOfSquaresInto = (backend: WasmBackend, x: number, n: number, y: number): void => gemmExports(backend).sumOfSquares(x, n, y);

/** `spec` on one element in JS: one rounded float operation per node, as the wasm function. */
function scalarPass(spec: PassSpec, inputs: readonly number[]): number[] {
  const known = new Map<string, number>(spec.inputs.map((name, k) => [name, inputs[k]]));
  const value = (e: Expr): number => {
    if (e === 1) return 1;
    if (typeof e === "string") return known.get(e) as number;
    const [a, b] = [value(e.a), value(e.b)];
    return f(e.op === "add" ? a + b : e.op === "sub" ? a - b : a * b);
  };
  for (const [name, e] of spec.temps) known.set(name, value(e));
  return spec.outputs.map(([, e]) => value(e));
}

/**
 * Runs pass `name` on `rows` × `width` blocks: `at` gives every input and output of the pass by
 * name, as row blocks of the heap (any strides).
 */
export function runPass(backend: WasmBackend, name: PassName, at: Readonly<Record<string, Rows>>, rows: number, width: number): void {
  const spec: PassSpec = PASSES[name];
  const operands = [...spec.inputs, ...spec.outputs.map(([n]) => n)].map((n) => {
    const block = at[n];
    if (block === undefined) throw new Error(`runPass ${name}: ${n}: expected a row block, got nothing`);
    return block;
  });
  const args = operands.flatMap((b) => [b.offset, 4 * b.stride]);
  gemmExports(backend)[name](...args, rows, width >> 2);
  if ((width & 3) === 0) return;
  const h = heapOf(backend);
  const k = spec.inputs.length;
  for (let r = 0; r < rows; r++) {
    for (let c = width & ~3; c < width; c++) {
      const place = (b: Rows) => b.offset / 4 + r * b.stride + c;
      const out = scalarPass(
        spec,
        operands.slice(0, k).map((b) => h[place(b)]),
      );
      out.forEach((v, j) => (h[place(operands[k + j])] = v));
    }
  }
}
