// d2l-wrong-fails: 用种子 0 训练后困惑度不超过 45 | 训练中困惑度一直是有限值，最后降到第一个 epoch 的一半以下
// d2l-wrong-why: 学习率和裁剪阈值的组合让训练发散，困惑度越练越大：先看每个 epoch 的困惑度，调小阈值 θ 或学习率再试。
// A clipping threshold of 0.3 with lr 30: the plain RNN's updates explode and perplexity runs away.
// BEGIN SOLUTION
  return { numHiddens: 64, lr: 30, theta: 0.3, numSteps: 8, batchSize: 4, numEpochs: 12 };
// END SOLUTION
