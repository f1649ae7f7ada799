// Exercise 6.3.1: its catalogue entry and the implementation type its public and hidden tests share.
import type { Rng } from "d2lzh";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.3.1",
  section: "6.3",
  title: "其他采样方法：随机偏移",
  question: "你还能想到哪些采样小批量时序数据的方法？",
  task: "dataIterRandomOffset：每个 epoch 先按种子在 [0, T − 1]（含两端）中取偏移 o，样本从 o, o + T, o + 2T, … 开始，其余同随机采样。",
  code: {
    names: ["dataIterRandomOffset"],
    signatures: [
      "dataIterRandomOffset(corpusIndices: readonly number[], batchSize: number, numSteps: number, rng: d2l.Rng): Iterable<[X, Y]>",
    ],
    points: 9,
    forbid: ["dataIterRandom", "dataIterRandomArrays", "dataIterRandomOffset", "dataIterRandomOffsetArrays"],
  },
  written: { points: 2 },
};

export interface Impl {
  dataIterRandomOffset: (corpusIndices: readonly number[], batchSize: number, numSteps: number, rng: Rng) => Iterable<unknown>;
}
