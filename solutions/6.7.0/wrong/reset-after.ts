// d2l-wrong-fails: 随机参数下与书中公式一致（重置门作用在 H_{t−1} 上再乘 W_hh）
// d2l-wrong-why: 重置门作用在 H_{t−1}·W_hh 之后（reset-after，cuDNN 和 tf.layers 的写法），而书中的 GRU 是先 R ⊙ H_{t−1} 再乘 W_hh：检查候选隐藏状态的公式。
// Applies the reset gate after the product, R ⊙ (H W_hh), the cuDNN / tf.layers variant, not the book's GRU.
// BEGIN SOLUTION
  const H = state.H;
  const R = tf.sigmoid(tf.add(tf.add(tf.matMul(X, params.W_xr), tf.matMul(H, params.W_hr)), params.b_r));
  const Z = tf.sigmoid(tf.add(tf.add(tf.matMul(X, params.W_xz), tf.matMul(H, params.W_hz)), params.b_z));
  const H_tilde = tf.tanh(tf.add(tf.add(tf.matMul(X, params.W_xh), tf.mul(R, tf.matMul(H, params.W_hh))), params.b_h));
  return { H: tf.add(tf.mul(Z, H), tf.mul(tf.sub(1, Z), H_tilde)) as tf.Tensor2D };
// END SOLUTION
