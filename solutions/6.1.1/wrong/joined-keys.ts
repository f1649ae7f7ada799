// d2l-wrong-fails: 不同的 n 元组不会因为拼接成同一个字符串而被合并
// Keys made by joining words without a separator: ("ab", "c") and ("a", "bc") collide.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.1.1
function ngramStorage(tokens: readonly string[], maxN: number): { n: number; distinct: number; positions: number }[] {
  const rows: { n: number; distinct: number; positions: number }[] = [];
  for (let n = 1; n <= maxN; n++) {
    const seen = new Set<string>();
    for (let i = 0; i + n <= tokens.length; i++) seen.add(tokens.slice(i, i + n).join(""));
    rows.push({ n, distinct: seen.size, positions: Math.max(tokens.length - n + 1, 0) });
  }
  return rows;
}

function storageBound(numTokens: number, vocabSize: number, n: number): number {
  return Math.max(0, Math.min(vocabSize ** n, numTokens - n + 1));
}
