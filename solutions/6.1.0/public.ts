// Public tests of exercise 6.1.0 (conditional probabilities of n-gram models), derived by hand.
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";

/** 我 想 你 我 想 他 我 想 你: n(我) = 3, n(想) = 3, n(你) = 2, n(他) = 1, N = 9;
 *  n(我想) = 3, n(想你) = 2, n(想他) = 1, n(你我) = 1, n(他我) = 1; n(我想你) = 2, n(想你我) = 1. */
export const CORPUS: readonly string[] = ["我", "想", "你", "我", "想", "他", "我", "想", "你"];

export function prob(fn: (...args: never[]) => unknown, args: unknown[], what: string): number {
  assert.ok(typeof fn === "function", `${what.split("(")[0]} 应是一个函数`);
  const p = (fn as (...a: unknown[]) => unknown)(...args);
  assert.finiteNumber(p, what);
  return p;
}

export default defineTests<Impl>("6.1.0", "public", (test) => {
  test("条件概率是 n(context, word) / n(context)", 1, ({ conditionalProb }) => {
    assert.close(
      prob(conditionalProb, [CORPUS, ["想"], "你"], "conditionalProb(语料, [想], 你)"),
      2 / 3,
      "P(你 | 想)",
      {},
      "n(想你) = 2，n(想) = 3：分母是条件 context 出现的次数，不是语料的长度",
    );
    assert.close(
      prob(conditionalProb, [CORPUS, ["我", "想"], "你"], "conditionalProb(语料, [我, 想], 你)"),
      2 / 3,
      "P(你 | 我, 想)",
      {},
      "n(我想你) = 2，n(我想) = 3",
    );
  });

  test("没有条件时是词频 n(word) / N", 1, ({ conditionalProb }) => {
    assert.close(
      prob(conditionalProb, [CORPUS, [], "我"], "conditionalProb(语料, [], 我)"),
      3 / 9,
      "P(我)",
      {},
      "一元语法：n(我) = 3，N = 9",
    );
  });

  test("序列概率按 n 元语法连乘", 1, ({ sequenceProb }) => {
    // n = 1: P(想) P(你) P(我) = 3/9 · 2/9 · 3/9; n = 2: P(想) P(你 | 想) P(我 | 你) = 1/3 · 2/3 · 1/2.
    assert.close(
      prob(sequenceProb, [CORPUS, ["想", "你", "我"], 1], "sequenceProb(语料, 想你我, 1)"),
      (3 / 9) * (2 / 9) * (3 / 9),
      "一元语法下的 P(想你我)",
    );
    assert.close(
      prob(sequenceProb, [CORPUS, ["想", "你", "我"], 2], "sequenceProb(语料, 想你我, 2)"),
      (1 / 3) * (2 / 3) * (1 / 2),
      "二元语法下的 P(想你我)",
      {},
      "二元语法：P(w1) P(w2 | w1) P(w3 | w2)",
    );
  });
});
