// d2l-wrong-fails: 参数形状：输出层有 V 个输出 | 权重来自 N(0, 0.01²)、偏置为 0，同一种子得到同样的参数 | 词表比隐藏单元多或少时形状都对
// Gives the output layer H columns ("as many outputs as hidden units") instead of one per vocabulary entry.
// BEGIN SOLUTION 1
  const normal = (rows: number, cols: number) => tf.tensor2d(rng.normals(rows * cols, 0, 0.01), [rows, cols]);
  return { W_xh: normal(vocabSize, numHiddens), W_hh: normal(numHiddens, numHiddens), b_h: tf.zeros([numHiddens]), W_hq: normal(numHiddens, numHiddens), b_q: tf.zeros([numHiddens]) };
// END SOLUTION
// BEGIN SOLUTION 2
  const H = tf.tanh(tf.add(tf.add(tf.matMul(X, params.W_xh), tf.matMul(state.H, params.W_hh)), params.b_h)) as tf.Tensor2D;
  return { H, O: tf.add(tf.matMul(H, params.W_hq), params.b_q) as tf.Tensor2D };
// END SOLUTION
