// Exercise 6.8.0: its catalogue entry and the implementation type its public and hidden tests share.
import type * as tf from "@tensorflow/tfjs";
import type { LstmParams, LstmState } from "d2lzh";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.8.0",
  section: "6.8",
  title: "长短期记忆的一步",
  question: "从零实现长短期记忆的一个时间步。",
  task: "lstmStep 按书中公式计算输入门 I、遗忘门 F、输出门 O、候选记忆细胞，返回新的 {H, C}。",
  code: {
    names: ["lstmStep"],
    signatures: [
      "lstmStep(params: { W_xi; W_hi; b_i; W_xf; W_hf; b_f; W_xo; W_ho; b_o; W_xc; W_hc; b_c }, state: { H: tf.Tensor2D; C: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D; C: tf.Tensor2D }",
    ],
    points: 5,
    forbid: ["lstmStep", "lstmGates"],
  },
};

export type { LstmParams, LstmState };
export interface Impl {
  lstmStep: (params: LstmParams, state: LstmState, X: tf.Tensor2D) => LstmState;
}
