// Exercise 6.4.5: its catalogue entry and the implementation type its public and hidden tests share.
import type * as tf from "@tensorflow/tfjs";
import type { RnnParams } from "d2lzh";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.4.5",
  section: "6.4",
  title: "ReLU 激活",
  question: "将本节中使用的激活函数替换成 ReLU，重复本节的实验。",
  task: "rnnReluStep 计算 H_t = ReLU(X_t W_xh + H_{t−1} W_hh + b_h)。",
  code: {
    names: ["rnnReluStep"],
    signatures: [
      "rnnReluStep(params: { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D }, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor }",
    ],
    points: 5,
    forbid: ["rnnStep"],
  },
  written: { points: 2 },
};

export type Params = RnnParams;
export interface Impl {
  rnnReluStep: (params: Params, state: { H: tf.Tensor2D }, X: tf.Tensor2D) => { H: tf.Tensor };
}
