// d2l-wrong-fails: 10 万个词、词表 1 万时各阶的上界 min(V^n, N − n + 1) | V^n 较小时上界是 V^n，N < n 时上界是 0
// Ignores the vocabulary: N − n + 1 for every order (and negative when N < n).
// BEGIN SOLUTION 2
  return numTokens - n + 1;
// END SOLUTION
