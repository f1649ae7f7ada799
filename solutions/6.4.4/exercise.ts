// Exercise 6.4.4: its catalogue entry and the implementation type its public and hidden tests share.
import type * as tf from "@tensorflow/tfjs";
import type { OutputParams, RnnParams } from "d2lzh";
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.4.4",
  section: "6.4",
  title: "不分离隐藏状态",
  question: "将相邻采样改为不从计算图分离隐藏状态，运行时间有没有变化？",
  task: "secondBatchGrad 在相邻采样的两个批量上前向计算：第二个批量从第一个批量最后的隐藏状态出发。返回第二个批量的损失 L（所有输出 O_t 的元素之和）对 W_xh 的梯度；detach 为 true 时先把隐藏状态从计算图分离。",
  code: {
    names: ["secondBatchGrad"],
    signatures: [
      "secondBatchGrad(params: { W_xh; W_hh; b_h; W_hq; b_q }, batch1: tf.Tensor2D[], batch2: tf.Tensor2D[], H0: tf.Tensor2D, detach: boolean): tf.Tensor2D",
    ],
    points: 4,
  },
  written: { points: 3 },
};

export type Params = RnnParams & OutputParams;
export interface Impl {
  secondBatchGrad: (params: Params, batch1: tf.Tensor2D[], batch2: tf.Tensor2D[], H0: tf.Tensor2D, detach: boolean) => tf.Tensor2D;
}
