// d2l-wrong-fails: 10 万个词、词表 1 万时 1 到 4 阶的上界 | V^n 较小时上界是 V^n，N < n 时上界是 0
// d2l-wrong-why: 上界只算了位置数 N − n + 1，忘了不同的 n 元组最多只有 V^n 种，N < n 时还会得到负数：上界应取两者中较小的，且不小于 0。
// Ignores the vocabulary: N − n + 1 for every order (and negative when N < n).
// BEGIN SOLUTION 2
  return numTokens - n + 1;
// END SOLUTION
