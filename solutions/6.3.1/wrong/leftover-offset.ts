// d2l-wrong-fails: 很多个种子下偏移取遍 0 到 T − 1 | 同一个 rng 连续取 12 个 epoch，偏移不总是同一个
// Skips the (N − 1) mod T characters plain random sampling leaves over: an offset, but the same one
// in every epoch, so most positions still never start an example.
// BEGIN SOLUTION
  const offset = (corpusIndices.length - 1) % numSteps; // the characters left over by plain random sampling
  const corpus = corpusIndices.slice(offset);
  const numExamples = Math.floor((corpus.length - 1) / numSteps);
  const epochSize = Math.floor(numExamples / batchSize);
  const starts = rng.shuffle(Array.from({ length: numExamples }, (_, i) => i * numSteps));
  const rows = (from: number[], shift: number) => from.map((s) => corpus.slice(s + shift, s + shift + numSteps));
  for (let i = 0; i < epochSize; i++) {
    const batch = starts.slice(i * batchSize, (i + 1) * batchSize);
    yield [tf.tensor2d(rows(batch, 0), [batchSize, numSteps], "int32"), tf.tensor2d(rows(batch, 1), [batchSize, numSteps], "int32")];
  }
  // END SOLUTION
