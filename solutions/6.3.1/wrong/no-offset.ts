// d2l-wrong-fails: 很多个种子下偏移取遍 0 到 T − 1 | 同一个 rng 连续取 12 个 epoch，偏移不总是同一个
// d2l-wrong-why: 偏移总是 0（就是普通的随机采样），不是 T 的倍数的位置永远不会成为样本的起点：每个 epoch 先随机取一个 0 到 T − 1 的偏移。
// The plain random sampler: the offset is always 0, so positions that are not multiples of T never start an example.
// BEGIN SOLUTION
  const numExamples = Math.floor((corpusIndices.length - 1) / numSteps);
  const starts = rng.shuffle(Array.from({ length: numExamples }, (_, i) => i * numSteps));
  const rows = (from: number[], shift: number) => from.map((s) => corpusIndices.slice(s + shift, s + shift + numSteps));
  for (let i = 0; i < Math.floor(numExamples / batchSize); i++) {
    const batch = starts.slice(i * batchSize, (i + 1) * batchSize);
    yield [tf.tensor2d(rows(batch, 0), [batchSize, numSteps], "int32"), tf.tensor2d(rows(batch, 1), [batchSize, numSteps], "int32")];
  }
// END SOLUTION
