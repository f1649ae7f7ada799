// Exercise 6.2.1: its catalogue entry and the implementation type its public and hidden tests share.
import type * as tf from "@tensorflow/tfjs";
import type { Rng } from "d2lzh";
import type { OutputParams, RnnParams } from "d2lzh";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.2.1",
  section: "6.2",
  title: "输出个数",
  question: "如果用循环神经网络预测文本序列的下一个词（字符），输出个数应该设为多少？",
  task: "getParams 按书中的方式初始化 {W_xh, W_hh, b_h, W_hq, b_q}：输入 X_t 是长 D 的向量（不一定是 one-hot，例如词嵌入），隐藏单元 H 个，词表 V 个词；rnnStepWithOutput 计算一个时间步的 H_t 与 O_t。检查格核对各参数的形状、初始化和数值。",
  code: {
    names: ["getParams", "rnnStepWithOutput"],
    signatures: [
      "getParams(sizes: { numInputs: number; numHiddens: number; vocabSize: number }, rng: d2l.Rng): { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D; W_hq: tf.Tensor2D; b_q: tf.Tensor1D }",
      "rnnStepWithOutput(params, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D; O: tf.Tensor2D }",
    ],
    points: 7,
  },
  written: { points: 2 },
};

export type Params = RnnParams & OutputParams;
export type Sizes = { numInputs: number; numHiddens: number; vocabSize: number };
export interface Impl {
  getParams: (sizes: Sizes, rng: Rng) => Params;
  rnnStepWithOutput: (params: Params, state: { H: tf.Tensor2D }, X: tf.Tensor2D) => { H: tf.Tensor2D; O: tf.Tensor2D };
}
