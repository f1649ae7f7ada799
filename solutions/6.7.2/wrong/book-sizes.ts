// d2l-wrong-fails: 超参数在允许的范围内，且每个 epoch 至少有一个批量 | 用种子 0 训练后困惑度不超过 10 | 训练中困惑度一直是有限值，最后降到第一个 epoch 的一半以下
// d2l-wrong-why: 沿用了书中的批量 32 和 35 个时间步，这个小语料一个批量都凑不出来：批量大小 × 时间步数要远小于语料长度（338 个字）。
// Keeps the book's batch 32 and 35 steps: 32·35 + 1 characters are needed for one batch, the corpus has 338.
// BEGIN SOLUTION
  return { numHiddens: 64, lr: 100, theta: 0.01, numSteps: 35, batchSize: 32, numEpochs: 12 };
// END SOLUTION
