// Hidden tests of exercise 6.6.1: the closed form against autodiff of a linear RNN (non-symmetric
// W_hh, q ≠ h); the spectral norm of a non-normal matrix (spectral radius 0.5, largest singular
// value ≈ 4.06), and a random W_hh whose gradients stop growing once rescaled.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assert, defineTests, fixtures } from "d2lzh/check";
import type { Impl } from "./exercise";
import { callClosed, callSpectral } from "./public";

/** The largest singular value by 500 steps of power iteration on W^⊤W from a random start. */
function spectralNorm(W: tf.Tensor2D): number {
  return tf.tidy(() => {
    let v = fixtures.normal2d(d2l.seed(6619), W.shape[1], 1);
    for (let k = 0; k < 500; k++) {
      const w = tf.matMul(W, tf.matMul(W, v), true, false);
      v = tf.div(w, tf.norm(w)) as tf.Tensor2D;
    }
    return tf.norm(tf.matMul(W, v)).dataSync()[0];
  });
}

/** ‖∂L/∂H_t‖, t = 1..T, when only O_T has a loss: ∂L/∂H_t = ∂L/∂O_T W_hq^⊤ (W_hh^⊤)^{T−t}. */
function lastLossNorms(W_hh: tf.Tensor2D, W_hq: tf.Tensor2D, dLdO_T: tf.Tensor1D, T: number): number[] {
  return tf.tidy(() => {
    let g = tf.matMul(tf.reshape(dLdO_T, [1, -1]), W_hq, false, true);
    const norms = [tf.norm(g).dataSync()[0]];
    for (let t = 1; t < T; t++) {
      g = tf.matMul(g, W_hh, false, true);
      norms.unshift(tf.norm(g).dataSync()[0]);
    }
    return norms;
  });
}

export default defineTests<Impl>("6.6.1", "hidden", (test) => {
  test("随机的线性 RNN 上与自动求导一致（W_hh 不对称，q ≠ h）", 1, ({ hiddenGradsClosedForm }) => {
    const rng = d2l.seed(661);
    const [h, q, d, T] = [4, 3, 2, 5];
    const W_hh = fixtures.normal2d(rng, h, h, 0.6);
    const W_hq = fixtures.normal2d(rng, h, q);
    const W_xh = fixtures.normal2d(rng, d, h);
    const xs = Array.from({ length: T }, () => fixtures.normal1d(rng, d));
    const dLdO = Array.from({ length: T }, () => fixtures.normal1d(rng, q));
    // L = Σ_t <∂L/∂O_t, O_t>; differentiate with respect to perturbations e_t added to the row H_t.
    const es0 = Array.from({ length: T }, () => tf.zeros([h]) as tf.Tensor1D);
    const grads = tf.grads((...es: tf.Tensor[]) => {
      let Ht: tf.Tensor = tf.zeros([1, h]);
      let L: tf.Tensor = tf.scalar(0);
      for (let t = 0; t < T; t++) {
        Ht = xs[t]
          .reshape([1, d])
          .matMul(W_xh)
          .add(Ht.matMul(W_hh))
          .add(es[t].reshape([1, h]));
        L = L.add(Ht.matMul(W_hq).reshape([q]).mul(dLdO[t]).sum());
      }
      return L as tf.Scalar;
    })(es0);
    const out = callClosed(hiddenGradsClosedForm, W_hh, W_hq, dLdO);
    out.forEach((g, t) =>
      assert.close(
        g,
        grads[t],
        `∂L/∂H_${t + 1}`,
        { atol: 1e-4, rtol: 1e-3 },
        "行向量记号下从 H_{t+1} 传回的一项是 ∂L/∂H_{t+1} W_hh^⊤：注意转置",
      ),
    );
  });

  test("非正规矩阵：按最大奇异值而不是特征值缩放", 1, ({ clipSpectralNorm }) => {
    // [[0.5, 4], [0, 0.5]]: both eigenvalues are 0.5, but σ_max² = (16.5 + √(16.5² − 4·0.0625)) / 2,
    // σ_max ≈ 4.0615: repeated products grow although the spectral radius is below 1.
    const W = tf.tensor2d([
      [0.5, 4],
      [0, 0.5],
    ]);
    const sigma = Math.sqrt((16.5 + Math.sqrt(16.5 * 16.5 - 0.25)) / 2);
    const out = callSpectral(clipSpectralNorm, W, 1);
    assert.close(
      out,
      tf.div(W, sigma),
      "clipSpectralNorm([[0.5, 4], [0, 0.5]], 1)",
      { atol: 1e-4, rtol: 1e-3 },
      "谱范数是最大奇异值（W^⊤W 最大特征值的平方根），不是特征值绝对值的最大者（谱半径）；这个矩阵的谱半径只有 0.5，却能把向量放大 4 倍",
    );
  });

  test("随机 W_hh：缩放后谱范数等于 maxNorm，梯度不再随距离增长，输入不变", 1, ({ clipSpectralNorm }) => {
    const rng = d2l.seed(6611);
    const [h, q, T, maxNorm] = [6, 4, 20, 1];
    const W_hh = fixtures.normal2d(rng, h, h, 0.8);
    const before = W_hh.arraySync();
    const W_hq = fixtures.normal2d(rng, h, q);
    const dLdO_T = fixtures.normal1d(rng, q);
    const sigma = spectralNorm(W_hh);
    const out = callSpectral(clipSpectralNorm, W_hh, maxNorm);
    assert.close(
      out,
      tf.mul(W_hh, maxNorm / sigma),
      "缩放后的 W_hh",
      { atol: 1e-4, rtol: 1e-3 },
      `这个 W_hh 的最大奇异值约为 ${sigma.toFixed(3)}：整个矩阵乘 maxNorm / σ_max`,
    );
    const grown = lastLossNorms(W_hh, W_hq, dLdO_T, T);
    const tamed = lastLossNorms(out, W_hq, dLdO_T, T);
    tamed.forEach((n, t) => {
      if (t + 1 < T)
        assert.ok(
          n <= tamed[t + 1] * (1 + 1e-4) + 1e-6,
          `缩放后 ‖∂L/∂H_${t + 1}‖ = ${assert.num(n)} 仍大于 ‖∂L/∂H_${t + 2}‖ = ${assert.num(tamed[t + 1])}（缩放前 ‖∂L/∂H_1‖ / ‖∂L/∂H_T‖ = ${assert.num(grown[0] / grown[T - 1])}）`,
          "谱范数 ≤ 1 时每往回一步梯度的长度都不会变大",
        );
    });
    assert.ok(!W_hh.isDisposed, "传入的 W_hh 被释放了");
    assert.close(W_hh, before, "传入的 W_hh", {}, "返回新的张量，不要修改传入的 W_hh");
  });
});
