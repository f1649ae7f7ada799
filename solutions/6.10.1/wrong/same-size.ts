// d2l-wrong-fails: 两个方向隐藏单元数不同时每个时间步输出的形状 | 随机参数、h1 = 3 与 h2 = 5 时与逐步计算一致
// d2l-wrong-why: 反向的初始状态用了正向的隐藏单元数，两个方向大小不同时就错了：反向的零状态应取 backward.W_hh 的大小。
// Assumes both directions have h1 units (the backward zero state takes the forward size).
// BEGIN SOLUTION
  const step = (p: Direction, H: tf.Tensor2D, X: tf.Tensor2D) => tf.tanh(tf.add(tf.add(tf.matMul(X, p.W_xh), tf.matMul(H, p.W_hh)), p.b_h)) as tf.Tensor2D;
  const B = inputs[0].shape[0];
  const h = params.forward.W_hh.shape[0];
  let Hf = tf.zeros([B, h]) as tf.Tensor2D;
  const forward = inputs.map((X) => (Hf = step(params.forward, Hf, X)));
  let Hb = tf.zeros([B, h]) as tf.Tensor2D;
  const backward: tf.Tensor2D[] = new Array(inputs.length);
  for (let t = inputs.length - 1; t >= 0; t--) backward[t] = Hb = step(params.backward, Hb, inputs[t]);
  return forward.map((H, t) => tf.concat([H, backward[t]], 1) as tf.Tensor2D);
// END SOLUTION
