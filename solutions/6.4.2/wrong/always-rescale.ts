// d2l-wrong-fails: 范数不超过 theta 时梯度保持原值 | 全零梯度保持为零（不出现 NaN） | 随机的多组梯度与公式 min(θ/‖g‖, 1)·g 一致
// d2l-wrong-why: 忘了 min(θ/‖g‖, 1) 里的 1：范数本来就小于 θ 的梯度被放大了，全零梯度还会变成 NaN：只有范数超过 θ 时才缩放。
// Forgets the min(·, 1): small gradients are scaled up to norm θ, and zero gradients become NaN.
// BEGIN SOLUTION
  const norm = Math.sqrt(grads.reduce((a, g) => a + tf.sum(tf.square(g)).dataSync()[0], 0));
  return { grads: grads.map((g) => tf.mul(g, theta / norm)), norm };
// END SOLUTION
