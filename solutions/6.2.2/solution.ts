import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.2.2
type RnnLmParams = { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D; W_hq: tf.Tensor2D; b_q: tf.Tensor1D };

/**
 * 用数值说明 O_T 依赖 X_1：从 H0 出发按 H_t = tanh(X_t W_xh + H_{t−1} W_hh + b_h) 走完 inputs（T 个 [B, V]），
 * 返回最后一个时间步输出之和 sum(O_T) 对第一个输入 X_1 的梯度（形状与 X_1 相同）。
 */
function outputGradWrtFirstInput(params: RnnLmParams, inputs: tf.Tensor2D[], H0: tf.Tensor2D): tf.Tensor2D {
  // BEGIN SOLUTION 把“从 X_1 算到 sum(O_T)”写成 X_1 的函数，再用 tf.grad 求导
  const lastOutputSum = (X1: tf.Tensor): tf.Scalar => {
    let H = H0;
    inputs.forEach((X, t) => {
      H = tf.tanh(tf.add(tf.add(tf.matMul(t === 0 ? (X1 as tf.Tensor2D) : X, params.W_xh), tf.matMul(H, params.W_hh)), params.b_h)) as tf.Tensor2D;
    });
    return tf.sum(tf.add(tf.matMul(H, params.W_hq), params.b_q));
  };
  return tf.tidy(() => tf.grad(lastOutputSum)(inputs[0]) as tf.Tensor2D);
  // END SOLUTION
}
