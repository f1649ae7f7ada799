// d2l-wrong-fails: 输入 [B, T, V] 时每个时间步都有 V 个输出
// d2l-wrong-why: 循环层用了默认的 returnSequences: false，只有最后一步有输出（成了分类器）：语言模型每个时间步都要输出，设 returnSequences: true。
// Leaves returnSequences at its default (false): only the last step gets an output, a classifier, not a language model.
// BEGIN SOLUTION 1
  const model = tf.sequential();
  model.add(tf.layers.simpleRNN({ units: numHiddens, inputShape: [numSteps, vocabSize] }));
  model.add(tf.layers.dense({ units: vocabSize }));
  return model;
// END SOLUTION
