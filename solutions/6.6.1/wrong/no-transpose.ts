// d2l-wrong-fails: 随机的线性 RNN 上与自动求导一致（W_hh 不对称，q ≠ h）
// d2l-wrong-why: 反向传播时乘的是 W_hh 而不是 W_hh^⊤，只有 W_hh 对称时才碰巧对：检查沿时间往回传的梯度是否乘了转置。
// Multiplies by W_hh instead of W_hh^⊤ (the same on a 1×1 example, wrong for any non-symmetric W_hh).
// REPLACE IN 1: g = tf.add(fromOutput(t), tf.matMul(g, W_hh, false, true)); // ∂L/∂H_{t+1} W_hh^⊤
// WITH: g = tf.add(fromOutput(t), tf.matMul(g, W_hh));
