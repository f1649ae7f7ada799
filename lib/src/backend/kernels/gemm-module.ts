/**
 * The generator of our matrix-product module (`gemm.ts` instantiates it on the wasm heap).
 *
 * - `packB`: op(B) [K, N], read with any two strides (plain or transposed), into panels of 8
 *   columns, `[⌈N/8⌉][K][8]`, zero-padded.
 * - `packA`: op(A) [M, K] into tiles of 4 rows, `[⌈M/4⌉][K][4]`, zero-padded, for an A whose k
 *   axis is not contiguous (a transposed operand); a plain A is read where it lies.
 * - `gemm`: 4 × 8 tiles of C over a range of row tiles and panels, eight f32x4 sums in registers.
 *   Each element is summed over k in order, starting from 0, one rounded multiply and one
 *   rounded add per term (wasm SIMD has no fused multiply-add): the operations of XNNPACK's f32
 *   GEMM in its order, so the results do not depend on the tiling or the thread count.
 */
import {
  Bytes,
  FunctionSpec,
  I32,
  V128,
  f32,
  f32x4,
  get,
  i32,
  ifElse,
  loop,
  moduleBytes,
  seq,
  set,
  tee,
  v128,
  again,
  when,
} from "./wasm-emit";
import { sigmoidFunction } from "./sigmoid-simd";
import { tanhFunction } from "./tanh-simd";
import { rowsCallFunction, vectorFunctions } from "./vector-ops";
import { PassName, passFunctions } from "./row-passes";

/** Rows of a tile and columns of a panel. */
export const MR = 4;
export const NR = 8;

/**
 * The exported functions; all arguments are i32, addresses and strides in bytes. The passes of
 * `row-passes.ts` take (offset, rowBytes) per operand, inputs then outputs, then rows and groups.
 */
export interface GemmExports extends Record<PassName, (...args: number[]) => void> {
  /** (src, kStride, nStride, K, N, dst) */
  packB(src: number, kStride: number, nStride: number, K: number, N: number, dst: number): void;
  /** (src, kStride, mStride, K, M, dst) */
  packA(src: number, kStride: number, mStride: number, K: number, M: number, dst: number): void;
  /**
   * (a, rowStride, kStride, tileStride, packedB, bias, c, ldc, M, N, K, i0, i1, j0, j1): C rows 4i…4i+3,
   * columns 8j…8j+7 for i in [i0, i1) and j in [j0, j1), both ranges non-empty, K ≥ 1; the sums start from
   * the bias panel at `bias` ([⌈N/8⌉·8] floats) when it is not 0.
   */
  gemm(...args: number[]): void;
  /** (src, dst, groups): tanh of `groups` groups of 16 floats, musl's to the bit (`tanh-simd.ts`). */
  tanh(src: number, dst: number, groups: number): void;
  /** (src, dst, groups): σ of `groups` groups of 16 floats, XNNPACK's to the bit (`sigmoid-simd.ts`). */
  sigmoid(src: number, dst: number, groups: number): void;
  /** `vector-ops.ts`: groups of 4 floats, byte offsets and strides. */
  sumRows(y: number, x: number, rows: number, rowBytes: number, groups: number): void;
  scatterRows(y: number, x: number, idx: number, rows: number, rowBytes: number, yRowBytes: number, groups: number): void;
  /** (a, aRowBytes, b, bRowBytes, out, outRowBytes, rows, groups): groups of 4 floats on each of `rows` rows. */
  addRows(...args: number[]): void;
  subRows(...args: number[]): void;
  mulRows(...args: number[]): void;
  /** (z, zRowBytes, out, outRowBytes, rows, groups) */
  oneMinusRows(...args: number[]): void;
  /** (y, yRowBytes, w, wRowBytes, idx, b, rows, groups) */
  gatherAddRows(...args: number[]): void;
  /** (src, srcRowBytes, dst, dstRowBytes, rows, groups): groups of 16 floats on each row. */
  tanhRows(...args: number[]): void;
  sigmoidRows(...args: number[]): void;
  /** (p, g, out, scaleAt, lrAt, groups): out = p − (g · s) · lr, groups of 4 floats. */
  sgdUpdate(p: number, g: number, out: number, scaleAt: number, lrAt: number, groups: number): void;
  /** (x, n, y): y = Σ x_i² over n floats, added in order. */
  sumOfSquares(x: number, n: number, y: number): void;
}

