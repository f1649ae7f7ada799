// d2l-wrong-fails: 用种子 0 训练后困惑度不超过 10
// Fits the batches but keeps the book's lr 100 and θ 0.01: after 20 epochs the GRU is still at perplexity ~26.
// BEGIN SOLUTION
  return { numHiddens: 64, lr: 100, theta: 0.01, numSteps: 8, batchSize: 4, numEpochs: 12 };
// END SOLUTION
