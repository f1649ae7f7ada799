/**
 * Element-wise and row-sum functions of our wasm module (`gemm-module.ts` builds them in), four
 * floats at a time. Each output element gets the float32 operations of the stock kernels in their
 * order (one rounded add or multiply per term; sums over rows in row order, starting from 0), so
 * the results are those kernels' to the bit; only the lanes run side by side.
 *
 * - `sumRows(y, x, rows, rowBytes, groups)`: y = 0 + x_0 + x_1 + … over `rows` rows `rowBytes`
 *   apart (a bias gradient; `sum.ts`), 16 columns per sweep down the rows.
 * - `scatterRows(y, x, idx, rows, rowBytes, yRowBytes, groups)`: y[idx_n] += x_n for n in order
 *   (a lookup's gradient; `gather-blocks.ts`), y cleared by the caller.
 * - `addRows`, `subRows`, `mulRows` (a, aRowBytes, b, bRowBytes, out, outRowBytes, rows, groups) and
 *   `oneMinusRows` (z, zRowBytes, out, outRowBytes, rows, groups) (1 − z): groups of 4 floats on
 *   each of `rows` rows, in place allowed. The rows may lie apart (a gate's columns inside a step's
 *   [B, 4H]), so the time loops split and join gate columns without copying them; a flat vector is
 *   one row (what the time loops did with the C++ Add, Multiply and Sub at about 15 µs a call on
 *   [32, 256]).
 * - `gatherAddRows(y, yRowBytes, w, wRowBytes, idx, b, rows, groups)`: row n of y = row idx_n of w + b
 *   (a lookup with its bias; `gather-blocks.ts`).
 * - `tanhRows`, `sigmoidRows` (src, srcRowBytes, dst, dstRowBytes, rows, groups): the module's tanh
 *   or σ on each row (`groups` groups of 16 floats per row).
 * - `sgdUpdate(p, g, out, scaleAt, lrAt, groups)`: out = p − (g · s) · lr, with s and lr the floats
 *   at byte offsets `scaleAt` and `lrAt` (the clipping factor and the learning rate; `sgd-update.ts`).
 * - `sumOfSquares(x, n, y)`: the float at y = 0 + x_0² + x_1² + … in order, one lane (the stock Sum
 *   adds a tensor's elements one after another, so the sum cannot run four lanes side by side).
 */
import { Bytes, F32, FunctionSpec, I32, V128, again, call, f32, f32x4, get, i32, loop, seq, set, tee, v128, when } from "./wasm-emit";

/** A loop over `groups` groups of 4 floats at `pointers`, each advanced by 16 bytes (groups may be 0). */
function groupLoop(count: number, pointers: readonly number[], body: Bytes): Bytes {
  return when(
    get(count),
    loop(body, ...pointers.map((p) => set(p, i32.add(get(p), i32.const(16)))), again(tee(count, i32.sub(get(count), i32.const(1))))),
  );
}

function sumRowsFunction(): FunctionSpec {
  const [y, x, rows, rowBytes, groups] = [0, 1, 2, 3, 4];
  const [col, p, r, left] = [5, 6, 7, 8];
  const acc = [9, 10, 11, 12];
  // One sweep down the rows for `width` groups (4 side by side, then single groups).
  const sweep = (width: number) =>
    seq(
      ...acc.slice(0, width).map((s) => set(s, v128.zero)),
      set(p, get(col)),
      set(r, get(rows)),
      when(
        get(r),
        loop(
          ...acc.slice(0, width).map((s, i) => set(s, f32x4.add(get(s), v128.load(get(p), 16 * i)))),
          set(p, i32.add(get(p), get(rowBytes))),
          again(tee(r, i32.sub(get(r), i32.const(1)))),
        ),
      ),
      ...acc.slice(0, width).map((s, i) => v128.store(get(y), get(s), 16 * i)),
      set(y, i32.add(get(y), i32.const(16 * width))),
      set(col, i32.add(get(col), i32.const(16 * width))),
      set(left, i32.sub(get(left), i32.const(width))),
    );
  const body = seq(
    set(col, get(x)),
    set(left, get(groups)),
    when(i32.gtU(get(left), i32.const(3)), loop(sweep(4), again(i32.gtU(get(left), i32.const(3))))),
    when(get(left), loop(sweep(1), again(get(left)))),
  );
  return { name: "sumRows", params: 5, locals: [I32, I32, I32, I32, V128, V128, V128, V128], body };
}

function scatterRowsFunction(): FunctionSpec {
  const [y, x, idx, rows, rowBytes, yRowBytes, groups] = [0, 1, 2, 3, 4, 5, 6];
  const [n, src, dst, g] = [7, 8, 9, 10];
  const body = when(
    get(rows),
    seq(
      set(n, get(rows)),
      loop(
        set(src, get(x)),
        set(dst, i32.add(get(y), i32.mul([...get(idx), 0x28, 2, 0], get(yRowBytes)))), // i32.load idx[n]
        set(g, get(groups)),
        groupLoop(g, [src, dst], v128.store(get(dst), f32x4.add(v128.load(get(dst)), v128.load(get(src))))),
        set(x, i32.add(get(x), get(rowBytes))),
        set(idx, i32.add(get(idx), i32.const(4))),
        again(tee(n, i32.sub(get(n), i32.const(1)))),
      ),
    ),
  );
  return { name: "scatterRows", params: 7, locals: [I32, I32, I32, I32], body };
}

