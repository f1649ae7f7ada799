import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.7.3
/**
 * 一个时间步、批量大小为 n 时单元的计算量（输入 d 维，隐藏单元 h 个）：
 * - params：单元的权重与偏置个数（不含输出层）；
 * - mults：标量乘法次数 = 矩阵乘法中的乘法（[n, k]·[k, h] 计 n·k·h 次）+ 按元素乘法 ⊙（每个 [n, h] 计 n·h 次）；
 *   不计加法、激活函数和 1 − Z 这样的减法。
 */
function cellCost(kind: "rnn" | "gru", d: number, h: number, n: number): { params: number; mults: number } {
  // BEGIN SOLUTION 先数一组 (W_x*, W_h*, b_*) 的参数和乘法，再看每种单元有几组、几个 ⊙
  const block = { params: d * h + h * h + h, mults: n * d * h + n * h * h };
  switch (kind) {
    case "rnn":
      return block;
    case "gru":
      // R、Z、候选隐藏状态各一组；R ⊙ H、Z ⊙ H、(1 − Z) ⊙ H_tilde 三个按元素乘法
      return { params: 3 * block.params, mults: 3 * block.mults + 3 * n * h };
    default:
      throw new Error(`cellCost: kind: expected "rnn" or "gru", got ${JSON.stringify(kind)}`);
  }
  // END SOLUTION
}
