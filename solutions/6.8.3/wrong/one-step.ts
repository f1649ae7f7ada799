// d2l-wrong-fails: 记忆细胞 C_T 超出 [−1, 1]
// A single step: C_1 = I_1 C̃_1 can never leave [−1, 1]; the growth needs several steps.
// BEGIN SOLUTION
  return { I: [0.99], F: [0.99], O: [0.5], C_tilde: [0.99] };
// END SOLUTION
