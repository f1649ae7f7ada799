// Public tests of exercise 6.5.1 (the concise model built from tf.layers).
import * as tf from "@tensorflow/tfjs";
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";

export function buildModel(fn: Impl["conciseRnnModel"], V: number, H: number, T: number): tf.LayersModel {
  assert.ok(typeof fn === "function", "conciseRnnModel 应是一个函数");
  const model = fn(V, H, T) as unknown;
  assert.ok(
    model instanceof tf.LayersModel,
    `conciseRnnModel 应返回 tf.LayersModel（例如 tf.sequential()），实际得到 ${assert.describe(model)}`,
  );
  return model;
}

export default defineTests<Impl>("6.5.1", "public", (test) => {
  test("参数个数：V = 3、H = 2 时是 21", 1, ({ paramCount }) => {
    // W_xh 3·2 + W_hh 2·2 + b_h 2 + W_hq 2·3 + b_q 3 = 21.
    assert.ok(typeof paramCount === "function", "paramCount 应是一个函数");
    assert.equal(paramCount(3, 2), 21, "paramCount(3, 2)", "W_xh [V, H]、W_hh [H, H]、b_h [H]、W_hq [H, V]、b_q [V]，一个都不能少");
  });

  test("输入 [B, T, V] 时每个时间步都有 V 个输出", 2, ({ conciseRnnModel }) => {
    const model = buildModel(conciseRnnModel, 6, 4, 5);
    const out = model.predict(
      tf
        .oneHot(
          tf.tensor2d(
            [
              [0, 1, 2, 3, 4],
              [5, 4, 3, 2, 1],
            ],
            [2, 5],
            "int32",
          ),
          6,
        )
        .toFloat(),
    ) as tf.Tensor;
    assert.shape(
      out,
      [2, 5, 6],
      "模型的输出",
      ["批量大小 B", "时间步数 T", "输出个数 = 词表大小 V"],
      "循环层要 returnSequences: true，才会给出每个时间步的输出",
    );
  });
});
