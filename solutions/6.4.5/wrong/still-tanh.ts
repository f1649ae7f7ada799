// d2l-wrong-fails: 正的预激活原样保留，负的变成 0（手算的小例子） | 大于 1 的值不被截断（ReLU 没有上界） | 随机参数下与公式一致
// d2l-wrong-why: 激活函数还是 tanh，没有换成 ReLU：检查计算 H 的那一行用的是哪个激活函数。
// Forgot to change the activation: still tanh.
// BEGIN SOLUTION
  return { H: tf.tanh(tf.add(tf.add(tf.matMul(X, params.W_xh), tf.matMul(state.H, params.W_hh)), params.b_h)) as tf.Tensor2D };
// END SOLUTION