/**
 * `name(src, kStride, laneStride, K, count, dst)`: `count` columns (packB: n) or rows (packA: m) of
 * an operand, read with the two strides, into blocks of `width` lanes, `[⌈count/width⌉][K][width]`,
 * zero-padded. Lanes that lie side by side (`laneStride` 4) are copied a vector at a time.
 */
function packFunction(name: string, width: number): FunctionSpec {
  const [src, ks, ls, K, count, dst] = [0, 1, 2, 3, 4, 5];
  const [p, k, s, d, first, full] = [6, 7, 8, 9, 10, 11];
  const lanes: Bytes[] = Array.from({ length: width }, (_, l) =>
    ifElse(
      i32.ltU(i32.add(get(first), i32.const(l)), get(count)),
      [f32.store(i32.add(get(d), i32.const(4 * l)), f32.load(i32.add(get(s), i32.mul(i32.const(l), get(ls)))))],
      [f32.store(i32.add(get(d), i32.const(4 * l)), f32.const0)],
    ),
  );
  const vectors = Array.from({ length: width / 4 }, (_, v) => v128.store(get(d), v128.load(get(s), 16 * v), 16 * v));
  const body = seq(
    set(p, i32.const(0)),
    set(d, get(dst)),
    loop(
      set(first, i32.mul(get(p), i32.const(width))),
      set(full, i32.and(i32.eqz(i32.gtU(i32.add(get(first), i32.const(width)), get(count))), i32.eq(get(ls), i32.const(4)))),
      set(s, i32.add(get(src), i32.mul(get(first), get(ls)))),
      set(k, get(K)),
      loop(
        ifElse(get(full), vectors, lanes),
        set(s, i32.add(get(s), get(ks))),
        set(d, i32.add(get(d), i32.const(4 * width))),
        again(tee(k, i32.sub(get(k), i32.const(1)))),
      ),
      again(
        i32.ltU(tee(p, i32.add(get(p), i32.const(1))), i32.shrU(i32.add(get(count), i32.const(width - 1)), i32.const(Math.log2(width)))),
      ),
    ),
  );
  return { name, params: 6, locals: new Array(6).fill(I32), body };
}

