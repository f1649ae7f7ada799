// Exercise 6.7.0: its catalogue entry and the implementation type its public and hidden tests share.
import type * as tf from "@tensorflow/tfjs";
import type { GruParams } from "d2lzh";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.7.0",
  section: "6.7",
  title: "门控循环单元的一步",
  question: "从零实现门控循环单元的一个时间步。",
  task: "gruStep 按书中公式计算重置门 R、更新门 Z、候选隐藏状态和新的 H，返回 {H}。",
  code: {
    names: ["gruStep"],
    signatures: [
      "gruStep(params: { W_xr; W_hr; b_r; W_xz; W_hz; b_z; W_xh; W_hh; b_h }, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D }",
    ],
    points: 4,
    forbid: ["gruStep", "gruGates"],
  },
};

export type { GruParams };
export interface Impl {
  gruStep: (params: GruParams, state: { H: tf.Tensor2D }, X: tf.Tensor2D) => { H: tf.Tensor2D };
}
