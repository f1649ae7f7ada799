// Exercise 6.8.3: its catalogue entry and the implementation type its public and hidden tests share.
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.8.3",
  section: "6.8",
  title: "为什么还要再用一次 tanh",
  question: "既然候选记忆细胞已通过 tanh 确保值域在 −1 到 1 之间，为什么隐藏状态还需要再次使用 tanh 来确保输出值域在 −1 到 1 之间？",
  task: "gateSequence 给出若干时间步（1 到 20 个）的门值（严格在 (0, 1) 内，sigmoid 取不到端点）和候选记忆细胞（在 (−1, 1) 内），使从 C_0 = 0 出发的记忆细胞 C_T 超出 [−1, 1]。",
  code: {
    names: ["gateSequence"],
    signatures: ["gateSequence(): { I: number[]; F: number[]; O: number[]; C_tilde: number[] }"],
    points: 4,
  },
  written: { points: 3 },
};

export type Gates = { I: number[]; F: number[]; O: number[]; C_tilde: number[] };
export interface Impl {
  gateSequence: () => Gates;
}
