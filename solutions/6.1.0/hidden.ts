// Hidden tests of exercise 6.1.0: the Markov order is respected, unseen contexts, random corpora.
import * as d2l from "d2lzh";
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";
import { CORPUS, prob } from "./public";

function count(tokens: readonly string[], gram: readonly string[]): number {
  let c = 0;
  for (let i = 0; i + gram.length <= tokens.length; i++) if (gram.every((w, k) => tokens[i + k] === w)) c++;
  return c;
}

function refCond(tokens: readonly string[], context: readonly string[], word: string): number {
  if (context.length === 0) return count(tokens, [word]) / tokens.length;
  const d = count(tokens, context);
  return d === 0 ? 0 : count(tokens, [...context, word]) / d;
}

export default defineTests<Impl>("6.1.0", "hidden", (test) => {
  test("只用前面 n − 1 个词作条件（更早的词不算）", 1, ({ sequenceProb }) => {
    // 他 我 想 你: with n = 2 the last factor is P(你 | 想) = 2/3; a full history would give P(你 | 他我想) = 0.
    const p = prob(sequenceProb, [CORPUS, ["他", "我", "想", "你"], 2], "sequenceProb(语料, 他我想你, 2)");
    assert.close(
      p,
      (1 / 9) * 1 * 1 * (2 / 3),
      "二元语法下的 P(他我想你)",
      {},
      "n 元语法是 n − 1 阶马尔可夫链：第 t 个词只以它前面 n − 1 个词为条件",
    );
    const q = prob(sequenceProb, [CORPUS, ["他", "我", "想", "你"], 3], "sequenceProb(语料, 他我想你, 3)");
    assert.close(q, (1 / 9) * 1 * 1 * (2 / 3), "三元语法下的 P(他我想你)", {}, "三元语法：P(w1) P(w2 | w1) P(w3 | w1, w2) P(w4 | w2, w3)");
  });

  test("条件从未出现时概率为 0", 1, ({ conditionalProb }) => {
    assert.close(
      prob(conditionalProb, [CORPUS, ["你", "他"], "我"], "conditionalProb(语料, [你, 他], 我)"),
      0,
      "P(我 | 你, 他)",
      {},
      "n(你他) = 0 时按约定返回 0，不要返回 NaN",
    );
  });

  test("随机语料上与按定义计数的结果一致", 2, ({ conditionalProb, sequenceProb }) => {
    const rng = d2l.seed(610);
    const words = ["春", "夏", "秋", "冬", "风"];
    const tokens = Array.from({ length: 400 }, () => words[rng.randint(0, words.length)]);
    for (let k = 0; k < 20; k++) {
      const len = rng.randint(0, 3);
      const context = Array.from({ length: len }, () => words[rng.randint(0, words.length)]);
      const word = words[rng.randint(0, words.length)];
      assert.close(
        prob(conditionalProb, [tokens, context, word], "conditionalProb"),
        refCond(tokens, context, word),
        `P(${word} | ${context.join("") || "∅"})`,
      );
    }
    for (const n of [1, 2, 3, 4]) {
      const seq = Array.from({ length: 6 }, () => words[rng.randint(0, words.length)]);
      let want = 1;
      for (let t = 0; t < seq.length; t++) want *= refCond(tokens, seq.slice(Math.max(0, t - n + 1), t), seq[t]);
      assert.close(prob(sequenceProb, [tokens, seq, n], "sequenceProb"), want, `${n} 元语法下的 P(${seq.join("")})`, {
        rtol: 1e-9,
        atol: 1e-15,
      });
    }
  });
});
