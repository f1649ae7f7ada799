/**
 * tanh on four floats at a time, to the bit the tanh of tfjs-backend-wasm 4.22 (whose Tanh kernel
 * calls the C library's `tanhf`: musl's, through emscripten), at 3–5x its speed. Matching it bit
 * for bit means computing what musl libc (MIT licence) computes, so the ranges, thresholds and
 * constants below are musl's (from fdlibm); the code is written for SIMD lanes here.
 *
 * musl computes tanhf(x) from expm1f(±2|x|) in five ranges of |x|, and expm1f with a reduction
 * by k·ln 2 and a rational correction; both are written in float32 arithmetic without fused
 * multiply-adds. Here every lane computes each range's formula and keeps the one its |x| falls
 * in, so every float operation of the lane's own branch is the same as musl's, in the same order.
 * `tanhf` below is the same algorithm one number at a time (for the last n mod 4 elements, and as
 * the tests' statement of what is computed); `kernels.test.ts` checks both against the stock
 * kernel on a million inputs and the special values.
 */
import { Bytes, FunctionSpec, bits, f32x4, i32, i32x4 } from "./wasm-emit";
import { lanesFunction } from "./lanes";

const f = Math.fround;
const LN2_HI = f(6.9313812256e-1); // 0x3f317180
const LN2_LO = f(9.0580006145e-6); // 0x3717f7d1
const INV_LN2 = f(1.4426950216); // 0x3fb8aa3b
const Q1 = f(-3.3333212137e-2);
const Q2 = f(1.5807170421e-3);

const view = new DataView(new ArrayBuffer(4));
const bitsOf = (x: number): number => (view.setFloat32(0, x), view.getUint32(0));
const fromBits = (b: number): number => (view.setUint32(0, b >>> 0), view.getFloat32(0));

/** musl's expm1f for the arguments tanhf passes (|y| ≤ 20: no overflow branch). */
function expm1f(y: number): number {
  const ay = bitsOf(y) & 0x7fffffff;
  if (ay < 0x33000000) return y; // |y| < 2^-25
  const k = ay > 0x3eb17218 ? Math.trunc(f(f(INV_LN2 * y) + (y < 0 ? -0.5 : 0.5))) : 0;
  const hi = f(y - f(k * LN2_HI));
  const lo = f(k * LN2_LO);
  const x = f(hi - lo);
  const c = f(f(hi - x) - lo);
  const hfx = f(0.5 * x);
  const hxs = f(x * hfx);
  const r1 = f(1 + f(hxs * f(Q1 + f(hxs * Q2))));
  const t = f(3 - f(r1 * hfx));
  let e = f(hxs * f(f(r1 - t) / f(6 - f(x * t))));
  if (k === 0) return f(x - f(f(x * e) - hxs));
  e = f(f(f(x * f(e - c)) - c) - hxs);
  if (k === -1) return f(f(0.5 * f(x - e)) - 0.5);
  if (k === 1) return x < -0.25 ? f(-2 * f(e - f(x + 0.5))) : f(1 + f(2 * f(x - e)));
  const twoK = fromBits((0x7f + k) << 23);
  const u = fromBits((0x7f - k) << 23);
  return k < 23 ? f(f(f(x - e) + f(1 - u)) * twoK) : f(f(f(x - f(e + u)) + 1) * twoK);
}

/** musl's tanhf (float32 in, float32 out). */
export function tanhf(value: number): number {
  const x = f(value);
  const w = bitsOf(x) & 0x7fffffff;
  const ax = fromBits(w);
  let t: number;
  if (w > 0x41200000)
    t = f(1 + 0 / ax); // |x| > 10, ±∞, NaN
  else if (w > 0x3f0c9f54) t = f(1 - f(2 / f(expm1f(f(2 * ax)) + 2)));
  else if (w > 0x3e82c578) {
    const e = expm1f(f(2 * ax));
    t = f(e / f(e + 2));
  } else if (w >= 0x00800000) {
    const e = expm1f(f(-2 * ax));
    t = f(-e / f(e + 2));
  } else t = ax; // subnormal or zero
  return x < 0 || Object.is(x, -0) ? -t : t;
}

/** Groups of 4 floats computed side by side in the loop. */
export const UNROLL = 4;

