// Exercise 6.8.2: its catalogue entry and the implementation type its public and hidden tests share.
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.8.2",
  section: "6.8",
  title: "LSTM、GRU 与 RNN 的计算量",
  question: "在相同条件下，比较长短期记忆、门控循环单元和不带门控的循环神经网络的运行时间。",
  task: 'cellCost 扩展到 "lstm"：给出一个时间步、批量大小 n 时三种单元的参数个数和乘法次数（计法同练习 6.7.3）。',
  code: {
    names: ["cellCost"],
    signatures: ['cellCost(kind: "rnn" | "gru" | "lstm", d: number, h: number, n: number): { params: number; mults: number }'],
    points: 5,
  },
  written: { points: 2 },
};

export type { Impl } from "../shared/cell-cost";
