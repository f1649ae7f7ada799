// Hidden tests of exercise 6.2.1: V ≠ H everywhere, inputs that are not one-hot (D ≠ V), the
// previous state matters, random values.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assert, defineTests, fixtures } from "d2lzh/check";
import type { Impl } from "./exercise";
import { callStep, checkedParams } from "./public";

export default defineTests<Impl>("6.2.1", "hidden", (test) => {
  test("词表比隐藏单元多或少时形状都对", 1, ({ getParams, rnnStepWithOutput }) => {
    for (const [V, H] of [
      [3, 8],
      [11, 5],
    ]) {
      const p = checkedParams(getParams, { numInputs: V, numHiddens: H, vocabSize: V }, d2l.seed(V));
      callStep(rnnStepWithOutput, p, tf.zeros([4, H]), fixtures.normal2d(d2l.seed(H), 4, V), V);
    }
  });

  test("输入不是 one-hot（词嵌入，D ≠ V）时输出个数仍由词表决定", 1, ({ getParams, rnnStepWithOutput }) => {
    // Embeddings of length D = 3 for a vocabulary of V = 9 words, H = 4 hidden units.
    const [D, H, V] = [3, 4, 9];
    const p = checkedParams(getParams, { numInputs: D, numHiddens: H, vocabSize: V }, d2l.seed(622));
    callStep(rnnStepWithOutput, p, tf.zeros([2, H]), fixtures.normal2d(d2l.seed(623), 2, D), V);
  });

  test("H_t 用到上一步的隐藏状态 H_{t−1}", 1, ({ rnnStepWithOutput }) => {
    // X = 0, b_h = 0, W_hh = 2·I: H_t = tanh(2 H_{t−1}).
    const params = {
      W_xh: tf.ones([2, 2]) as tf.Tensor2D,
      W_hh: tf.tensor2d([
        [2, 0],
        [0, 2],
      ]),
      b_h: tf.zeros([2]) as tf.Tensor1D,
      W_hq: tf.eye(2) as tf.Tensor2D,
      b_q: tf.zeros([2]) as tf.Tensor1D,
    };
    const out = callStep(rnnStepWithOutput, params, tf.tensor2d([[0.1, -0.3]]), tf.zeros([1, 2]), 2);
    assert.close(out.H, tf.tensor2d([[Math.tanh(0.2), Math.tanh(-0.6)]]), "H_t", {}, "别忘了 H_{t−1} W_hh 这一项");
  });

  test("随机参数下与公式一致", 1, ({ rnnStepWithOutput }) => {
    const rng = d2l.seed(621);
    const [B, D, V, H] = [3, 5, 6, 4];
    const p = {
      W_xh: fixtures.normal2d(rng, D, H, 0.5),
      W_hh: fixtures.normal2d(rng, H, H, 0.5),
      b_h: fixtures.normal1d(rng, H, 0.5),
      W_hq: fixtures.normal2d(rng, H, V, 0.5),
      b_q: fixtures.normal1d(rng, V, 0.5),
    };
    const H0 = fixtures.normal2d(rng, B, H);
    const X = fixtures.normal2d(rng, B, D);
    const out = callStep(rnnStepWithOutput, p, H0, X, V);
    const Hw = tf.tanh(X.matMul(p.W_xh).add(H0.matMul(p.W_hh)).add(p.b_h));
    assert.close(out.H, Hw, "H_t");
    assert.close(out.O, Hw.matMul(p.W_hq).add(p.b_q), "O_t");
  });
});
