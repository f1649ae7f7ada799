// Exercise 6.2.2: its catalogue entry and the implementation type its public and hidden tests share.
import type * as tf from "@tensorflow/tfjs";
import type { OutputParams, RnnParams } from "d2lzh";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.2.2",
  section: "6.2",
  title: "输出依赖所有过去的输入",
  question: "为什么循环神经网络可以表达某时间步的词基于文本序列中所有过去的词的条件概率？",
  task: "outputGradWrtFirstInput 求最后一个时间步的输出之和对第一个时间步输入 X_1 的梯度（用数值说明 O_T 依赖 X_1）。",
  code: {
    names: ["outputGradWrtFirstInput"],
    signatures: ["outputGradWrtFirstInput(params: { W_xh; W_hh; b_h; W_hq; b_q }, inputs: tf.Tensor2D[], H0: tf.Tensor2D): tf.Tensor2D"],
    points: 5,
  },
  written: { points: 2 },
};

export type Params = RnnParams & OutputParams;
export interface Impl {
  outputGradWrtFirstInput: (params: Params, inputs: tf.Tensor2D[], H0: tf.Tensor2D) => tf.Tensor2D;
}
