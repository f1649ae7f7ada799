// d2l-wrong-fails: 正向和反向的值（手算的小例子） | 随机参数、h1 = 3 与 h2 = 5 时与逐步计算一致 | 两个方向参数相同时，把输入倒过来等于交换两半并倒序
// d2l-wrong-why: 反向的输出是按从 T 到 1 的计算顺序拼接的，没有按时间步对齐：第 t 步要拼的是反向读到 X_t 时的隐藏状态，把反向结果倒回来。
// Concatenates the backward outputs in the order they were computed (from t = T down), not per time step.
// BEGIN SOLUTION
  const step = (p: Direction, H: tf.Tensor2D, X: tf.Tensor2D) => tf.tanh(tf.add(tf.add(tf.matMul(X, p.W_xh), tf.matMul(H, p.W_hh)), p.b_h)) as tf.Tensor2D;
  const B = inputs[0].shape[0];
  let Hf = tf.zeros([B, params.forward.W_hh.shape[0]]) as tf.Tensor2D;
  const forward = inputs.map((X) => (Hf = step(params.forward, Hf, X)));
  let Hb = tf.zeros([B, params.backward.W_hh.shape[0]]) as tf.Tensor2D;
  const backward = inputs.slice().reverse().map((X) => (Hb = step(params.backward, Hb, X)));
  return forward.map((H, t) => tf.concat([H, backward[t]], 1) as tf.Tensor2D);
// END SOLUTION
