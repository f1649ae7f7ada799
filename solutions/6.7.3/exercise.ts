// Exercise 6.7.3: its catalogue entry and the implementation type its public and hidden tests share.
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.7.3",
  section: "6.7",
  title: "GRU 与普通 RNN 的计算量",
  question: "在相同条件下，比较门控循环单元和不带门控的循环神经网络的运行时间。",
  task: 'cellCost 给出一个时间步、批量大小 n 时 "rnn" 与 "gru" 单元的参数个数和乘法次数（矩阵乘法中的标量乘法加上按元素乘法，不含输出层和激活函数）。',
  code: {
    names: ["cellCost"],
    signatures: ['cellCost(kind: "rnn" | "gru", d: number, h: number, n: number): { params: number; mults: number }'],
    points: 4,
  },
  written: { points: 2 },
};

export type { Impl } from "../shared/cell-cost";
