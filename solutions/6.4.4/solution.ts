import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.4.4
type RnnLmParams = { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D; W_hq: tf.Tensor2D; b_q: tf.Tensor1D };

/**
 * 相邻采样的两个批量：从 H0 出发读完 batch1（T 个 [B, D]），第二个批量接着从 batch1 最后的隐藏状态出发。
 * 返回第二个批量的损失 L = sum(所有 O_t) 对 W_xh 的梯度 [D, H]。
 * detach 为 true：把 batch1 最后的隐藏状态当作常数（从计算图分离），梯度只来自第二个批量自己的计算；
 * detach 为 false：梯度还会沿隐藏状态一直传回第一个批量。
 */
function secondBatchGrad(params: RnnLmParams, batch1: tf.Tensor2D[], batch2: tf.Tensor2D[], H0: tf.Tensor2D, detach: boolean): tf.Tensor2D {
  // BEGIN SOLUTION 把 L 写成 W_xh 的函数再求导；分离 = 在求导的函数之外算好第一批的状态（它就成了常数）
  const run = (W_xh: tf.Tensor2D, H: tf.Tensor2D, inputs: tf.Tensor2D[]) => {
    for (const X of inputs) H = tf.tanh(tf.add(tf.add(tf.matMul(X, W_xh), tf.matMul(H, params.W_hh)), params.b_h)) as tf.Tensor2D;
    return H;
  };
  const lossOfSecond = (H: tf.Tensor2D, W_xh: tf.Tensor2D): tf.Scalar => {
    let sum = tf.scalar(0);
    for (const X of batch2) {
      H = tf.tanh(tf.add(tf.add(tf.matMul(X, W_xh), tf.matMul(H, params.W_hh)), params.b_h)) as tf.Tensor2D;
      sum = tf.add(sum, tf.sum(tf.add(tf.matMul(H, params.W_hq), params.b_q)));
    }
    return sum;
  };
  return tf.tidy(() => {
    if (detach) {
      const carried = run(params.W_xh, H0, batch1); // computed outside the function being differentiated
      return tf.grad((W_xh: tf.Tensor) => lossOfSecond(carried, W_xh as tf.Tensor2D))(params.W_xh) as tf.Tensor2D;
    }
    return tf.grad((W: tf.Tensor) => lossOfSecond(run(W as tf.Tensor2D, H0, batch1), W as tf.Tensor2D))(params.W_xh) as tf.Tensor2D;
  });
  // END SOLUTION
}
