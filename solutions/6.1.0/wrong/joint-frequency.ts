// d2l-wrong-fails: 条件概率是 n(context, word) / n(context) | 序列概率按 n 元语法连乘 | 只用前面 n − 1 个词作条件（更早的词不算） | 随机语料上与按定义计数的结果一致
// d2l-wrong-why: 除以了位置总数（得到的是联合频率），条件概率应除以上下文本身出现的次数 n(context)：检查分母。
// Divides by the number of positions (a joint frequency) instead of the count of the context.
// BEGIN SOLUTION 1
  let count = 0;
  for (let i = 0; i + gram.length <= tokens.length; i++) if (gram.every((w, k) => tokens[i + k] === w)) count++;
  return count;
// END SOLUTION
// BEGIN SOLUTION 2
  const gram = [...context, word];
  return countGram(tokens, gram) / Math.max(tokens.length - gram.length + 1, 1);
// END SOLUTION
// BEGIN SOLUTION 3
  let p = 1;
  for (let t = 0; t < sequence.length; t++) p *= conditionalProb(tokens, sequence.slice(Math.max(0, t - n + 1), t), sequence[t]);
  return p;
// END SOLUTION
