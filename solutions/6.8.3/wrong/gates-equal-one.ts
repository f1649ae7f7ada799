// d2l-wrong-fails: 门严格在 (0, 1) 内，候选记忆细胞严格在 (−1, 1) 内
// d2l-wrong-why: 门取了恰好等于 1 的值，sigmoid 永远输出不了 0 或 1：门必须严格在 (0, 1) 内。
// Uses gates of exactly 1, which a sigmoid never outputs.
// BEGIN SOLUTION
  return { I: [1, 1], F: [1, 1], O: [1, 1], C_tilde: [0.9, 0.9] };
// END SOLUTION
