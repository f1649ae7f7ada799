// Exercise 6.6.1: its catalogue entry and the implementation type its public and hidden tests share.
import type * as tf from "@tensorflow/tfjs";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.6.1",
  section: "6.6",
  title: "应对梯度爆炸",
  question: "除了梯度裁剪，你还能想到别的什么方法应对循环神经网络中的梯度爆炸？",
  task: "hiddenGradsClosedForm 用书中的闭式求线性 RNN 的 ∂L/∂h_t（t = 1..T）；clipByValue 是另一种应对方法：把每个梯度元素截到 [−c, c]。",
  code: {
    names: ["hiddenGradsClosedForm", "clipByValue"],
    signatures: [
      "hiddenGradsClosedForm(W_hh: tf.Tensor2D, W_qh: tf.Tensor2D, dLdO: tf.Tensor1D[]): tf.Tensor1D[]",
      "clipByValue(grads: tf.Tensor[], c: number): tf.Tensor[]",
    ],
    points: 5,
  },
  written: { points: 3 },
};

export interface Impl {
  hiddenGradsClosedForm: (W_hh: tf.Tensor2D, W_qh: tf.Tensor2D, dLdO: tf.Tensor1D[]) => tf.Tensor1D[];
  clipByValue: (grads: tf.Tensor[], c: number) => tf.Tensor[];
}
