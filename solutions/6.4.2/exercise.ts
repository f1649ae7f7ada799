// Exercise 6.4.2: its catalogue entry and the implementation type its public and hidden tests share.
import type * as tf from "@tensorflow/tfjs";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.4.2",
  section: "6.4",
  title: "梯度裁剪",
  question: "不裁剪梯度，运行本节中的代码，结果会怎样？",
  task: "gradClipping 把所有梯度看成一个向量 g，按 min(θ/‖g‖, 1)·g 裁剪，返回裁剪后的梯度和裁剪前的范数 ‖g‖。",
  code: {
    names: ["gradClipping"],
    signatures: ["gradClipping(grads: tf.Tensor[], theta: number): { grads: tf.Tensor[]; norm: number }"],
    points: 7,
    forbid: ["gradClipping", "globalNorm", "clippingScale"],
  },
  written: { points: 2 },
};

export type Clip = (grads: tf.Tensor[], theta: number) => { grads: tf.Tensor[]; norm: number };
export interface Impl {
  gradClipping: Clip;
}
