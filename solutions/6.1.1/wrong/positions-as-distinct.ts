// d2l-wrong-fails: 小语料上各阶 n 元组的个数与位置数 | 随机生成的词序列上与逐个比较的计数一致
// The circulating answer: "100,000 unigram frequencies, 99,999 bigram ones, …" counts positions, not distinct n-grams.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.1.1
function ngramStorage(tokens: readonly string[], maxN: number): { n: number; distinct: number; positions: number }[] {
  return Array.from({ length: maxN }, (_, i) => {
    const positions = Math.max(tokens.length - i, 0);
    return { n: i + 1, distinct: positions, positions };
  });
}

function storageBound(numTokens: number, vocabSize: number, n: number): number {
  return Math.max(0, Math.min(vocabSize ** n, numTokens - n + 1));
}
