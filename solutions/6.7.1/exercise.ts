// Exercise 6.7.1: its catalogue entry and the implementation type its public and hidden tests share.
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.7.1",
  section: "6.7",
  title: "只用时间步 t′ 的输入",
  question: "假设时间步 t′ < t。如果只希望用时间步 t′ 的输入来预测时间步 t 的输出，每个时间步的重置门和更新门的理想的值是多少？",
  task: "gateValues 给出每个时间步 s = 1..T 的重置门 R_s 与更新门 Z_s（每步一个 [0, 1] 中的数），使 H_T 只依赖 X_{t′}。检查格把这些门值代入 GRU，求 H_T 对每个 X_s 的梯度。",
  code: {
    names: ["gateValues"],
    signatures: ["gateValues(T: number, tPrime: number): { R: number[]; Z: number[] }"],
    points: 5,
  },
  written: { points: 3 },
};

export interface Impl {
  gateValues: (T: number, tPrime: number) => { R: number[]; Z: number[] };
}
