// Hidden tests of exercise 6.8.0: random values against the formulas, gates chosen by biases.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assert, defineTests, fixtures } from "d2lzh/check";
import type { Impl, LstmParams } from "./exercise";
import { callLstm, lstmParams } from "./public";

export default defineTests<Impl>("6.8.0", "hidden", (test) => {
  test("随机参数下与公式一致", 2, ({ lstmStep }) => {
    const rng = d2l.seed(680);
    const [B, D, H] = [3, 4, 5];
    const gates: Record<string, tf.Tensor> = {};
    for (const g of ["i", "f", "o", "c"]) {
      gates[`W_x${g}`] = fixtures.normal2d(rng, D, H, 0.8);
      gates[`W_h${g}`] = fixtures.normal2d(rng, H, H, 0.8);
      gates[`b_${g}`] = fixtures.normal1d(rng, H, 0.5);
    }
    const P = gates as unknown as LstmParams;
    const H0 = fixtures.normal2d(rng, B, H, 0.7);
    const C0 = fixtures.normal2d(rng, B, H, 1.5);
    const X = fixtures.normal2d(rng, B, D);
    const a = (g: string) =>
      X.matMul(gates[`W_x${g}`])
        .add(H0.matMul(gates[`W_h${g}`]))
        .add(gates[`b_${g}`]);
    const C = tf
      .sigmoid(a("f"))
      .mul(C0)
      .add(tf.sigmoid(a("i")).mul(tf.tanh(a("c"))));
    const Hn = tf.sigmoid(a("o")).mul(tf.tanh(C));
    const s = callLstm(lstmStep, P, { H: H0, C: C0 }, X);
    assert.close(s.C, C, "C_t");
    assert.close(s.H, Hn, "H_t");
  });

  test("遗忘门打开、输入门关上时记忆细胞原样保留", 1, ({ lstmStep }) => {
    // b_f = 30 → F ≈ 1, b_i = −30 → I ≈ 0: C_t = C_{t−1} = 2.5, even though it is outside [−1, 1].
    const s = callLstm(
      lstmStep,
      lstmParams(1, 1, { b_f: [30], b_i: [-30], b_o: [30], W_xc: [[3]] }),
      { H: tf.tensor2d([[0.1]]), C: tf.tensor2d([[2.5]]) },
      tf.tensor2d([[1]]),
    );
    assert.close(s.C, tf.tensor2d([[2.5]]), "C_t", {}, "F ≈ 1、I ≈ 0：记忆细胞不变（不要把它截到 [−1, 1]）");
    assert.close(s.H, tf.tensor2d([[Math.tanh(2.5)]]), "H_t");
  });
});
