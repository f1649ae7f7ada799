import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.7.1
/**
 * 时间步 s = 1..T 的重置门 R_s 与更新门 Z_s 的理想值（数组下标 s − 1），使 H_T（从而 O_T）只依赖 X_{t′}：
 * 在 t′ 处丢掉过去、只用 X_{t′}；t′ 之后原样保留 H_{t′}。t′ 之前的门取什么都不影响结果。
 */
function gateValues(T: number, tPrime: number): { R: number[]; Z: number[] } {
  // BEGIN SOLUTION H_s = Z_s ⊙ H_{s−1} + (1 − Z_s) ⊙ H_tilde_s：Z = 0 时只取候选，R = 0 时候选不看 H_{s−1}；Z = 1 时原样保留 H_{s−1}
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
