// d2l-wrong-fails: H_t 用到上一步的隐藏状态 H_{t−1} | 随机参数下与公式一致
// Forgets H_{t−1} W_hh: a feed-forward network that cannot remember anything.
// BEGIN SOLUTION 1
  const normal = (rows: number, cols: number) => tf.tensor2d(rng.normals(rows * cols, 0, 0.01), [rows, cols]);
  return { W_xh: normal(vocabSize, numHiddens), W_hh: normal(numHiddens, numHiddens), b_h: tf.zeros([numHiddens]), W_hq: normal(numHiddens, vocabSize), b_q: tf.zeros([vocabSize]) };
// END SOLUTION
// BEGIN SOLUTION 2
  const H = tf.tanh(tf.add(tf.matMul(X, params.W_xh), params.b_h)) as tf.Tensor2D;
  return { H, O: tf.add(tf.matMul(H, params.W_hq), params.b_q) as tf.Tensor2D };
// END SOLUTION
