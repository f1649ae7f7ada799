// d2l-wrong-fails: H_t 用到上一步的隐藏状态 H_{t−1} | 随机参数下与公式一致
// d2l-wrong-why: 计算 H_t 时漏掉了 H_{t−1} W_hh，网络就记不住任何东西：检查隐藏状态的公式里有没有上一步的状态。
// Forgets H_{t−1} W_hh: a feed-forward network that cannot remember anything.
// REPLACE IN 2: const H = tf.tanh(tf.add(tf.add(tf.matMul(X, params.W_xh), tf.matMul(state.H, params.W_hh)), params.b_h)) as tf.Tensor2D;
// WITH: const H = tf.tanh(tf.add(tf.matMul(X, params.W_xh), params.b_h)) as tf.Tensor2D;
