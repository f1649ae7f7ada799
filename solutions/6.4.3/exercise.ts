// Exercise 6.4.3: its catalogue entry and the implementation type its public and hidden tests share.
import type { OutputParams, RnnParams } from "d2lzh";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.4.3",
  section: "6.4",
  title: "未充分训练的模型怎样写歌词",
  question: "把 predPeriod 设为 1，观察未充分训练的模型（困惑度高）是如何创作歌词的。你获得了什么启发？",
  task: "predictRnnGreedy 用给定的参数从前缀出发贪心地（每步取概率最大的字符）生成 numChars 个字符。",
  code: {
    names: ["predictRnnGreedy"],
    signatures: [
      "predictRnnGreedy(prefix: string, numChars: number, params: { W_xh; W_hh; b_h; W_hq; b_q }, charToIdx: Map<string, number>, idxToChar: readonly string[]): string",
    ],
    points: 4,
    forbid: ["predictRnn"],
  },
  written: { points: 2 },
};

export type Params = RnnParams & OutputParams;
export interface Impl {
  predictRnnGreedy: (
    prefix: string,
    numChars: number,
    params: Params,
    charToIdx: Map<string, number>,
    idxToChar: readonly string[],
  ) => string;
}
