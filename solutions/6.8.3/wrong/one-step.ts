// d2l-wrong-fails: 记忆细胞 C_T 超出 [−1, 1]
// A single step: C_1 = I_1 C̃_1 can never leave [−1, 1]; the growth needs several steps.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.8.3
function gateSequence(): { I: number[]; F: number[]; O: number[]; C_tilde: number[] } {
  return { I: [0.99], F: [0.99], O: [0.5], C_tilde: [0.99] };
}
