// d2l-wrong-fails: 把所有梯度合成一个向量求范数（不是逐个张量裁剪） | 随机的多组梯度与公式 min(θ/‖g‖, 1)·g 一致
// d2l-wrong-why: 逐个张量按各自的范数裁剪，而不是对所有梯度合起来的整体范数裁剪：先求全部梯度的总范数，再用同一个系数缩放每个张量。
// A circulating wrong answer: each tensor is clipped by its own norm, so the global norm can exceed θ.
// BEGIN SOLUTION
  const norms = grads.map((g) => Math.sqrt(tf.sum(tf.square(g)).dataSync()[0]));
  const norm = Math.sqrt(norms.reduce((a, n) => a + n * n, 0));
  return { grads: grads.map((g, i) => (norms[i] > theta ? tf.mul(g, theta / norms[i]) : g)), norm };
// END SOLUTION
