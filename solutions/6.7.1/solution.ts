import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.7.1
/**
 * 时间步 s = 1..T 的重置门 R_s 与更新门 Z_s 的理想值（数组下标 s − 1，每个是 [0, 1] 中的数），
 * 使 H_T（从而 O_T）只依赖 X_{t′}，不依赖其他任何时间步的输入。
 */
function gateValues(T: number, tPrime: number): { R: number[]; Z: number[] } {
  // BEGIN SOLUTION 对照 GRU 的公式，看每个门取 0 或 1 时 H_s 由哪些量决定
  const R: number[] = [];
  const Z: number[] = [];
  for (let s = 1; s <= T; s++) {
    if (s < tPrime) {
      R.push(1); // 任意值都可以：它们的影响在 t′ 处被丢掉
      Z.push(0);
    } else if (s === tPrime) {
      R.push(0); // 候选隐藏状态不看 H_{t′−1}
      Z.push(0); // 新状态完全取候选：H_{t′} = tanh(X_{t′} W_xh + b_h)
    } else {
      R.push(0); // 任意值都可以：Z = 1 时不用候选
      Z.push(1); // H_s = H_{s−1}：把 H_{t′} 一直传到 T
    }
  }
  return { R, Z };
  // END SOLUTION
}