/** `tanh(src, dst, groups)`: `groups` groups of 4·UNROLL floats (in place allowed). */
export function tanhFunction(): FunctionSpec {
  const names = ["x", "ax", "y", "big", "kf", "hi", "lo", "xr", "c", "hfx", "hxs", "r1", "t", "e", "e2", "k", "em", "rp1", "rk"];
  const F = f32x4;
  return lanesFunction("tanh", UNROLL, names, ({ get: g, set: s, f32: c, i32: int, input, store }) => {
    const gt = (v: Bytes, n: number) => i32x4.gtS(v, int(n));
    return [
      s("x", input),
      s("ax", bits.and(g("x"), int(0x7fffffff))),
      // expm1f's argument: +2|x| where |x| > 0.2554 (ranges B and C), −2|x| below (range D).
      s("y", bits.select(F.add(g("ax"), g("ax")), F.mul(g("ax"), c(-2)), gt(g("ax"), 0x3e82c578))),
      s("big", gt(bits.and(g("y"), int(0x7fffffff)), 0x3eb17218)),
      s("kf", bits.and(F.trunc(F.add(F.mul(c(INV_LN2), g("y")), bits.or(c(0.5), bits.and(g("y"), int(-0x80000000))))), g("big"))),
      s("hi", F.sub(g("y"), F.mul(g("kf"), c(LN2_HI)))),
      s("lo", F.mul(g("kf"), c(LN2_LO))),
      s("xr", F.sub(g("hi"), g("lo"))),
      s("c", F.sub(F.sub(g("hi"), g("xr")), g("lo"))),
      s("hfx", F.mul(c(0.5), g("xr"))),
      s("hxs", F.mul(g("xr"), g("hfx"))),
      s("r1", F.add(c(1), F.mul(g("hxs"), F.add(c(Q1), F.mul(g("hxs"), c(Q2)))))),
      s("t", F.sub(c(3), F.mul(g("r1"), g("hfx")))),
      s("e", F.mul(g("hxs"), F.div(F.sub(g("r1"), g("t")), F.sub(c(6), F.mul(g("xr"), g("t")))))),
      s("e2", F.sub(F.sub(F.mul(g("xr"), F.sub(g("e"), g("c"))), g("c")), g("hxs"))),
      s("k", i32x4.fromF32(g("kf"))),
      // k ≥ 2: (x − e + (1 − 2^−k))·2^k below k = 23, (x − (e + 2^−k) + 1)·2^k from it.
      s(
        "rk",
        F.mul(
          bits.select(
            F.add(F.sub(g("xr"), g("e2")), F.sub(c(1), i32x4.shl(i32x4.sub(int(0x7f), g("k")), i32.const(23)))),
            F.add(F.sub(g("xr"), F.add(g("e2"), i32x4.shl(i32x4.sub(int(0x7f), g("k")), i32.const(23)))), c(1)),
            i32x4.ltS(g("k"), int(23)),
          ),
          i32x4.shl(i32x4.add(int(0x7f), g("k")), i32.const(23)),
        ),
      ),
      s(
        "rp1",
        bits.select(
          F.mul(c(-2), F.sub(g("e2"), F.add(g("xr"), c(0.5)))),
          F.add(c(1), F.mul(c(2), F.sub(g("xr"), g("e2")))),
          F.lt(g("xr"), c(-0.25)),
        ),
      ),
      s("em", bits.select(g("rp1"), g("rk"), i32x4.eq(g("k"), int(1)))),
      s("em", bits.select(F.sub(F.mul(c(0.5), F.sub(g("xr"), g("e2"))), c(0.5)), g("em"), i32x4.eq(g("k"), int(-1)))),
      s("em", bits.select(F.sub(g("xr"), F.sub(F.mul(g("xr"), g("e")), g("hxs"))), g("em"), i32x4.eq(g("k"), int(0)))),
      s("em", bits.select(g("y"), g("em"), i32x4.ltS(bits.and(g("y"), int(0x7fffffff)), int(0x33000000)))),
      // tanhf's ranges, from the smallest |x| up; then the sign of x.
      s("t", g("ax")),
      s("t", bits.select(F.div(F.sub(c(0), g("em")), F.add(g("em"), c(2))), g("t"), gt(g("ax"), 0x007fffff))),
      s("t", bits.select(F.div(g("em"), F.add(g("em"), c(2))), g("t"), gt(g("ax"), 0x3e82c578))),
      s("t", bits.select(F.sub(c(1), F.div(c(2), F.add(g("em"), c(2)))), g("t"), gt(g("ax"), 0x3f0c9f54))),
      s("t", bits.select(F.add(c(1), F.div(c(0), g("ax"))), g("t"), gt(g("ax"), 0x41200000))),
      store(bits.xor(g("t"), bits.and(g("x"), int(-0x80000000)))),
    ];
  });
}
