// Public tests of exercise 6.10.2 (a stack of bidirectional layers).
import * as tf from "@tensorflow/tfjs";
import { assert, defineTests } from "d2lzh/check";
import type { Direction, BiLayer, Impl } from "./exercise";

export function callDeepBi(fn: Impl["deepBiRnn"], params: BiLayer[], inputs: tf.Tensor2D[]): tf.Tensor2D[] {
  assert.ok(typeof fn === "function", "deepBiRnn 应是一个函数");
  const out = fn(params, inputs) as unknown;
  assert.ok(
    Array.isArray(out) && out.length === inputs.length,
    `deepBiRnn 应返回 ${inputs.length} 个时间步的输出，实际得到 ${assert.describe(out)}`,
  );
  const last = params[params.length - 1];
  const [hf, hb] = [last.forward.W_hh.shape[0], last.backward.W_hh.shape[0]];
  const B = inputs[0].shape[0];
  out.forEach((H: unknown, t: number) =>
    assert.shape(
      H,
      [B, hf + hb],
      `第 ${t + 1} 步的输出`,
      [`批量大小 B = ${B}`, `最上层的 h_f + h_b = ${hf} + ${hb}`],
      "输出是最上层两个方向的拼接",
    ),
  );
  return out as tf.Tensor2D[];
}

/** A direction with D inputs and H units, all weights equal to w and biases 0. */
export const constDirection = (D: number, H: number, w: number): Direction => ({
  W_xh: tf.fill([D, H], w) as tf.Tensor2D,
  W_hh: tf.fill([H, H], w) as tf.Tensor2D,
  b_h: tf.zeros([H]) as tf.Tensor1D,
});

export default defineTests<Impl>("6.10.2", "public", (test) => {
  test("每层的输入个数（三层，两个方向大小不同）", 1, ({ layerInputSizes }) => {
    assert.ok(typeof layerInputSizes === "function", "layerInputSizes 应是一个函数");
    assert.equal(
      layerInputSizes(10, [
        [4, 6],
        [3, 2],
        [5, 5],
      ]),
      [10, 10, 5],
      "layerInputSizes(10, [[4, 6], [3, 2], [5, 5]])",
      "第 2 层读 4 + 6 = 10 个，第 3 层读 3 + 2 = 5 个",
    );
  });

  test("两层时最上层每个时间步输出的形状", 2, ({ deepBiRnn }) => {
    const params = [
      { forward: constDirection(3, 2, 0.1), backward: constDirection(3, 4, 0.1) },
      { forward: constDirection(6, 3, 0.1), backward: constDirection(6, 1, 0.1) },
    ];
    callDeepBi(deepBiRnn, params, [tf.ones([2, 3]), tf.ones([2, 3]), tf.zeros([2, 3])]);
  });
});
