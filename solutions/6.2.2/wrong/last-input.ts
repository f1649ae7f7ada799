// d2l-wrong-fails: 两个时间步时 ∂O_2/∂x_1 与手算一致 | W_hh = 0 时 O_T 不依赖 X_1（梯度为 0） | 随机参数、多个隐藏单元时与自动求导一致
// d2l-wrong-why: 对最后一个输入 X_T 求了导（那只是直接路径），题目问的是 X_1 的影响：求导的变量应是第一个时间步的输入。
// Differentiates with respect to the last input X_T: the direct path, which says nothing about X_1.
// BEGIN SOLUTION
  const T = inputs.length;
  const f = (XT: tf.Tensor): tf.Scalar => {
    let H = H0;
    inputs.forEach((X, t) => {
      H = tf.tanh(tf.add(tf.add(tf.matMul(t === T - 1 ? (XT as tf.Tensor2D) : X, params.W_xh), tf.matMul(H, params.W_hh)), params.b_h)) as tf.Tensor2D;
    });
    return tf.sum(tf.add(tf.matMul(H, params.W_hq), params.b_q));
  };
  return tf.grad(f)(inputs[T - 1]) as tf.Tensor2D;
// END SOLUTION
