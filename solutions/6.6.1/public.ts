// Public tests of exercise 6.6.1 (∂L/∂H_t of a linear RNN in closed form; rescaling W_hh to a
// spectral norm of at most maxNorm), by hand.
import * as tf from "@tensorflow/tfjs";
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";

export function callClosed(fn: Impl["hiddenGradsClosedForm"], W_hh: tf.Tensor2D, W_hq: tf.Tensor2D, dLdO: tf.Tensor1D[]): tf.Tensor1D[] {
  assert.ok(typeof fn === "function", "hiddenGradsClosedForm 应是一个函数");
  const out = fn(W_hh, W_hq, dLdO) as unknown;
  assert.ok(
    Array.isArray(out) && out.length === dLdO.length,
    `hiddenGradsClosedForm 应返回 ${dLdO.length} 个梯度组成的数组（t = 1..T），实际得到 ${assert.describe(out)}`,
  );
  out.forEach((g: unknown, t: number) =>
    assert.shape(g, [W_hh.shape[0]], `∂L/∂H_${t + 1}`, [`隐藏单元数 h = ${W_hh.shape[0]}`], "每个 ∂L/∂H_t 是长 h 的向量"),
  );
  return out as tf.Tensor1D[];
}

export function callSpectral(fn: Impl["clipSpectralNorm"], W_hh: tf.Tensor2D, maxNorm: number): tf.Tensor2D {
  assert.ok(typeof fn === "function", "clipSpectralNorm 应是一个函数");
  const out = fn(W_hh, maxNorm) as unknown;
  assert.shape(out, W_hh.shape, "clipSpectralNorm 返回的矩阵", ["行", "列"], "返回与 W_hh 形状相同的矩阵");
  return out as tf.Tensor2D;
}

export default defineTests<Impl>("6.6.1", "public", (test) => {
  test("一个隐藏单元、两个时间步时与手算一致", 1, ({ hiddenGradsClosedForm }) => {
    // h = q = 1, W_hh = w = 0.5, W_hq = u = 2, ∂L/∂O = (a, b) = (1, 3):
    // ∂L/∂H_2 = b·u = 6; ∂L/∂H_1 = a·u + ∂L/∂H_2·w = 2 + 3 = 5.
    const out = callClosed(hiddenGradsClosedForm, tf.tensor2d([[0.5]]), tf.tensor2d([[2]]), [tf.tensor1d([1]), tf.tensor1d([3])]);
    assert.close(out[1], tf.tensor1d([6]), "∂L/∂H_2", {}, "最后一步只有来自 O_T 的一项：∂L/∂O_T W_hq^⊤");
    assert.close(out[0], tf.tensor1d([5]), "∂L/∂H_1", {}, "H_1 既影响 O_1，又经 W_hh 影响 H_2：两条路径的梯度相加");
  });

  test("对角矩阵：谱范数超过 maxNorm 时等比例缩小，不超过时不变", 1, ({ clipSpectralNorm }) => {
    // diag(3, 0.5) has singular values 3 and 0.5: scaled by 1/3 it becomes diag(1, 1/6).
    const big = callSpectral(
      clipSpectralNorm,
      tf.tensor2d([
        [3, 0],
        [0, 0.5],
      ]),
      1,
    );
    assert.close(
      big,
      tf.tensor2d([
        [1, 0],
        [0, 1 / 6],
      ]),
      "clipSpectralNorm(diag(3, 0.5), 1)",
      { atol: 1e-4, rtol: 1e-3 },
      "整个矩阵乘同一个数 maxNorm / σ_max，方向不变",
    );
    // diag(0.5, 0.2) already has spectral norm 0.5 ≤ 1.
    const small = callSpectral(
      clipSpectralNorm,
      tf.tensor2d([
        [0.5, 0],
        [0, 0.2],
      ]),
      1,
    );
    assert.close(
      small,
      tf.tensor2d([
        [0.5, 0],
        [0, 0.2],
      ]),
      "clipSpectralNorm(diag(0.5, 0.2), 1)",
      { atol: 1e-5, rtol: 1e-4 },
      "谱范数不超过 maxNorm 时不要缩放",
    );
  });
});
