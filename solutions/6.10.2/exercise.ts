// Exercise 6.10.2: its catalogue entry and the implementation type its public and hidden tests share.
import type * as tf from "@tensorflow/tfjs";
import type { RnnParams } from "d2lzh";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.10.2",
  section: "6.10",
  title: "多层双向循环神经网络",
  question: "参考图 6.13 和图 6.14，设计含多个隐藏层的双向循环神经网络。",
  task: "deepBiRnn 把若干双向层叠起来，返回最上层每个时间步的输出；layerInputSizes 给出每层的输入个数。检查格按图 6.13、6.14 的连接方式逐层核对。",
  code: {
    names: ["layerInputSizes", "deepBiRnn"],
    signatures: [
      "layerInputSizes(numInputs: number, hiddens: readonly [number, number][]): number[]",
      "deepBiRnn(params: { forward: { W_xh; W_hh; b_h }; backward: { W_xh; W_hh; b_h } }[], inputs: tf.Tensor2D[]): tf.Tensor2D[]",
    ],
    points: 5,
    forbid: ["bidirectional", "deep", "initBidirectionalParams", "initDeepBidirectionalParams"],
  },
  written: { points: 2 },
};

export type Direction = RnnParams;
export type BiLayer = { forward: Direction; backward: Direction };
export interface Impl {
  layerInputSizes: (numInputs: number, hiddens: readonly [number, number][]) => number[];
  deepBiRnn: (params: BiLayer[], inputs: tf.Tensor2D[]) => tf.Tensor2D[];
}
