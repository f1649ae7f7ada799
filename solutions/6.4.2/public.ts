// Public tests of exercise 6.4.2 (gradient clipping). Cases use one gradient tensor; hidden tests
// add several tensors at once, zero gradients and input ownership.
import * as tf from "@tensorflow/tfjs";
import { assert, defineTests } from "d2lzh/check";
import type { Clip, Impl } from "./exercise";
import { expectRecord } from "../shared/records";

/** Calls the student's gradClipping and checks the shape of what comes back. */
export function callClip(gradClipping: Clip, grads: tf.Tensor[], theta: number): { grads: tf.Tensor[]; norm: number } {
  assert.ok(typeof gradClipping === "function", "gradClipping 应是一个函数");
  // Counted before the call: a function that empties the array it was given must not shrink the check.
  const shapes = grads.map((g) => g.shape);
  const out = gradClipping(grads, theta) as unknown;
  expectRecord(out, "gradClipping", ["grads", "norm"]);
  const { grads: clipped, norm } = out as { grads: unknown; norm: unknown };
  assert.ok(Array.isArray(clipped), `返回值的 grads 应是张量数组（每个参数一个裁剪后的梯度），实际得到 ${assert.describe(clipped)}`);
  assert.ok(clipped.length === shapes.length, `返回的 grads 应有 ${shapes.length} 个张量，实际有 ${clipped.length} 个`);
  assert.ok(grads.length === shapes.length, `不要改变传入的 grads 数组：它原有 ${shapes.length} 个张量，调用后剩 ${grads.length} 个`);
  clipped.forEach((g, i) => assert.shape(g, shapes[i], `返回的 grads[${i}]`));
  assert.finiteNumber(norm, "返回值的 norm");
  return { grads: clipped as tf.Tensor[], norm };
}

export default defineTests<Impl>("6.4.2", "public", (test) => {
  test("范数不超过 theta 时梯度保持原值", 1, ({ gradClipping }) => {
    // g = [3, 4], ‖g‖ = 5 ≤ θ = 10: nothing to clip.
    const out = callClip(gradClipping, [tf.tensor1d([3, 4])], 10);
    assert.close(out.grads[0], tf.tensor1d([3, 4]), "grads[0]", {}, "‖g‖ ≤ θ 时 min(θ/‖g‖, 1) = 1，梯度不应改变（也不应被放大）");
  });

  test("返回裁剪前的范数 ‖g‖", 1, ({ gradClipping }) => {
    // g = [[3, 4], [0, 12]]: ‖g‖ = sqrt(9 + 16 + 144) = 13.
    const out = callClip(
      gradClipping,
      [
        tf.tensor2d([
          [3, 4],
          [0, 12],
        ]),
      ],
      1,
    );
    assert.close(out.norm, 13, "norm", {}, "norm 是裁剪之前的 L2 范数 ‖g‖ = sqrt(所有元素的平方和)，不是裁剪之后的");
  });

  test("范数超过 theta 时按 θ/‖g‖ 缩放，方向不变", 1, ({ gradClipping }) => {
    // ‖g‖ = 13 > θ = 2.6: every element is multiplied by 2.6 / 13 = 0.2.
    const out = callClip(
      gradClipping,
      [
        tf.tensor2d([
          [3, 4],
          [0, 12],
        ]),
      ],
      2.6,
    );
    assert.close(
      out.grads[0],
      tf.tensor2d([
        [0.6, 0.8],
        [0, 2.4],
      ]),
      "裁剪后的 grads[0]",
      {},
      "裁剪后的梯度是 (θ/‖g‖)·g：范数正好是 θ，方向与 g 相同",
    );
  });
});
