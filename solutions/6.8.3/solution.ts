import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.8.3
/**
 * 一个隐藏单元在 T 个时间步上的门值与候选记忆细胞（每个数组长 T，下标 t − 1 对应时间步 t）：
 * I、F、O 都在 (0, 1) 内（sigmoid 的值域），C_tilde 在 (−1, 1) 内（tanh 的值域）。
 * 要求：从 C_0 = 0 出发按 C_t = F_t C_{t−1} + I_t C_tilde_t 递推，最后的 C_T 超出 [−1, 1]。
 */
function gateSequence(): { I: number[]; F: number[]; O: number[]; C_tilde: number[] } {
  // BEGIN SOLUTION 先用几个时间步手算 C_t = F_t C_{t−1} + I_t C̃_t，看什么样的门值让它变大
  // C_1 = 0.81，C_2 = 0.9·0.81 + 0.81 = 1.539，C_3 = 0.9·1.539 + 0.81 = 2.1951
  return { I: [0.9, 0.9, 0.9], F: [0.9, 0.9, 0.9], O: [0.5, 0.5, 0.5], C_tilde: [0.9, 0.9, 0.9] };
  // END SOLUTION
}
