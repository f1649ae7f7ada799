// d2l-wrong-fails: 每层的输入个数（三层，两个方向大小不同） | 两层时最上层每个时间步输出的形状 | 随机参数、三层、每层两个方向大小不同时与逐层计算一致
// d2l-wrong-why: 只把正向的一半传给下一层，上层看不到反向的上下文：下一层的输入应是两个方向拼接起来的 h1 + h2 维。
// Feeds only the forward half of each layer to the next: the upper layers never see the backward context.
// BEGIN SOLUTION 1
  return hiddens.map((_, l) => (l === 0 ? numInputs : hiddens[l - 1][0]));
// END SOLUTION
// BEGIN SOLUTION 2
  const run = (p: Direction, xs: tf.Tensor2D[]) => {
    let H = tf.zeros([xs[0].shape[0], p.W_hh.shape[0]]) as tf.Tensor2D;
    return xs.map((X) => (H = tf.tanh(tf.add(tf.add(tf.matMul(X, p.W_xh), tf.matMul(H, p.W_hh)), p.b_h)) as tf.Tensor2D));
  };
  let seq = inputs;
  let out: tf.Tensor2D[] = [];
  for (const layer of params) {
    const f = run(layer.forward, seq);
    const b = run(layer.backward, seq.slice().reverse()).reverse();
    out = f.map((H, t) => tf.concat([H, b[t]], 1) as tf.Tensor2D);
    seq = f;
  }
  return out;
// END SOLUTION
