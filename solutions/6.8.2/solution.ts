import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.8.2
/**
 * 一个时间步、批量大小为 n 时单元的计算量（输入 d 维，隐藏单元 h 个；计法同练习 6.7.3）：
 * - params：单元的权重与偏置个数（不含输出层）；
 * - mults：矩阵乘法中的标量乘法 + 按元素乘法 ⊙ 的次数（不计加法、激活函数）。
 */
function cellCost(kind: "rnn" | "gru" | "lstm", d: number, h: number, n: number): { params: number; mults: number } {
  // BEGIN SOLUTION 一组 (W_x*, W_h*, b_*) 有 dh + h² + h 个参数、n(dh + h²) 次乘法；数一数每种单元有几组、几个 ⊙
  const block = { params: d * h + h * h + h, mults: n * d * h + n * h * h };
  switch (kind) {
    case "rnn":
      return block;
    case "gru":
      // R、Z、候选隐藏状态；R ⊙ H、Z ⊙ H、(1 − Z) ⊙ H_tilde
      return { params: 3 * block.params, mults: 3 * block.mults + 3 * n * h };
    case "lstm":
      // I、F、O、候选记忆细胞；F ⊙ C、I ⊙ C_tilde、O ⊙ tanh(C)
      return { params: 4 * block.params, mults: 4 * block.mults + 3 * n * h };
    default:
      throw new Error(`cellCost: kind: expected "rnn", "gru" or "lstm", got ${JSON.stringify(kind)}`);
  }
  // END SOLUTION
}
