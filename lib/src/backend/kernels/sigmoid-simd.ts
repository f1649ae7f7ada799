/**
 * σ(x) = 1 / (1 + e^−x) on four floats at a time, to the bit the Sigmoid of tfjs-backend-wasm
 * 4.22, whose kernel hands the tensor to XNNPACK's f32 sigmoid operator: on wasm SIMD that runs the
 * "rr2-p5-div" method, written here again from its description (XNNPACK, BSD licence):
 *
 *   z = |x|;  n = round(−z / ln 2) by a magic-number add;  s = 2^n from n's low bits;
 *   t = z + n·ln 2 in two parts (hi, lo);  e^−z ≈ s + (t·s)·p(t), p a degree-5 polynomial
 *   without its constant term, evaluated by Horner's rule;  f = e / (e + 1);
 *   f = 0 where z is past the point at which e^−z is no longer a normal float; σ(x) = 1 − f for x > 0.
 *
 * Every step is one float32 multiply or add, rounded once (wasm SIMD has no fused multiply-add),
 * in the order above, so any lane gives the stock kernel's number. Calling it directly saves
 * XNNPACK's thread pool wake-up, which costs more than the arithmetic on a time loop's [32, 768].
 * `sigmoidf` is the same method one number at a time (the last n mod 16 elements, and the
 * tests' statement of what is computed); `sigmoid.test.ts` checks both against the stock kernel.
 */
import { FunctionSpec, bits, f32x4, i32, i32x4, v128 } from "./wasm-emit";
import { lanesFunction } from "./lanes";

const f = Math.fround;
// The constants as float32 values (hex float literals in the description: 0x1.8000FEp23 and so on).
const MAGIC_BIAS = f(12583039); // 0x1.8000FEp23: 1.5·2^23 + 127, so n's low bits are the biased exponent
const MINUS_LOG2E = f(-1.4426950216293335); // −0x1.715476p0
const LN2_HI = f(0.693145751953125); // 0x1.62E400p−1 (the last 7 bits zero: n·LN2_HI is exact)
const LN2_LO = f(1.428606765330187e-6); // 0x1.7F7D1Cp−20
const C5 = f(-0.008289290592074394); // −0x1.0F9F9Cp−7
const C4 = f(0.04189782217144966); // 0x1.573A1Ap−5
const C3 = f(-0.16667652130126953); // −0x1.555A80p−3
const C2 = f(0.4999915063381195); // 0x1.FFFDC6p−2
const C1 = f(-0.9999997019767761); // −0x1.FFFFF6p−1
const DENORM_CUTOFF = f(87.33654022216797); // 0x1.5D589Ep6: the largest z with e^−z normal

const view = new DataView(new ArrayBuffer(4));
const bitsOf = (x: number): number => (view.setFloat32(0, x), view.getUint32(0));
const fromBits = (b: number): number => (view.setUint32(0, b >>> 0), view.getFloat32(0));

/** σ of one float32, with the float operations of the SIMD function below. */
export function sigmoidf(value: number): number {
  const x = f(value);
  const z = Math.abs(x);
  let n = f(MAGIC_BIAS + f(z * MINUS_LOG2E));
  const s = fromBits(bitsOf(n) << 23);
  n = f(n - MAGIC_BIAS);
  let t = f(z + f(n * LN2_HI));
  t = f(t + f(n * LN2_LO));
  let p = f(C4 + f(t * C5));
  p = f(C3 + f(t * p));
  p = f(C2 + f(t * p));
  p = f(C1 + f(t * p));
  t = f(t * s);
  const e = f(s + f(t * p));
  let y = f(e / f(e + 1));
  if (z > DENORM_CUTOFF) y = 0;
  return x > 0 ? f(1 - y) : y;
}

/** Groups of 4 floats computed side by side in the loop. */
export const SIGMOID_UNROLL = 4;

/** `sigmoid(src, dst, groups)`: `groups` groups of 4·SIGMOID_UNROLL floats (in place allowed). */
export function sigmoidFunction(): FunctionSpec {
  const names = ["x", "z", "n", "s", "t", "p", "e"];
  const F = f32x4;
  return lanesFunction("sigmoid", SIGMOID_UNROLL, names, ({ get: g, set: st, f32: c, input, store }) => [
    st("x", input),
    st("z", F.abs(g("x"))),
    st("n", F.add(c(MAGIC_BIAS), F.mul(g("z"), c(MINUS_LOG2E)))),
    st("s", i32x4.shl(g("n"), i32.const(23))),
    st("n", F.sub(g("n"), c(MAGIC_BIAS))),
    st("t", F.add(g("z"), F.mul(g("n"), c(LN2_HI)))),
    st("t", F.add(g("t"), F.mul(g("n"), c(LN2_LO)))),
    st("p", F.add(c(C4), F.mul(g("t"), c(C5)))),
    st("p", F.add(c(C3), F.mul(g("t"), g("p")))),
    st("p", F.add(c(C2), F.mul(g("t"), g("p")))),
    st("p", F.add(c(C1), F.mul(g("t"), g("p")))),
    st("t", F.mul(g("t"), g("s"))),
    st("e", F.add(g("s"), F.mul(g("t"), g("p")))),
    st("e", F.div(g("e"), F.add(g("e"), c(1)))),
    st("e", bits.select(v128.zero, g("e"), F.gt(g("z"), c(DENORM_CUTOFF)))),
    // σ(x) = 1 − f for x > 0 (x = +0 gives 1 − ½ = ½, as f does).
    store(bits.select(F.sub(c(1), g("e")), g("e"), F.gt(g("x"), v128.zero))),
  ]);
}
