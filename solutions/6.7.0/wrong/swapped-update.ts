// d2l-wrong-fails: 更新门接近 0 时新状态就是候选隐藏状态 | 随机参数下与书中公式一致（重置门作用在 H_{t−1} 上再乘 W_hh）
// d2l-wrong-why: 更新门的两项互换了：书中是 Z ⊙ H_{t−1} + (1 − Z) ⊙ H̃，Z 接近 1 时保留旧状态：检查最后插值那一行。
// Swaps the roles in the interpolation: (1 − Z) ⊙ H + Z ⊙ H̃ (the convention of some other texts, not the book's).
// BEGIN SOLUTION
  const H = state.H;
  const R = tf.sigmoid(tf.add(tf.add(tf.matMul(X, params.W_xr), tf.matMul(H, params.W_hr)), params.b_r));
  const Z = tf.sigmoid(tf.add(tf.add(tf.matMul(X, params.W_xz), tf.matMul(H, params.W_hz)), params.b_z));
  const H_tilde = tf.tanh(tf.add(tf.add(tf.matMul(X, params.W_xh), tf.matMul(tf.mul(R, H), params.W_hh)), params.b_h));
  return { H: tf.add(tf.mul(tf.sub(1, Z), H), tf.mul(Z, H_tilde)) as tf.Tensor2D };
// END SOLUTION
