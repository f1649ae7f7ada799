// Hidden tests of exercise 6.6.1: the closed form against autodiff of a linear RNN (non-symmetric
// W_hh, q ≠ h), and clipping by value on random tensors without touching the inputs.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assert, defineTests, fixtures } from "d2lzh/check";
import type { Impl } from "./exercise";
import { callClip, callClosed } from "./public";

export default defineTests<Impl>("6.6.1", "hidden", (test) => {
  test("随机的线性 RNN 上与自动求导一致（W_hh 不对称，q ≠ h）", 1, ({ hiddenGradsClosedForm }) => {
    const rng = d2l.seed(661);
    const [h, q, d, T] = [4, 3, 2, 5];
    const W_hh = fixtures.normal2d(rng, h, h, 0.6);
    const W_qh = fixtures.normal2d(rng, q, h);
    const W_hx = fixtures.normal2d(rng, h, d);
    const xs = Array.from({ length: T }, () => fixtures.normal1d(rng, d));
    const dLdO = Array.from({ length: T }, () => fixtures.normal1d(rng, q));
    // L = Σ_t <dLdO_t, o_t>, so ∂L/∂o_t = dLdO_t; differentiate with respect to perturbations e_t added to h_t.
    const hs0 = Array.from({ length: T }, () => tf.zeros([h]) as tf.Tensor1D);
    const grads = tf.grads((...es: tf.Tensor[]) => {
      let ht: tf.Tensor = tf.zeros([h, 1]);
      let L: tf.Tensor = tf.scalar(0);
      for (let t = 0; t < T; t++) {
        ht = W_hx.matMul(xs[t].reshape([d, 1])).add(W_hh.matMul(ht)).add(es[t].reshape([h, 1]));
        L = L.add(W_qh.matMul(ht).reshape([q]).mul(dLdO[t]).sum());
      }
      return L as tf.Scalar;
    })(hs0);
    const out = callClosed(hiddenGradsClosedForm, W_hh, W_qh, dLdO);
    out.forEach((g, t) => assert.close(g, grads[t], `∂L/∂h_${t + 1}`, { atol: 1e-4, rtol: 1e-3 }, "注意是 W_hh 的转置：(W_hh^⊤)^{T−i}"));
  });

  test("按值裁剪：随机张量、不改动输入", 1, ({ clipByValue }) => {
    const rng = d2l.seed(6611);
    const g = fixtures.normal2d(rng, 4, 5, 3);
    const before = g.arraySync();
    const out = callClip(clipByValue, [g], 0.7);
    assert.close(out[0], before.map((r) => r.map((v) => Math.max(-0.7, Math.min(0.7, v)))), "裁剪后的梯度");
    assert.ok(!g.isDisposed, "传入的梯度被释放了");
    assert.close(g, before, "传入的梯度", {}, "返回新的张量，不要修改传入的梯度");
  });
});
