// d2l-wrong-fails: 门值严格在 0 与 1 之间（sigmoid 取不到端点）
// Uses gates of exactly 1, which a sigmoid never outputs.
// BEGIN SOLUTION
  return { I: [1, 1], F: [1, 1], O: [1, 1], C_tilde: [0.9, 0.9] };
// END SOLUTION
