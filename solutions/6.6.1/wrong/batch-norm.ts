// d2l-wrong-fails: 对角矩阵：谱范数超过 maxNorm 时等比例缩小，不超过时不变 | 非正规矩阵：按最大奇异值而不是特征值缩放 | 随机 W_hh：缩放后谱范数等于 maxNorm，梯度不再随距离增长，输入不变
// d2l-wrong-why: 把每一列标准化成均值 0、方差 1，这既不限制奇异值也不限制连乘的大小：要按最大奇异值（谱范数）缩放 W_hh。
// The circulating "batch normalisation" answer applied to W_hh: each column to mean 0 and standard
// deviation 1. It bounds neither the singular values nor the repeated products.
// BEGIN SOLUTION 2
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(W_hh, 0);
    return tf.div(tf.sub(W_hh, mean), tf.sqrt(tf.add(variance, 1e-5))) as tf.Tensor2D;
  });
// END SOLUTION
