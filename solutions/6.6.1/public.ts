// Public tests of exercise 6.6.1 (∂L/∂h_t of a linear RNN in closed form; clipping by value), by hand.
import * as tf from "@tensorflow/tfjs";
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";

export function callClosed(fn: Impl["hiddenGradsClosedForm"], W_hh: tf.Tensor2D, W_qh: tf.Tensor2D, dLdO: tf.Tensor1D[]): tf.Tensor1D[] {
  assert.ok(typeof fn === "function", "hiddenGradsClosedForm 应是一个函数");
  const out = fn(W_hh, W_qh, dLdO) as unknown;
  assert.ok(Array.isArray(out) && out.length === dLdO.length, `应返回 ${dLdO.length} 个梯度（t = 1..T），实际得到 ${assert.describe(out)}`);
  out.forEach((g: unknown, t: number) => assert.shape(g, [W_hh.shape[0]], `∂L/∂h_${t + 1}`, [`隐藏单元数 h = ${W_hh.shape[0]}`], "每个 ∂L/∂h_t 是长 h 的向量"));
  return out as tf.Tensor1D[];
}

export function callClip(fn: Impl["clipByValue"], grads: tf.Tensor[], c: number): tf.Tensor[] {
  assert.ok(typeof fn === "function", "clipByValue 应是一个函数");
  const out = fn(grads, c) as unknown;
  assert.ok(Array.isArray(out) && out.length === grads.length, `clipByValue 应返回 ${grads.length} 个张量，实际得到 ${assert.describe(out)}`);
  out.forEach((g: unknown, i: number) => assert.shape(g, grads[i].shape, `返回的 grads[${i}]`));
  return out as tf.Tensor[];
}

export default defineTests<Impl>("6.6.1", "public", (test) => {
  test("一个隐藏单元、两个时间步时与手算一致", 2, ({ hiddenGradsClosedForm }) => {
    // h = q = 1, W_hh = w = 0.5, W_qh = u = 2, ∂L/∂o = (a, b) = (1, 3):
    // ∂L/∂h_2 = u·b = 6; ∂L/∂h_1 = w·u·b + u·a = 3 + 2 = 5.
    const out = callClosed(hiddenGradsClosedForm, tf.tensor2d([[0.5]]), tf.tensor2d([[2]]), [tf.tensor1d([1]), tf.tensor1d([3])]);
    assert.close(out[1], tf.tensor1d([6]), "∂L/∂h_2", {}, "最后一步只有来自 o_T 的一项：W_qh^⊤ ∂L/∂o_T");
    assert.close(out[0], tf.tensor1d([5]), "∂L/∂h_1", {}, "h_1 既影响 o_1，又经 W_hh 影响 h_2：W_hh^⊤ ∂L/∂h_2 + W_qh^⊤ ∂L/∂o_1");
  });

  test("按值裁剪把每个元素截到 [−c, c]", 1, ({ clipByValue }) => {
    const out = callClip(clipByValue, [tf.tensor2d([[-3, 0.5], [2, -0.25]]), tf.tensor1d([1.5])], 1);
    assert.close(out[0], tf.tensor2d([[-1, 0.5], [1, -0.25]]), "grads[0]", {}, "超出 [−c, c] 的元素截到边界，其余不变（方向会改变，这与按范数裁剪不同）");
    assert.close(out[1], tf.tensor1d([1]), "grads[1]");
  });
});
