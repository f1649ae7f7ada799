// d2l-wrong-fails: 随机采样在 0..29、B = 2、T = 6 上：两个批量，样本从 0、6、12、18 开始且各出现一次 | 随机采样：多种长度与种子下，起点是 T 的倍数、互不重复、批量个数正确
// d2l-wrong-why: 随机采样的起点在语料里随便取，样本会重叠、重复：起点应是 T 的倍数，打乱后每个只用一次。
// Draws every example's start anywhere in the corpus: examples overlap and repeat within an epoch.
// BEGIN SOLUTION 1
  const epochSize = Math.floor(Math.floor((corpusIndices.length - 1) / numSteps) / batchSize);
  for (let i = 0; i < epochSize; i++) {
    const starts = Array.from({ length: batchSize }, () => rng.randint(0, corpusIndices.length - numSteps));
    const rows = (shift: number) => starts.map((s) => corpusIndices.slice(s + shift, s + shift + numSteps));
    yield [tf.tensor2d(rows(0), [batchSize, numSteps], "int32"), tf.tensor2d(rows(1), [batchSize, numSteps], "int32")];
  }
// END SOLUTION
// BEGIN SOLUTION 2
  const batchLen = Math.floor(corpusIndices.length / batchSize);
  const lines = Array.from({ length: batchSize }, (_, b) => corpusIndices.slice(b * batchLen, (b + 1) * batchLen));
  for (let i = 0; i < Math.floor((batchLen - 1) / numSteps); i++) {
    const cut = (shift: number) => lines.map((line) => line.slice(i * numSteps + shift, i * numSteps + shift + numSteps));
    yield [tf.tensor2d(cut(0), [batchSize, numSteps], "int32"), tf.tensor2d(cut(1), [batchSize, numSteps], "int32")];
  }
// END SOLUTION
