// d2l-wrong-fails: 10 万个词、词表 1 万时 1 到 4 阶的上界 | V^n 较小时上界是 V^n，N < n 时上界是 0
// Ignores the vocabulary: N − n + 1 for every order (and negative when N < n).
// BEGIN SOLUTION 2
  return numTokens - n + 1;
// END SOLUTION
