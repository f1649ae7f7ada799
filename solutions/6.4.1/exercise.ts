// Exercise 6.4.1: its catalogue entry and the implementation type its public and hidden tests share.
import type { Tuning } from "../shared/tuning";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.4.1",
  section: "6.4",
  title: "调节超参数",
  question: "调调超参数，观察并分析对运行时间、困惑度以及创作歌词的结果造成的影响。",
  task: "rnnTuning 返回一组超参数（numHiddens ≤ 64、numEpochs ≤ 12、numSteps 2..20、batchSize 1..16、batchSize × numSteps ≥ 32）；在小语料 data/tiny_lyrics.txt（338 个字符）上用种子 0 从零训练 RNN，困惑度须降到 45 以下。",
  code: {
    names: ["rnnTuning"],
    signatures: ["rnnTuning(): { numHiddens: number; lr: number; theta: number; numSteps: number; batchSize: number; numEpochs: number }"],
    points: 4,
  },
  written: { points: 3 },
};

export interface Impl {
  rnnTuning: () => Tuning;
}
