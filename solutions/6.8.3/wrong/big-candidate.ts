// d2l-wrong-fails: 门严格在 (0, 1) 内，候选记忆细胞严格在 (−1, 1) 内
// d2l-wrong-why: 候选记忆细胞取了大于 1 的值，tanh 给不出这样的值：C̃ 必须严格在 (−1, 1) 内，要靠多步累积让 C 超出范围。
// Makes the candidate itself larger than 1, which tanh cannot produce.
// BEGIN SOLUTION
  return { I: [0.9], F: [0.5], O: [0.5], C_tilde: [1.5] };
// END SOLUTION