/** A loop over `rows` rows: `body` for each, then every pointer advanced by its row stride (rows may be 0). */
function rowLoop(rows: number, strides: readonly [number, number][], body: Bytes): Bytes {
  return when(
    get(rows),
    loop(body, ...strides.map(([p, s]) => set(p, i32.add(get(p), get(s)))), again(tee(rows, i32.sub(get(rows), i32.const(1))))),
  );
}

function binaryRowsFunction(name: string, op: (a: Bytes, b: Bytes) => Bytes): FunctionSpec {
  const [a, as, b, bs, out, os, rows, groups] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [pa, pb, po, g] = [8, 9, 10, 11];
  const row = seq(
    set(pa, get(a)),
    set(pb, get(b)),
    set(po, get(out)),
    set(g, get(groups)),
    groupLoop(g, [pa, pb, po], v128.store(get(po), op(v128.load(get(pa)), v128.load(get(pb))))),
  );
  const strides: [number, number][] = [
    [a, as],
    [b, bs],
    [out, os],
  ];
  return { name, params: 8, locals: [I32, I32, I32, I32], body: rowLoop(rows, strides, row) };
}

function oneMinusRowsFunction(): FunctionSpec {
  const [z, zs, out, os, rows, groups] = [0, 1, 2, 3, 4, 5];
  const [pz, po, g, one] = [6, 7, 8, 9];
  const row = seq(
    set(pz, get(z)),
    set(po, get(out)),
    set(g, get(groups)),
    groupLoop(g, [pz, po], v128.store(get(po), f32x4.sub(get(one), v128.load(get(pz))))),
  );
  const strides: [number, number][] = [
    [z, zs],
    [out, os],
  ];
  return {
    name: "oneMinusRows",
    params: 6,
    locals: [I32, I32, I32, V128],
    body: seq(set(one, f32x4.const(1)), rowLoop(rows, strides, row)),
  };
}

/** `name(src, srcRowBytes, dst, dstRowBytes, rows, groups)`: function `callee(src, dst, groups)` on each row. */
export function rowsCallFunction(name: string, callee: number): FunctionSpec {
  const [src, ss, dst, ds, rows, groups] = [0, 1, 2, 3, 4, 5];
  const strides: [number, number][] = [
    [src, ss],
    [dst, ds],
  ];
  return { name, params: 6, locals: [], body: rowLoop(rows, strides, call(callee, get(src), get(dst), get(groups))) };
}

function gatherAddRowsFunction(): FunctionSpec {
  const [y, ys, w, ws, idx, b, rows, groups] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [src, dst, pb, g] = [8, 9, 10, 11];
  const row = seq(
    set(src, i32.add(get(w), i32.mul(i32.load(get(idx)), get(ws)))),
    set(dst, get(y)),
    set(pb, get(b)),
    set(g, get(groups)),
    groupLoop(g, [src, pb, dst], v128.store(get(dst), f32x4.add(v128.load(get(src)), v128.load(get(pb))))),
  );
  const strides: [number, number][] = [[y, ys]];
  const body = rowLoop(rows, strides, seq(row, set(idx, i32.add(get(idx), i32.const(4)))));
  return { name: "gatherAddRows", params: 8, locals: [I32, I32, I32, I32], body };
}

function sgdUpdateFunction(): FunctionSpec {
  const [p, g, out, scaleAt, lrAt, groups] = [0, 1, 2, 3, 4, 5];
  const [scale, lr] = [6, 7];
  const update = f32x4.sub(v128.load(get(p)), f32x4.mul(f32x4.mul(v128.load(get(g)), get(scale)), get(lr)));
  const body = seq(
    set(scale, v128.load32Splat(get(scaleAt))),
    set(lr, v128.load32Splat(get(lrAt))),
    groupLoop(groups, [p, g, out], v128.store(get(out), update)),
  );
  return { name: "sgdUpdate", params: 6, locals: [V128, V128], body };
}

function sumOfSquaresFunction(): FunctionSpec {
  const [x, n, y] = [0, 1, 2];
  const [acc, v] = [3, 4];
  const body = seq(
    set(acc, f32.const0),
    when(
      get(n),
      loop(
        set(v, f32.load(get(x))),
        set(acc, f32.add(get(acc), f32.mul(get(v), get(v)))),
        set(x, i32.add(get(x), i32.const(4))),
        again(tee(n, i32.sub(get(n), i32.const(1)))),
      ),
    ),
    f32.store(get(y), get(acc)),
  );
  return { name: "sumOfSquares", params: 3, locals: [F32, F32], body };
}

export function vectorFunctions(): FunctionSpec[] {
  return [
    sumRowsFunction(),
    scatterRowsFunction(),
    binaryRowsFunction("addRows", f32x4.add),
    binaryRowsFunction("subRows", f32x4.sub),
    binaryRowsFunction("mulRows", f32x4.mul),
    oneMinusRowsFunction(),
    gatherAddRowsFunction(),
    sgdUpdateFunction(),
    sumOfSquaresFunction(),
  ];
}
