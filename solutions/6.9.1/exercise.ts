// Exercise 6.9.1: its catalogue entry and the implementation type its public and hidden tests share.
import type * as tf from "@tensorflow/tfjs";
import type { Rng } from "d2lzh";
import type { RnnParams } from "d2lzh";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.9.1",
  section: "6.9",
  title: "两个隐藏层的循环神经网络",
  question: "将「循环神经网络的从零开始实现」一节中的模型改为含有 2 个隐藏层的循环神经网络。观察并分析实验现象。",
  task: "getDeepParams 初始化两层 RNN 与输出层的参数（第 1 层读 V 个输入，第 2 层读 H 个）；deepRnn 对时间步列表前向计算（两层都用 tanh，与 6.4 节的模型一致），返回每步的输出 O_t 和两层的最终状态。",
  code: {
    names: ["getDeepParams", "deepRnn"],
    signatures: [
      "getDeepParams(vocabSize: number, numHiddens: number, rng: d2l.Rng): { layers: { W_xh; W_hh; b_h }[]; W_hq: tf.Tensor2D; b_q: tf.Tensor1D }",
      "deepRnn(inputs: tf.Tensor2D[], state: { H: tf.Tensor2D }[], params): { outputs: tf.Tensor2D[]; state: { H: tf.Tensor2D }[] }",
    ],
    points: 6,
    forbid: ["deep", "initDeepParams", "initDeepState"],
  },
  written: { points: 3 },
};

export type Layer = RnnParams;
export type DeepParams = { layers: Layer[]; W_hq: tf.Tensor2D; b_q: tf.Tensor1D };
export type DeepOut = { outputs: tf.Tensor2D[]; state: { H: tf.Tensor2D }[] };
export interface Impl {
  getDeepParams: (vocabSize: number, numHiddens: number, rng: Rng) => DeepParams;
  deepRnn: (inputs: tf.Tensor2D[], state: { H: tf.Tensor2D }[], params: DeepParams) => DeepOut;
}
