// d2l-wrong-fails: 分离隐藏状态时，梯度只来自第二个批量自己的计算 | 随机参数下，分离时与把第一批的末状态当作常数算出的梯度一致
// "Detaches" by starting the second batch from the zero state, which is random sampling, not consecutive.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.4.4
type RnnLmParams = { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D; W_hq: tf.Tensor2D; b_q: tf.Tensor1D };

function secondBatchGrad(params: RnnLmParams, batch1: tf.Tensor2D[], batch2: tf.Tensor2D[], H0: tf.Tensor2D, detach: boolean): tf.Tensor2D {
  const step = (W_xh: tf.Tensor2D, H: tf.Tensor2D, X: tf.Tensor2D) => tf.tanh(tf.add(tf.add(tf.matMul(X, W_xh), tf.matMul(H, params.W_hh)), params.b_h)) as tf.Tensor2D;
  return tf.grad((W: tf.Tensor) => {
    const W_xh = W as tf.Tensor2D;
    let H = H0;
    if (detach) H = tf.zerosLike(H0);
    else for (const X of batch1) H = step(W_xh, H, X);
    let sum = tf.scalar(0);
    for (const X of batch2) {
      H = step(W_xh, H, X);
      sum = tf.add(sum, tf.sum(tf.add(tf.matMul(H, params.W_hq), params.b_q)));
    }
    return sum;
  })(params.W_xh) as tf.Tensor2D;
}
