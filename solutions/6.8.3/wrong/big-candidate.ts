// d2l-wrong-fails: 门严格在 (0, 1) 内，候选记忆细胞严格在 (−1, 1) 内
// Makes the candidate itself larger than 1, which tanh cannot produce.
// BEGIN SOLUTION
  return { I: [0.9], F: [0.5], O: [0.5], C_tilde: [1.5] };
// END SOLUTION
