// Public tests of exercise 6.2.2 (the output at step T depends on the input at step 1), by hand.
import * as tf from "@tensorflow/tfjs";
import { assert, defineTests } from "d2lzh/check";
import type { Params, Impl } from "./exercise";

export function callGrad(fn: Impl["outputGradWrtFirstInput"], params: Params, inputs: tf.Tensor2D[], H0: tf.Tensor2D): tf.Tensor2D {
  assert.ok(typeof fn === "function", "outputGradWrtFirstInput 应是一个函数");
  const g = fn(params, inputs, H0) as unknown;
  assert.shape(
    g,
    inputs[0].shape,
    "返回的梯度",
    [`批量大小 B = ${inputs[0].shape[0]}`, `输入维数 V = ${inputs[0].shape[1]}`],
    "对 X_1 的梯度与 X_1 形状相同",
  );
  return g as tf.Tensor2D;
}

/** One unit everywhere: W_xh = 1, W_hh = w, b = 0, W_hq = 1, b_q = 0. */
export const scalarParams = (w: number): Params => ({
  W_xh: tf.tensor2d([[1]]),
  W_hh: tf.tensor2d([[w]]),
  b_h: tf.tensor1d([0]),
  W_hq: tf.tensor2d([[1]]),
  b_q: tf.tensor1d([0]),
});

export default defineTests<Impl>("6.2.2", "public", (test) => {
  test("两个时间步时 ∂O_2/∂x_1 与手算一致", 2, ({ outputGradWrtFirstInput }) => {
    // x_1 = 0.5, x_2 = 0.2, w = 0.8: H_1 = tanh(0.5) = 0.462117, H_2 = tanh(0.2 + 0.8·H_1) = 0.515134,
    // ∂O_2/∂x_1 = (1 − H_2²)·w·(1 − H_1²) = 0.462203.
    const g = callGrad(outputGradWrtFirstInput, scalarParams(0.8), [tf.tensor2d([[0.5]]), tf.tensor2d([[0.2]])], tf.zeros([1, 1]));
    assert.close(
      g,
      tf.tensor2d([[0.4622027]]),
      "∂O_2/∂x_1",
      {},
      "链式法则：O_2 通过 H_2 → H_1 → x_1 依赖 x_1，每经过一步乘上 W_hh 和 tanh 的导数",
    );
  });

  test("W_hh = 0 时 O_T 不依赖 X_1（梯度为 0）", 1, ({ outputGradWrtFirstInput }) => {
    const g = callGrad(
      outputGradWrtFirstInput,
      scalarParams(0),
      [tf.tensor2d([[0.5]]), tf.tensor2d([[0.2]]), tf.tensor2d([[-0.3]])],
      tf.zeros([1, 1]),
    );
    assert.close(g, tf.zeros([1, 1]), "W_hh = 0 时的梯度", {}, "过去的信息只能经由 H_{t−1} W_hh 传到现在");
  });
});