function gemmFunction(): FunctionSpec {
  const [a, ars, aks, ats, pb, bias, c, ldc, M, N, K, i0, i1, j0, j1] = Array.from({ length: 15 }, (_, x) => x);
  const [i, j, mr, nr, ka, bp, kk, cRow, aTile] = [15, 16, 17, 18, 19, 20, 21, 22, 23];
  const aRow = [24, 25, 26, 27];
  const [b0, b1, va] = [28, 29, 30];
  const acc = (r: number, h: number) => 31 + 2 * r + h;
  const i32Locals = 13;
  const v128Locals = 3 + 2 * MR;

  // Rows past M read the last row again (their sums are never stored).
  const rowPointers = aRow.map((reg, r) =>
    set(
      reg,
      i32.add(get(aTile), i32.mul(get(ars), i32.select(i32.const(r), i32.sub(get(mr), i32.const(1)), i32.gtU(get(mr), i32.const(r))))),
    ),
  );
  const biasAt = (h: number) => v128.load(i32.add(get(bias), i32.shl(get(j), i32.const(5))), 16 * h);
  const start = ifElse(
    get(bias),
    Array.from({ length: 2 * MR }, (_, x) => set(acc(x >> 1, x & 1), biasAt(x & 1))),
    Array.from({ length: 2 * MR }, (_, x) => set(acc(x >> 1, x & 1), v128.zero)),
  );
  const step: Bytes[] = [set(b0, v128.load(get(bp))), set(b1, v128.load(get(bp), 16))];
  for (let r = 0; r < MR; r++) {
    step.push(set(va, v128.load32Splat(i32.add(get(aRow[r]), get(ka)))));
    step.push(set(acc(r, 0), f32x4.add(get(acc(r, 0)), f32x4.mul(get(va), get(b0)))));
    step.push(set(acc(r, 1), f32x4.add(get(acc(r, 1)), f32x4.mul(get(va), get(b1)))));
  }
  const rowAddress = (r: number) => i32.add(get(cRow), i32.mul(i32.const(r), get(ldc)));
  const fullStores = Array.from({ length: MR }, (_, r) => {
    const stores = seq(v128.store(rowAddress(r), get(acc(r, 0))), v128.store(rowAddress(r), get(acc(r, 1)), 16));
    return r === 0 ? stores : when(i32.gtU(get(mr), i32.const(r)), stores);
  });
  const partialStores = Array.from({ length: MR }, (_, r) => {
    const lanes = Array.from({ length: NR }, (_, l) =>
      when(i32.gtU(get(nr), i32.const(l)), f32.store(rowAddress(r), f32x4.extractLane(get(acc(r, l >> 2)), l & 3), 4 * l)),
    );
    return r === 0 ? seq(...lanes) : when(i32.gtU(get(mr), i32.const(r)), ...lanes);
  });

  const body = seq(
    set(i, get(i0)),
    loop(
      set(mr, i32.sub(get(M), i32.shl(get(i), i32.const(2)))),
      set(mr, i32.select(i32.const(MR), get(mr), i32.gtU(get(mr), i32.const(MR)))),
      set(aTile, i32.add(get(a), i32.mul(get(i), get(ats)))),
      ...rowPointers,
      set(j, get(j0)),
      set(cRow, i32.add(i32.add(get(c), i32.mul(i32.shl(get(i), i32.const(2)), get(ldc))), i32.shl(get(j), i32.const(5)))),
      loop(
        start,
        set(ka, i32.const(0)),
        set(bp, i32.add(get(pb), i32.mul(get(j), i32.shl(get(K), i32.const(5))))),
        set(kk, get(K)),
        loop(
          ...step,
          set(ka, i32.add(get(ka), get(aks))),
          set(bp, i32.add(get(bp), i32.const(4 * NR))),
          again(tee(kk, i32.sub(get(kk), i32.const(1)))),
        ),
        set(nr, i32.sub(get(N), i32.shl(get(j), i32.const(3)))),
        ifElse(i32.gtU(get(nr), i32.const(NR - 1)), fullStores, partialStores),
        set(cRow, i32.add(get(cRow), i32.const(4 * NR))),
        again(i32.ltU(tee(j, i32.add(get(j), i32.const(1))), get(j1))),
      ),
      again(i32.ltU(tee(i, i32.add(get(i), i32.const(1))), get(i1))),
    ),
  );
  return { name: "gemm", params: 15, locals: [...new Array(i32Locals).fill(I32), ...new Array(v128Locals).fill(V128)], body };
}

/** The module's bytes (with `tanh-simd.ts`'s tanh, `sigmoid-simd.ts`'s σ, `vector-ops.ts`'s functions and `row-passes.ts`'s passes), for a shared (threaded build) or unshared memory. */
export function gemmModuleBytes(shared: boolean): Uint8Array {
  const functions = [
    packFunction("packB", NR),
    packFunction("packA", MR),
    gemmFunction(),
    tanhFunction(),
    sigmoidFunction(),
    ...vectorFunctions(),
    ...passFunctions(),
  ];
  const index = (name: string) => functions.findIndex((f) => f.name === name);
  return moduleBytes(
    [...functions, rowsCallFunction("tanhRows", index("tanh")), rowsCallFunction("sigmoidRows", index("sigmoid"))],
    shared,
  );
}
