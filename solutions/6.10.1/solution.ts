import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.10.1
type Direction = { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D };

/**
 * 双向 RNN（tanh）：正向用 params.forward（h1 个隐藏单元）从 t = 1 读到 T，反向用 params.backward
 * （h2 个）从 t = T 读到 1，两个方向都从零状态开始。返回每个时间步的 H_t：[正向 H_t, 反向 H_t] 按列拼接。
 */
function biRnn(params: { forward: Direction; backward: Direction }, inputs: tf.Tensor2D[]): tf.Tensor2D[] {
  // BEGIN SOLUTION 两个方向各自从零状态出发；反向的结果要按时间步对齐后再和正向拼接
  return tf.tidy(() => {
    const step = (p: Direction, H: tf.Tensor2D, X: tf.Tensor2D) =>
      tf.tanh(tf.add(tf.add(tf.matMul(X, p.W_xh), tf.matMul(H, p.W_hh)), p.b_h)) as tf.Tensor2D;
    const B = inputs[0].shape[0];
    const T = inputs.length;
    const forward: tf.Tensor2D[] = [];
    let Hf = tf.zeros([B, params.forward.W_hh.shape[0]]) as tf.Tensor2D;
    for (let t = 0; t < T; t++) forward.push((Hf = step(params.forward, Hf, inputs[t])));
    const backward: tf.Tensor2D[] = new Array(T);
    let Hb = tf.zeros([B, params.backward.W_hh.shape[0]]) as tf.Tensor2D;
    for (let t = T - 1; t >= 0; t--) backward[t] = Hb = step(params.backward, Hb, inputs[t]);
    return forward.map((H, t) => tf.concat([H, backward[t]], 1) as tf.Tensor2D);
  });
  // END SOLUTION
}
