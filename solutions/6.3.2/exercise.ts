// Exercise 6.3.2: its catalogue entry and the implementation type its public and hidden tests share.
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.3.2",
  section: "6.3",
  title: "以整句为样本",
  question: "如果我们希望一个序列样本是一个完整的句子，这会给小批量采样带来什么样的问题？",
  task: "sentenceBatches 把整句（k 个词给出 k − 1 个时间步）按顺序每 B 句组成一批，填充到 T 步，并给出有效长度；句子从不被拆开，超过 T + 1 个词的句子被跳过。",
  code: {
    names: ["sentenceBatches"],
    signatures: [
      "sentenceBatches(sentences: readonly (readonly number[])[], batchSize: number, numSteps: number, padIndex: number): { X: number[][]; Y: number[][]; validLens: number[] }[]",
    ],
    points: 6,
    forbid: ["sentenceBatches"],
  },
  written: { points: 3 },
};

export type SentenceBatch = { X: number[][]; Y: number[][]; validLens: number[] };
export interface Impl {
  sentenceBatches: (sentences: readonly (readonly number[])[], batchSize: number, numSteps: number, padIndex: number) => SentenceBatch[];
}
