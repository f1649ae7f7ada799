// Exercise 6.10.1: its catalogue entry and the implementation type its public and hidden tests share.
import type * as tf from "@tensorflow/tfjs";
import type { RnnParams } from "d2lzh";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.10.1",
  section: "6.10",
  title: "两个方向的隐藏单元个数不同",
  question: "如果不同方向上使用不同的隐藏单元个数，H_t 的形状会发生怎样的改变？",
  task: "biRnn 用正向参数（h1 个隐藏单元）和反向参数（h2 个）计算双向 RNN，返回每个时间步的 H_t（本节的定义：正向与反向隐藏状态按列拼接，正向在前）。检查格核对每个时间步输出的形状和数值。",
  code: {
    names: ["biRnn"],
    signatures: ["biRnn(params: { forward: { W_xh; W_hh; b_h }; backward: { W_xh; W_hh; b_h } }, inputs: tf.Tensor2D[]): tf.Tensor2D[]"],
    points: 5,
    forbid: ["bidirectional", "initBidirectionalParams", "initBidirectionalState", "initDeepBidirectionalParams"],
  },
  written: { points: 1 },
};

export type Direction = RnnParams;
export interface Impl {
  biRnn: (params: { forward: Direction; backward: Direction }, inputs: tf.Tensor2D[]) => tf.Tensor2D[];
}
