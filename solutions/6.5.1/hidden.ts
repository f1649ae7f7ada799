// Hidden tests of exercise 6.5.1: the model's parameter count equals the formula, the book's sizes.
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";
import { buildModel } from "./public";

export default defineTests<Impl>("6.5.1", "hidden", (test) => {
  test("书中的规模：V = 1027、H = 256 时的参数个数", 1, ({ paramCount }) => {
    assert.equal(paramCount(1027, 256), 1027 * 256 + 256 * 256 + 256 + 256 * 1027 + 1027, "paramCount(1027, 256)");
  });

  test("模型自己的参数个数与 paramCount 一致，且用的是 H 个单元的循环层", 1, ({ conciseRnnModel, paramCount }) => {
    const model = buildModel(conciseRnnModel, 7, 5, 3);
    assert.equal(model.countParams(), paramCount(7, 5), "model.countParams() 与 paramCount(7, 5)", "两者应一致：检查循环层和输出层");
    const rnn = model.layers.find((l) => l.getClassName() === "SimpleRNN");
    assert.ok(rnn !== undefined, "模型里没有 SimpleRNN 层", "用 tf.layers.simpleRNN");
    assert.equal((rnn!.getConfig() as { units?: number }).units, 5, "SimpleRNN 的 units");
  });
});
