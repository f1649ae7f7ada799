// Public tests of exercise 6.7.1 (ideal gate values so that H_T depends only on X_t′), checked by
// gradients: a GRU whose gates are forced to the student's values, ∂H_T/∂X_s for every s.
import * as tf from "@tensorflow/tfjs";
import { fixtures } from "d2lzh/check";
import { seed } from "d2lzh";
import { assert, defineTests } from "d2lzh/check";
const { normal1d, normal2d } = fixtures;
import type { Impl } from "./exercise";
import { expectRecord } from "../shared/records";

export function callGates(fn: Impl["gateValues"], T: number, tPrime: number): { R: number[]; Z: number[] } {
  assert.ok(typeof fn === "function", "gateValues 应是一个函数");
  const g = fn(T, tPrime) as unknown as Record<string, unknown>;
  expectRecord(g, `gateValues(${T}, ${tPrime})`, ["R", "Z"]);
  for (const name of ["R", "Z"]) {
    const a = g[name];
    assert.ok(
      Array.isArray(a) && a.length === T,
      `gateValues(${T}, ${tPrime}).${name} 应是长 ${T} 的数组（每个时间步一个数），实际得到 ${assert.describe(a)}`,
    );
    a.forEach((x: unknown, i: number) => {
      assert.finiteNumber(x, `${name}[${i}]`);
      assert.ok(x >= 0 && x <= 1, `${name}[${i}] = ${x} 不在 [0, 1] 内`, "门的值域是 [0, 1]");
    });
  }
  return g as { R: number[]; Z: number[] };
}

/**
 * Norms of ∂sum(H_T)/∂X_s for s = 1..T, for a GRU (D = 2, H = 3, random weights) whose reset and
 * update gates at step s are the given numbers instead of σ(…).
 */
export function dependence(gates: { R: number[]; Z: number[] }, seedValue: number): number[] {
  const rng = seed(seedValue);
  const T = gates.R.length;
  const [D, H] = [2, 3];
  const W_xh = normal2d(rng, D, H);
  const W_hh = normal2d(rng, H, H);
  const b_h = normal1d(rng, H, 0.1);
  const xs = Array.from({ length: T }, () => normal2d(rng, 1, D));
  const H0 = normal2d(rng, 1, H, 0.5);
  return tf.tidy(() => {
    const grads = tf.grads((...X: tf.Tensor[]) => {
      let Hs: tf.Tensor = H0;
      for (let s = 0; s < T; s++) {
        const H_tilde = tf.tanh(X[s].matMul(W_xh).add(Hs.mul(gates.R[s]).matMul(W_hh)).add(b_h));
        Hs = Hs.mul(gates.Z[s]).add(H_tilde.mul(1 - gates.Z[s]));
      }
      return Hs.sum() as tf.Scalar;
    })(xs);
    return grads.map((g) => tf.norm(g).dataSync()[0]);
  });
}

/** Fails unless H_T depends on X_t′ and on no other input. */
export function checkDependence(gates: { R: number[]; Z: number[] }, T: number, tPrime: number, seedValue: number): void {
  const norms = dependence(gates, seedValue);
  norms.forEach((n, i) => {
    const s = i + 1;
    if (s === tPrime) {
      assert.ok(
        n > 1e-3,
        `T = ${T}、t′ = ${tPrime}：H_T 对 X_${s} 的梯度是 0，H_T 不依赖 X_{t′}`,
        "在 t′ 处要让新状态来自候选隐藏状态（更新门取 0），之后再把它保留下来（更新门取 1）",
      );
    } else {
      assert.ok(
        n < 1e-6,
        `T = ${T}、t′ = ${tPrime}：H_T 对 X_${s} 的梯度范数是 ${assert.num(n)}，不为 0（H_T 还依赖 X_${s}）`,
        s < tPrime ? "在 t′ 处把过去丢掉：更新门取 0，重置门也取 0" : "t′ 之后的时间步要原样保留隐藏状态：更新门取 1",
      );
    }
  });
}

export default defineTests<Impl>("6.7.1", "public", (test) => {
  test("T = 4、t′ = 2：H_T 只依赖 X_2（按梯度检查）", 2, ({ gateValues }) => {
    checkDependence(callGates(gateValues, 4, 2), 4, 2, 671);
  });
});
