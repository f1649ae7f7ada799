// Exercise 6.5.1: its catalogue entry and the implementation type its public and hidden tests share.
import type * as tf from "@tensorflow/tfjs";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.5.1",
  section: "6.5",
  title: "简洁实现与从零实现的速度比较",
  question: "与上一节的实现比较运行速度。如果差别明显，试着找找原因。",
  task: "conciseRnnModel 用 tf.layers 搭出「SimpleRNN + 全连接输出层」的模型；paramCount 给出它的参数个数。",
  code: {
    names: ["conciseRnnModel", "paramCount"],
    signatures: [
      "conciseRnnModel(vocabSize: number, numHiddens: number, numSteps: number): tf.LayersModel",
      "paramCount(vocabSize: number, numHiddens: number): number",
    ],
    points: 5,
  },
  written: { points: 3 },
};

export interface Impl {
  conciseRnnModel: (vocabSize: number, numHiddens: number, numSteps: number) => tf.LayersModel;
  paramCount: (vocabSize: number, numHiddens: number) => number;
}
