// d2l-wrong-fails: 非正规矩阵：按最大奇异值而不是特征值缩放 | 随机 W_hh：缩放后谱范数等于 maxNorm，梯度不再随距离增长，输入不变
// d2l-wrong-why: 按谱半径（最大特征值的模）缩放，它只在正规矩阵上等于最大奇异值：幂迭代应作用在 WᵀW 上，求的是奇异值。
// Rescales by the spectral radius (power iteration on W itself estimates |λ_max|), which equals the
// largest singular value only for normal matrices.
// BEGIN SOLUTION 2
  return tf.tidy(() => {
    let v = tf.ones([W_hh.shape[1], 1]) as tf.Tensor2D;
    for (let k = 0; k < 200; k++) {
      const w = tf.matMul(W_hh, v);
      v = tf.div(w, tf.norm(w)) as tf.Tensor2D;
    }
    const radius = tf.norm(tf.matMul(W_hh, v)).dataSync()[0];
    return tf.mul(W_hh, radius > maxNorm ? maxNorm / radius : 1) as tf.Tensor2D;
  });
// END SOLUTION
