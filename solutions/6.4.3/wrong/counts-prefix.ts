// d2l-wrong-fails: 手工构造的模型从「我」出发循环生成「想你我…」 | 多字前缀：读完整个前缀后从最后的状态开始生成 | 隐藏状态在生成时一直传下去
// d2l-wrong-why: 把 numChars 当成了包括前缀在内的总长度：numChars 是前缀之后要新生成的字符个数。
// Treats numChars as the length of the whole output (prefix included).
// BEGIN SOLUTION
  const V = idxToChar.length;
  const step = (H: tf.Tensor2D, idx: number) => tf.tanh(tf.add(tf.add(tf.matMul(tf.oneHot([idx], V).toFloat(), params.W_xh), tf.matMul(H, params.W_hh)), params.b_h)) as tf.Tensor2D;
  const output = Array.from(prefix).map((c) => charToIdx.get(c)!);
  let H = tf.zeros([1, params.W_hh.shape[0]]) as tf.Tensor2D;
  for (const idx of output) H = step(H, idx);
  while (output.length < numChars) {
    const idx = tf.argMax(tf.add(tf.matMul(H, params.W_hq), params.b_q), 1).dataSync()[0];
    output.push(idx);
    H = step(H, idx);
  }
  return output.map((i) => idxToChar[i]).join("");
// END SOLUTION
