// Hidden tests of exercise 6.4.2 (gradient clipping): several tensors clipped as one vector,
// zero gradients, ownership of the inputs, random cases against the formula.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";
import { callClip } from "./public";

export default defineTests<Impl>("6.4.2", "hidden", (test) => {
  test("把所有梯度合成一个向量求范数（不是逐个张量裁剪）", 1, ({ gradClipping }) => {
    // Each tensor has norm 3 ≤ θ = 4, together ‖g‖ = sqrt(18) ≈ 4.243 > 4: all are scaled by 4 / sqrt(18).
    const out = callClip(gradClipping, [tf.tensor1d([3, 0]), tf.tensor1d([0, 3])], 4);
    const s = 4 / Math.sqrt(18);
    assert.close(
      out.grads[0],
      tf.tensor1d([3 * s, 0]),
      "grads[0]",
      {},
      "θ 约束的是所有梯度合起来的范数：先把所有参数的梯度放在一起求 ‖g‖，再统一缩放",
    );
    assert.close(out.grads[1], tf.tensor1d([0, 3 * s]), "grads[1]", {}, "θ 约束的是所有梯度合起来的范数");
  });

  test("全零梯度保持为零（不出现 NaN）", 1, ({ gradClipping }) => {
    const out = callClip(gradClipping, [tf.zeros([2, 3]), tf.zeros([4])], 0.5);
    assert.close(out.grads[0], tf.zeros([2, 3]), "grads[0]", {}, "‖g‖ = 0 时不要计算 θ/‖g‖（会得到 Infinity·0 = NaN）：min(θ/‖g‖, 1) = 1");
    assert.close(out.grads[1], tf.zeros([4]), "grads[1]");
    assert.close(out.norm, 0, "norm");
    // Only a function that also clips earns this point (zeros for everything would pass the above).
    const g = callClip(gradClipping, [tf.tensor1d([3, 4])], 1);
    assert.close(g.grads[0], tf.tensor1d([0.6, 0.8]), "非零梯度 [3, 4]、θ = 1 时的 grads[0]");
  });

  test("不修改、不释放传入的梯度", 1, ({ gradClipping }) => {
    const grads = [
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      tf.tensor1d([5, 6]),
    ];
    const out = callClip(gradClipping, grads, 0.1);
    // The returned gradients point along the given ones (zeros for everything would pass the rest).
    out.grads.forEach((g, i) => {
      const [got, given] = [Array.from(g.dataSync()), Array.from(grads[i].dataSync())];
      const c = got[0] / given[0];
      assert.ok(
        c > 0 && got.every((v, k) => Math.abs(v - c * given[k]) <= 1e-5 * Math.abs(given[k] * c) + 1e-7),
        `返回的 grads[${i}] 应是传入梯度的正数倍，实际 [${got.join(", ")}]`,
      );
    });
    grads.forEach((g, i) => assert.ok(!g.isDisposed, `传入的 grads[${i}] 被释放了：裁剪函数不应释放调用者的张量`));
    assert.close(
      grads[0],
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      "传入的 grads[0]",
      {},
      "返回新的张量，不要原地修改传入的梯度",
    );
    assert.close(grads[1], tf.tensor1d([5, 6]), "传入的 grads[1]");
  });

  test("随机的多组梯度与公式 min(θ/‖g‖, 1)·g 一致", 1, ({ gradClipping }) => {
    const rng = d2l.seed(642);
    for (const theta of [0.01, 1, 100]) {
      const shapes = [[4, 3], [3], [2, 2, 2], []];
      const grads = shapes.map((s) =>
        tf.tensor(
          rng.normals(
            s.reduce((a, b) => a * b, 1),
            0,
            2,
          ),
          s,
        ),
      );
      const values = grads.map((g) => Array.from(g.dataSync()));
      const norm = Math.sqrt(values.flat().reduce((a, v) => a + v * v, 0));
      const scale = Math.min(theta / norm, 1);
      const out = callClip(gradClipping, grads, theta);
      assert.close(out.norm, norm, `theta = ${theta} 时的 norm`);
      out.grads.forEach((g, i) =>
        assert.close(
          g,
          values[i].map((v) => v * scale),
          `theta = ${theta} 时的 grads[${i}]`,
        ),
      );
    }
  });
});
