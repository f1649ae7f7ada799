// d2l-wrong-fails: 一个 epoch 内样本互不重叠，起点相差 T 的倍数 | 多种大小下只产生完整的批量，样本个数对得上
// d2l-wrong-why: 每个批量都重新取一次偏移，同一个 epoch 里的样本会互相重叠：偏移每个 epoch 只取一次，所有样本共用。
// Draws a new offset for every batch: examples of one epoch overlap.
// BEGIN SOLUTION
  const numExamples = Math.floor((corpusIndices.length - numSteps) / numSteps);
  const starts = rng.shuffle(Array.from({ length: numExamples }, (_, i) => i * numSteps));
  for (let i = 0; i < Math.floor(numExamples / batchSize); i++) {
    const offset = rng.randint(0, numSteps);
    const batch = starts.slice(i * batchSize, (i + 1) * batchSize).map((s) => s + offset);
    const rows = (shift: number) => batch.map((s) => corpusIndices.slice(s + shift, s + shift + numSteps));
    yield [tf.tensor2d(rows(0), [batchSize, numSteps], "int32"), tf.tensor2d(rows(1), [batchSize, numSteps], "int32")];
  }
// END SOLUTION
