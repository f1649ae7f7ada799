// d2l-wrong-fails: 对角矩阵：谱范数超过 maxNorm 时等比例缩小，不超过时不变 | 随机 W_hh：缩放后谱范数等于 maxNorm，梯度不再随距离增长，输入不变
// d2l-wrong-why: 用 Frobenius 范数缩放，它不小于最大奇异值，会缩得太多：应按谱范数（最大奇异值）缩放，例如对 WᵀW 做幂迭代。
// Divides by the Frobenius norm, which is at least the largest singular value: it shrinks too much
// (about right for a nearly rank-one matrix, far off for a random one).
// BEGIN SOLUTION 2
  return tf.tidy(() => {
    const frobenius = tf.norm(W_hh).dataSync()[0];
    return tf.mul(W_hh, frobenius > maxNorm ? maxNorm / frobenius : 1) as tf.Tensor2D;
  });
// END SOLUTION
