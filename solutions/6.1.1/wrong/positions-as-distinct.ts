// d2l-wrong-fails: 小语料上各阶 n 元组的个数与位置数 | 随机生成的词序列上与逐个比较的计数一致
// d2l-wrong-why: 数的是位置数而不是不同的 n 元组个数：重复出现的 n 元组只能算一次，用 Set 去重再计数。
// The circulating answer: "100,000 unigram frequencies, 99,999 bigram ones, …" counts positions, not distinct n-grams.
// BEGIN SOLUTION 1
  return Array.from({ length: maxN }, (_, i) => {
    const positions = Math.max(tokens.length - i, 0);
    return { n: i + 1, distinct: positions, positions };
  });
// END SOLUTION
