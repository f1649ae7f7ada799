// Public tests of exercise 6.4.4 (detaching the hidden state between consecutive batches), by hand.
import * as tf from "@tensorflow/tfjs";
import { assert, defineTests } from "d2lzh/check";
import type { Params, Impl } from "./exercise";

export function callSecond(
  fn: Impl["secondBatchGrad"],
  params: Params,
  b1: tf.Tensor2D[],
  b2: tf.Tensor2D[],
  H0: tf.Tensor2D,
  detach: boolean,
): tf.Tensor2D {
  assert.ok(typeof fn === "function", "secondBatchGrad 应是一个函数");
  const g = fn(params, b1, b2, H0, detach) as unknown;
  assert.shape(
    g,
    params.W_xh.shape,
    `detach = ${detach} 时返回的梯度`,
    ["输入维数 D", "隐藏单元数 H"],
    "返回 L 对 W_xh 的梯度，形状与 W_xh 相同",
  );
  return g as tf.Tensor2D;
}

/** One unit: W_xh = a = 0.5, W_hh = w = 0.8, W_hq = 1, biases 0; batch 1 is x_1 = 1, batch 2 is x_2 = 0.5, H_0 = 0.
 *  H_1 = tanh(0.5) = 0.462117, H_2 = tanh(0.25 + 0.8·H_1) = 0.550915, L = O_2 = H_2. */
export const scalarCase = () => ({
  params: {
    W_xh: tf.tensor2d([[0.5]]),
    W_hh: tf.tensor2d([[0.8]]),
    b_h: tf.tensor1d([0]),
    W_hq: tf.tensor2d([[1]]),
    b_q: tf.tensor1d([0]),
  },
  batch1: [tf.tensor2d([[1]])],
  batch2: [tf.tensor2d([[0.5]])],
  H0: tf.zeros([1, 1]) as tf.Tensor2D,
});

export default defineTests<Impl>("6.4.4", "public", (test) => {
  test("分离隐藏状态时，梯度只来自第二个批量自己的计算", 1, ({ secondBatchGrad }) => {
    // dL/da with H_1 a constant: (1 − H_2²)·x_2 = 0.348246.
    const c = scalarCase();
    assert.close(
      callSecond(secondBatchGrad, c.params, c.batch1, c.batch2, c.H0, true),
      tf.tensor2d([[0.3482465]]),
      "detach = true 时的 dL/dW_xh",
      {},
      "分离后 H_1 是常数：dL/dW_xh = (1 − H_2²)·x_2",
    );
  });

  test("不分离时，梯度经隐藏状态传回第一个批量", 1, ({ secondBatchGrad }) => {
    // dL/da = (1 − H_2²)·(x_2 + w·(1 − H_1²)·x_1) = 0.786451.
    const c = scalarCase();
    assert.close(
      callSecond(secondBatchGrad, c.params, c.batch1, c.batch2, c.H0, false),
      tf.tensor2d([[0.7864507]]),
      "detach = false 时的 dL/dW_xh",
      {},
      "H_1 也依赖 W_xh：多出一项 (1 − H_2²)·w·(1 − H_1²)·x_1",
    );
  });
});
