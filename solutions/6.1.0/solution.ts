import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.1.0
/** gram 在 tokens 中出现的次数（连续出现；可以重叠）。 */
function countGram(tokens: readonly string[], gram: readonly string[]): number {
  // BEGIN SOLUTION 逐个位置比较 tokens[i..i+k) 与 gram
  let count = 0;
  for (let i = 0; i + gram.length <= tokens.length; i++) {
    if (gram.every((w, k) => tokens[i + k] === w)) count++;
  }
  return count;
  // END SOLUTION
}

/**
 * 书中的条件概率：P(word | context) = n(context, word) / n(context)。
 * context 为空时是一元语法的词频 n(word) / N；context 从未出现时返回 0。
 */
function conditionalProb(tokens: readonly string[], context: readonly string[], word: string): number {
  // BEGIN SOLUTION 分子是 context 后面紧跟 word 的次数，分母是 context 出现的次数
  if (context.length === 0) return tokens.length === 0 ? 0 : countGram(tokens, [word]) / tokens.length;
  const denominator = countGram(tokens, context);
  return denominator === 0 ? 0 : countGram(tokens, [...context, word]) / denominator;
  // END SOLUTION
}

/**
 * n 元语法（n − 1 阶马尔可夫链）下序列的概率：P(w_1 … w_T) ≈ ∏_t P(w_t | w_{t−n+1} … w_{t−1})，
 * 开头不足 n − 1 个词时用已有的词作条件（n = 3 时为 P(w_1) P(w_2 | w_1) P(w_3 | w_1, w_2) …）。
 */
function sequenceProb(tokens: readonly string[], sequence: readonly string[], n: number): number {
  // BEGIN SOLUTION 第 t 个词的条件是它前面最多 n − 1 个词
  let p = 1;
  for (let t = 0; t < sequence.length; t++) {
    p *= conditionalProb(tokens, sequence.slice(Math.max(0, t - n + 1), t), sequence[t]);
  }
  return p;
  // END SOLUTION
}
