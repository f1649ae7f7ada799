// d2l-wrong-fails: 很多个种子下偏移取遍 0 到 T − 1 | 同一个 rng 连续取 12 个 epoch，偏移不总是同一个
// d2l-wrong-why: 偏移固定为余下的 (N − 1) mod T 个字符，每个 epoch 都一样，大多数位置仍然永远不会成为起点：偏移要每个 epoch 用 rng 随机取 0 到 T − 1。
// Skips the (N − 1) mod T characters plain random sampling leaves over: an offset, but the same one
// in every epoch, so most positions still never start an example.
// REPLACE IN 1: const offset = rng.randint(0, numSteps);
// WITH: const offset = (corpusIndices.length - 1) % numSteps;
