// Exercise 6.1.1: its catalogue entry and the implementation type its public and hidden tests share.
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.1.1",
  section: "6.1",
  title: "四元语法要存储多少个频率",
  question: "假设训练数据集中有 10 万个词，四元语法需要存储多少词频和多词相邻频率？",
  task: "ngramStorage 对 n = 1 到 maxN 分别数出一段语料中不同 n 元组的个数和 n 元组的出现位置数；storageBound 给出 N 个词、词表大小 V 时不同 n 元组个数的上界（能达到的最大值）。检查格在小语料、随机语料和边界情况上核对。",
  code: {
    names: ["ngramStorage", "storageBound"],
    signatures: [
      "ngramStorage(tokens: readonly string[], maxN: number): { n: number; distinct: number; positions: number }[]",
      "storageBound(numTokens: number, vocabSize: number, n: number): number",
    ],
    points: 6,
    forbid: ["countNgrams", "ngramStats"],
  },
  written: { points: 3 },
};

export type Row = { n: number; distinct: number; positions: number };
export interface Impl {
  ngramStorage: (tokens: readonly string[], maxN: number) => Row[];
  storageBound: (numTokens: number, vocabSize: number, n: number) => number;
}
