// d2l-wrong-fails: 隐藏状态在生成时一直传下去
// d2l-wrong-why: 每生成一个字都从零状态重新开始，只有最后一个字起作用，上下文丢了：隐藏状态要在生成时一直传下去。
// Starts every generation step from the zero state: only the last character counts, the context is lost.
// BEGIN SOLUTION
  const V = idxToChar.length;
  const zero = tf.zeros([1, params.W_hh.shape[0]]) as tf.Tensor2D;
  const step = (H: tf.Tensor2D, idx: number) => tf.tanh(tf.add(tf.add(tf.matMul(tf.oneHot([idx], V).toFloat(), params.W_xh), tf.matMul(H, params.W_hh)), params.b_h)) as tf.Tensor2D;
  const output = Array.from(prefix).map((c) => charToIdx.get(c)!);
  for (let i = 0; i < numChars; i++) {
    const H = step(zero, output[output.length - 1]);
    output.push(tf.argMax(tf.add(tf.matMul(H, params.W_hq), params.b_q), 1).dataSync()[0]);
  }
  return output.map((i) => idxToChar[i]).join("");
// END SOLUTION
