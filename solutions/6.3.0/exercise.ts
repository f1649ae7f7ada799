// Exercise 6.3.0: its catalogue entry and the implementation type its public and hidden tests share.
import type { Rng } from "d2lzh";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.3.0",
  section: "6.3",
  title: "随机采样与相邻采样",
  question: "实现书中的两种采样：随机采样 data_iter_random 与相邻采样 data_iter_consecutive。",
  task: "dataIterRandom 每个 epoch 把语料切成从 0, T, 2T, … 开始的样本，按种子打乱后每批取 B 个；dataIterConsecutive 把语料均分成 B 行，第 i 个批量取每行的第 iT 到 iT + T − 1 列。两者都产生 [X, Y]（形状 [B, T]，Y 是 X 在语料中后移一位）。",
  code: {
    names: ["dataIterRandom", "dataIterConsecutive"],
    signatures: [
      "dataIterRandom(corpusIndices: readonly number[], batchSize: number, numSteps: number, rng: d2l.Rng): Iterable<[X, Y]>",
      "dataIterConsecutive(corpusIndices: readonly number[], batchSize: number, numSteps: number): Iterable<[X, Y]>",
    ],
    points: 8,
    forbid: [
      "dataIterRandom",
      "dataIterRandomArrays",
      "dataIterRandomOffset",
      "dataIterRandomOffsetArrays",
      "dataIterConsecutive",
      "dataIterConsecutiveArrays",
    ],
  },
};

export interface Impl {
  dataIterRandom: (corpusIndices: readonly number[], batchSize: number, numSteps: number, rng: Rng) => Iterable<unknown>;
  dataIterConsecutive: (corpusIndices: readonly number[], batchSize: number, numSteps: number) => Iterable<unknown>;
}
