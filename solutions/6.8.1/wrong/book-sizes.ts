// d2l-wrong-fails: 超参数在允许的范围内，且每个 epoch 至少有一个批量 | 用种子 0 训练后困惑度不超过 30 | 训练中困惑度一直是有限值，最后降到第一个 epoch 的一半以下
// Keeps the book's batch 32 and 35 steps: 32·35 + 1 characters are needed for one batch, the corpus has 338.
// BEGIN SOLUTION
  return { numHiddens: 64, lr: 100, theta: 0.01, numSteps: 35, batchSize: 32, numEpochs: 12 };
// END SOLUTION
