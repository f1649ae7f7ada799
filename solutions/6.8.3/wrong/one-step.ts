// d2l-wrong-fails: 记忆细胞 C_T 超出 [−1, 1] | 隐藏状态 H_t = O_t tanh(C_t) 仍在 (−1, 1) 内
// d2l-wrong-why: 只走了一步：C_1 = I_1 ⊙ C̃_1 不可能超出 [−1, 1]，记忆细胞要在遗忘门接近 1 时经过好几步累积才会变大。
// A single step: C_1 = I_1 C̃_1 can never leave [−1, 1]; the growth needs several steps.
// BEGIN SOLUTION
  return { I: [0.99], F: [0.99], O: [0.5], C_tilde: [0.99] };
// END SOLUTION
