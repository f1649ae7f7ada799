// d2l-wrong-fails: 用种子 0 训练后困惑度不超过 10
// d2l-wrong-why: 沿用了书中的 lr 100、θ 0.01，在这个小语料上 12 个 epoch 内 GRU 的困惑度降不下来：试更小的学习率和更大的裁剪阈值。
// Fits the batches but keeps the book's lr 100 and θ 0.01: after 20 epochs the GRU is still at perplexity ~26.
// BEGIN SOLUTION
  return { numHiddens: 64, lr: 100, theta: 0.01, numSteps: 8, batchSize: 4, numEpochs: 12 };
// END SOLUTION
