// Hidden tests of exercise 6.2.2: random sizes against autodiff of the reference, long sequences.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assert, defineTests, fixtures } from "d2lzh/check";
import type { Impl, Params } from "./exercise";
import { callGrad } from "./public";

function reference(p: Params, inputs: tf.Tensor2D[], H0: tf.Tensor2D): tf.Tensor {
  return tf.grad((X1: tf.Tensor) => {
    let H: tf.Tensor = H0;
    inputs.forEach((X, t) => (H = tf.tanh((t === 0 ? X1 : X).matMul(p.W_xh).add(H.matMul(p.W_hh)).add(p.b_h))));
    return H.matMul(p.W_hq).add(p.b_q).sum();
  })(inputs[0]);
}

function randomParams(rng: d2l.Rng, V: number, H: number): Params {
  return {
    W_xh: fixtures.normal2d(rng, V, H, 0.5),
    W_hh: fixtures.normal2d(rng, H, H, 0.5),
    b_h: fixtures.normal1d(rng, H, 0.1),
    W_hq: fixtures.normal2d(rng, H, V, 0.5),
    b_q: fixtures.normal1d(rng, V, 0.1),
  };
}

export default defineTests<Impl>("6.2.2", "hidden", (test) => {
  test("随机参数、多个隐藏单元时与自动求导一致", 1, ({ outputGradWrtFirstInput }) => {
    const rng = d2l.seed(622);
    const p = randomParams(rng, 5, 4);
    const inputs = Array.from({ length: 4 }, () => fixtures.normal2d(rng, 3, 5));
    const H0 = fixtures.normal2d(rng, 3, 4, 0.3);
    const want = reference(p, inputs, H0);
    assert.close(callGrad(outputGradWrtFirstInput, p, inputs, H0), want, "∂sum(O_T)/∂X_1", { atol: 1e-5, rtol: 1e-3 });
  });

  test("只有一个时间步时就是 O_1 对 X_1 的梯度", 1, ({ outputGradWrtFirstInput }) => {
    const rng = d2l.seed(6221);
    const p = randomParams(rng, 3, 2);
    const inputs = [fixtures.normal2d(rng, 2, 3)];
    const H0 = tf.zeros([2, 2]) as tf.Tensor2D;
    const want = reference(p, inputs, H0);
    assert.close(callGrad(outputGradWrtFirstInput, p, inputs, H0), want, "∂sum(O_1)/∂X_1", { atol: 1e-5, rtol: 1e-3 });
  });
});
