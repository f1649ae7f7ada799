// d2l-wrong-fails: 序列概率按 n 元语法连乘 | 只用前面 n − 1 个词作条件（更早的词不算） | 随机语料上与按定义计数的结果一致
// d2l-wrong-why: 把整段历史都当作条件，而 n 元语法只看前面 n − 1 个词：检查条件里取的是不是最后 n − 1 个词。
// Conditions every word on the whole history, ignoring n (what a full language model would do, not an n-gram one).
// BEGIN SOLUTION 1
  let count = 0;
  for (let i = 0; i + gram.length <= tokens.length; i++) if (gram.every((w, k) => tokens[i + k] === w)) count++;
  return count;
// END SOLUTION
// BEGIN SOLUTION 2
  if (context.length === 0) return countGram(tokens, [word]) / tokens.length;
  const d = countGram(tokens, context);
  return d === 0 ? 0 : countGram(tokens, [...context, word]) / d;
// END SOLUTION
// BEGIN SOLUTION 3
  let p = 1;
  for (let t = 0; t < sequence.length; t++) p *= conditionalProb(tokens, sequence.slice(0, t), sequence[t]);
  return p;
// END SOLUTION
