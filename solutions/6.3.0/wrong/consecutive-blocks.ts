// d2l-wrong-fails: 相邻采样在 0..29、B = 2、T = 6 上给出书中的两个批量 | 相邻采样：其他大小下每一行首尾相接，批量个数正确
// d2l-wrong-why: 相邻采样把语料切成连续的 B·T 块，相邻两个批量的同一行并不首尾相接：先把语料分成 B 行，再沿时间方向每次取 T 步。
// Cuts the corpus into consecutive blocks of B·T: row b of one batch does not continue row b of the previous one.
// BEGIN SOLUTION 1
  const numExamples = Math.floor((corpusIndices.length - 1) / numSteps);
  const starts = rng.shuffle(Array.from({ length: numExamples }, (_, i) => i * numSteps));
  const rows = (from: number[], shift: number) => from.map((s) => corpusIndices.slice(s + shift, s + shift + numSteps));
  for (let i = 0; i < Math.floor(numExamples / batchSize); i++) {
    const batch = starts.slice(i * batchSize, (i + 1) * batchSize);
    yield [tf.tensor2d(rows(batch, 0), [batchSize, numSteps], "int32"), tf.tensor2d(rows(batch, 1), [batchSize, numSteps], "int32")];
  }
// END SOLUTION
// BEGIN SOLUTION 2
  const numExamples = Math.floor((corpusIndices.length - 1) / numSteps);
  for (let i = 0; i < Math.floor(numExamples / batchSize); i++) {
    const starts = Array.from({ length: batchSize }, (_, b) => (i * batchSize + b) * numSteps);
    const rows = (shift: number) => starts.map((s) => corpusIndices.slice(s + shift, s + shift + numSteps));
    yield [tf.tensor2d(rows(0), [batchSize, numSteps], "int32"), tf.tensor2d(rows(1), [batchSize, numSteps], "int32")];
  }
// END SOLUTION
