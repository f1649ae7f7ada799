// Public tests of exercise 6.4.3 (greedy generation with fixed parameters), on a hand-made model.
import * as tf from "@tensorflow/tfjs";
import { assert, defineTests } from "d2lzh/check";
import type { Params, Impl } from "./exercise";

export function vocabOf(chars: string): { charToIdx: Map<string, number>; idxToChar: string[] } {
  const idxToChar = Array.from(chars);
  return { idxToChar, charToIdx: new Map(idxToChar.map((c, i) => [c, i])) };
}

export function callPredict(fn: Impl["predictRnnGreedy"], prefix: string, numChars: number, params: Params, chars: string): string {
  assert.ok(typeof fn === "function", "predictRnnGreedy 应是一个函数");
  const { charToIdx, idxToChar } = vocabOf(chars);
  const out = fn(prefix, numChars, params, charToIdx, idxToChar) as unknown;
  assert.ok(typeof out === "string", `predictRnnGreedy 应返回字符串，实际得到 ${assert.describe(out)}`);
  return out;
}

/** Vocabulary 我想你 (V = 3, H = 3): H ≈ one-hot of the input (W_xh = 10·I, W_hh = 0), and W_hq sends
 *  我 → 想, 想 → 你, 你 → 我, so greedy generation cycles 我想你我想你… */
export function cycleParams(): Params {
  return {
    W_xh: tf.mul(tf.eye(3), 10) as tf.Tensor2D,
    W_hh: tf.zeros([3, 3]) as tf.Tensor2D,
    b_h: tf.zeros([3]) as tf.Tensor1D,
    W_hq: tf.tensor2d([
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
    ]),
    b_q: tf.zeros([3]) as tf.Tensor1D,
  };
}

export default defineTests<Impl>("6.4.3", "public", (test) => {
  test("手工构造的模型从「我」出发循环生成「想你我…」", 1, ({ predictRnnGreedy }) => {
    const out = callPredict(predictRnnGreedy, "我", 5, cycleParams(), "我想你");
    assert.equal(
      out,
      "我想你我想你",
      'predictRnnGreedy("我", 5, …)',
      "返回前缀加上生成的 numChars 个字符；每一步取分数最大的字符，再把它作为下一步的输入",
    );
  });

  test("多字前缀：读完整个前缀后从最后的状态开始生成", 1, ({ predictRnnGreedy }) => {
    const out = callPredict(predictRnnGreedy, "你我", 2, cycleParams(), "我想你");
    assert.equal(out, "你我想你", 'predictRnnGreedy("你我", 2, …)', "前缀的每个字符都要读入（更新隐藏状态），但只从前缀之后开始生成");
  });
});
