// d2l-wrong-fails: 随机的线性 RNN 上与自动求导一致（W_hh 不对称，q ≠ h）
// Multiplies by W_hh instead of W_hh^⊤ (the same on a 1×1 example, wrong for any non-symmetric W_hh).
// REPLACE IN 1: g = tf.add(tf.matMul(tf.transpose(W_hh), g), fromOutput(t));
// WITH: g = tf.add(tf.matMul(W_hh, g), fromOutput(t));
