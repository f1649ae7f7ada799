// d2l-wrong-fails: 条件概率是 n(context, word) / n(context) | 序列概率按 n 元语法连乘 | 只用前面 n − 1 个词作条件（更早的词不算） | 随机语料上与按定义计数的结果一致
// Divides by the number of positions (a joint frequency) instead of the count of the context.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.1.0
function countGram(tokens: readonly string[], gram: readonly string[]): number {
  let count = 0;
  for (let i = 0; i + gram.length <= tokens.length; i++) if (gram.every((w, k) => tokens[i + k] === w)) count++;
  return count;
}

function conditionalProb(tokens: readonly string[], context: readonly string[], word: string): number {
  const gram = [...context, word];
  return countGram(tokens, gram) / Math.max(tokens.length - gram.length + 1, 1);
}

function sequenceProb(tokens: readonly string[], sequence: readonly string[], n: number): number {
  let p = 1;
  for (let t = 0; t < sequence.length; t++) p *= conditionalProb(tokens, sequence.slice(Math.max(0, t - n + 1), t), sequence[t]);
  return p;
}
