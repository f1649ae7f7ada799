// d2l-wrong-fails: 很多个种子下偏移取遍 0 到 T − 1 | 同一个 rng 连续取 12 个 epoch，偏移不总是同一个
// Skips the (N − 1) mod T characters plain random sampling leaves over: an offset, but the same one
// in every epoch, so most positions still never start an example.
// REPLACE IN 1: const offset = rng.randint(0, numSteps);
// WITH: const offset = (corpusIndices.length - 1) % numSteps;
