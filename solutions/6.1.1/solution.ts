import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.1.1
/**
 * 一段语料的 n 元组统计。对 n = 1, …, maxN 给出：
 * - distinct：不同 n 元组的个数（重复出现的只算一个）；
 * - positions：n 元组出现的位置数，即长度为 n 的连续片段有多少个（N 为词数，N < n 时为 0）。
 */
function ngramStorage(tokens: readonly string[], maxN: number): { n: number; distinct: number; positions: number }[] {
  // BEGIN SOLUTION 对每个 n，用 Set 收集所有长度为 n 的连续片段；注意键要能区分 ["ab", "c"] 与 ["a", "bc"]
  const rows: { n: number; distinct: number; positions: number }[] = [];
  for (let n = 1; n <= maxN; n++) {
    const seen = new Set<string>();
    for (let i = 0; i + n <= tokens.length; i++) seen.add(JSON.stringify(tokens.slice(i, i + n)));
    rows.push({ n, distinct: seen.size, positions: Math.max(tokens.length - n + 1, 0) });
  }
  return rows;
  // END SOLUTION
}

/** N 个词、词表大小为 V 时，不同 n 元组个数的上界：任何 N 个词的语料都不会超过它，且有语料能达到它（N < n 时为 0）。 */
function storageBound(numTokens: number, vocabSize: number, n: number): number {
  // BEGIN SOLUTION 想一想：不同的 n 元组的个数受哪些量限制？
  return Math.max(0, Math.min(vocabSize ** n, numTokens - n + 1));
  // END SOLUTION
}
