// Exercise 6.6.1: its catalogue entry and the implementation type its public and hidden tests share.
import type * as tf from "@tensorflow/tfjs";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.6.1",
  section: "6.6",
  title: "应对梯度爆炸",
  question: "除了梯度裁剪，你还能想到别的什么方法应对循环神经网络中的梯度爆炸？",
  task: "hiddenGradsClosedForm 按本节的闭式（行向量记号，O_t = H_t W_hq）求线性 RNN 的 ∂L/∂H_t（t = 1..T）；clipSpectralNorm 把 W_hh 等比例缩小，使它的谱范数（最大奇异值）不超过 maxNorm（已不超过时原样返回）。检查格与自动微分比较梯度，并看缩放后 ‖∂L/∂H_t‖ 是否还随距离增长。",
  code: {
    names: ["hiddenGradsClosedForm", "clipSpectralNorm"],
    signatures: [
      "hiddenGradsClosedForm(W_hh: tf.Tensor2D, W_hq: tf.Tensor2D, dLdO: tf.Tensor1D[]): tf.Tensor1D[]",
      "clipSpectralNorm(W_hh: tf.Tensor2D, maxNorm: number): tf.Tensor2D",
    ],
    points: 5,
  },
  written: { points: 3 },
};

export interface Impl {
  hiddenGradsClosedForm: (W_hh: tf.Tensor2D, W_hq: tf.Tensor2D, dLdO: tf.Tensor1D[]) => tf.Tensor1D[];
  clipSpectralNorm: (W_hh: tf.Tensor2D, maxNorm: number) => tf.Tensor2D;
}
