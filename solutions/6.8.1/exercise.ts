// Exercise 6.8.1: its catalogue entry and the implementation type its public and hidden tests share.
import type { Tuning } from "../shared/tuning";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.8.1",
  section: "6.8",
  title: "调节 LSTM 的超参数",
  question: "调节超参数，观察并分析对运行时间、困惑度以及创作歌词的结果造成的影响。",
  task: "lstmTuning 返回一组超参数（范围同练习 6.4.1）；在小语料上用种子 0 从零训练 LSTM，困惑度须降到 30 以下。",
  code: {
    names: ["lstmTuning"],
    signatures: ["lstmTuning(): { numHiddens: number; lr: number; theta: number; numSteps: number; batchSize: number; numEpochs: number }"],
    points: 4,
  },
  written: { points: 2 },
};

export interface Impl {
  lstmTuning: () => Tuning;
}
