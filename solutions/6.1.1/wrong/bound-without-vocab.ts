// d2l-wrong-fails: 10 万个词、词表 1 万时各阶的上界 min(V^n, N − n + 1) | V^n 较小时上界是 V^n，N < n 时上界是 0
// Ignores the vocabulary: N − n + 1 for every order (and negative when N < n).
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.1.1
function ngramStorage(tokens: readonly string[], maxN: number): { n: number; distinct: number; positions: number }[] {
  const rows: { n: number; distinct: number; positions: number }[] = [];
  for (let n = 1; n <= maxN; n++) {
    const seen = new Set<string>();
    for (let i = 0; i + n <= tokens.length; i++) seen.add(JSON.stringify(tokens.slice(i, i + n)));
    rows.push({ n, distinct: seen.size, positions: Math.max(tokens.length - n + 1, 0) });
  }
  return rows;
}

function storageBound(numTokens: number, vocabSize: number, n: number): number {
  return numTokens - n + 1;
}
