// Exercise 6.1.0: its catalogue entry and the implementation type its public and hidden tests share.
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.1.0",
  section: "6.1",
  title: "n 元语法的条件概率",
  question: "按书中的定义用词频计算条件概率，并据此计算一个序列在 n 元语法下的概率。",
  task: "conditionalProb 计算 P(word | context) = n(context, word) / n(context)（context 为空时为 n(word) / N）；sequenceProb 按 n 元语法（n − 1 阶马尔可夫链）计算序列的概率，开头不足 n − 1 个词时用已有的词作条件。",
  code: {
    names: ["conditionalProb", "sequenceProb"],
    signatures: [
      "conditionalProb(tokens: readonly string[], context: readonly string[], word: string): number",
      "sequenceProb(tokens: readonly string[], sequence: readonly string[], n: number): number",
    ],
    points: 7,
    forbid: ["conditionalProb", "sequenceProb", "sequenceLogProb", "ngramModel", "nextTokenProbs"],
  },
};

export interface Impl {
  conditionalProb: (tokens: readonly string[], context: readonly string[], word: string) => number;
  sequenceProb: (tokens: readonly string[], sequence: readonly string[], n: number) => number;
}
