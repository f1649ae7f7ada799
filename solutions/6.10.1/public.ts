// Public tests of exercise 6.10.1 (a bidirectional RNN whose directions have different sizes).
import * as tf from "@tensorflow/tfjs";
import { assert, defineTests } from "d2lzh/check";
import type { Direction, Impl } from "./exercise";

/** Calls biRnn and checks the output list: T tensors of shape [B, h1 + h2]. */
export function callBi(biRnn: Impl["biRnn"], params: { forward: Direction; backward: Direction }, inputs: tf.Tensor2D[]): tf.Tensor2D[] {
  assert.ok(typeof biRnn === "function", "biRnn 应是一个函数");
  const out = biRnn(params, inputs) as unknown;
  assert.ok(Array.isArray(out), `biRnn 应返回张量数组（每个时间步一个），实际得到 ${assert.describe(out)}`);
  assert.ok(out.length === inputs.length, `biRnn 应返回 ${inputs.length} 个时间步的输出，实际 ${out.length} 个`);
  const [B] = inputs[0].shape;
  const h1 = params.forward.W_hh.shape[0];
  const h2 = params.backward.W_hh.shape[0];
  out.forEach((H: unknown, t: number) =>
    assert.shape(
      H,
      [B, h1 + h2],
      `第 ${t + 1} 个时间步的输出`,
      [`批量大小 B = ${B}`, `h1 + h2 = ${h1} + ${h2}`],
      "两个方向的隐藏状态沿特征维（第 2 维，axis 1）拼接：形状是 [B, h1 + h2]",
    ),
  );
  return out as tf.Tensor2D[];
}

const dir = (W_xh: number[][], W_hh: number[][], b_h: number[]): Direction => ({
  W_xh: tf.tensor2d(W_xh),
  W_hh: tf.tensor2d(W_hh),
  b_h: tf.tensor1d(b_h),
});

export default defineTests<Impl>("6.10.1", "public", (test) => {
  test("两个方向隐藏单元数不同时每个时间步输出的形状", 1, ({ biRnn }) => {
    const params = {
      forward: dir(
        [[0.1, 0.2]],
        [
          [0, 0],
          [0, 0],
        ],
        [0, 0],
      ),
      backward: dir(
        [[0.1, 0.2, 0.3]],
        [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ],
        [0, 0, 0],
      ),
    };
    callBi(biRnn, params, [tf.ones([4, 1]), tf.ones([4, 1]), tf.ones([4, 1])]);
  });

  test("正向和反向的值（手算的小例子）", 2, ({ biRnn }) => {
    // x = (1, −1), one unit per direction. Forward: W_xh = 1, W_hh = 0.5: →H_1 = tanh(1) = 0.761594,
    // →H_2 = tanh(−1 + 0.5·0.761594) = −0.550573. Backward: W_xh = 2, W_hh = 0.5, reading x_2 first:
    // ←H_2 = tanh(−2) = −0.964028, ←H_1 = tanh(2 + 0.5·(−0.964028)) = 0.908346.
    const params = { forward: dir([[1]], [[0.5]], [0]), backward: dir([[2]], [[0.5]], [0]) };
    const out = callBi(biRnn, params, [tf.tensor2d([[1]]), tf.tensor2d([[-1]])]);
    const hint = "反向从最后一个时间步读起，得到的 ←H_t 要放回第 t 步，再与 →H_t 拼成 [→H_t, ←H_t]";
    assert.close(out[0], tf.tensor2d([[0.7615942, 0.9083461]]), "第 1 步的 [→H_1, ←H_1]", {}, hint);
    assert.close(out[1], tf.tensor2d([[-0.5505728, -0.9640276]]), "第 2 步的 [→H_2, ←H_2]", {}, hint);
  });
});
