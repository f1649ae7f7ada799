// d2l-wrong-fails: 返回裁剪前的范数 ‖g‖ | 随机的多组梯度与公式 min(θ/‖g‖, 1)·g 一致
// d2l-wrong-why: 返回的是裁剪之后的范数（就是 θ），训练日志就看不出梯度原来有多大：返回裁剪前算出的 ‖g‖。
// Returns the norm after clipping (θ), so the training log cannot show how large gradients were.
// BEGIN SOLUTION
  const norm = Math.sqrt(grads.reduce((a, g) => a + tf.sum(tf.square(g)).dataSync()[0], 0));
  if (norm <= theta) return { grads, norm };
  return { grads: grads.map((g) => tf.mul(g, theta / norm)), norm: theta };
// END SOLUTION
