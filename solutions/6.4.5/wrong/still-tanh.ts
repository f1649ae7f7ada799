// d2l-wrong-fails: 正的预激活原样保留，负的变成 0（手算的小例子） | 大于 1 的值不被截断（ReLU 没有上界） | 随机参数下与公式一致
// Forgot to change the activation: still tanh.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.4.5
function rnnReluStep(params: { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D }, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D } {
  return { H: tf.tanh(tf.add(tf.add(tf.matMul(X, params.W_xh), tf.matMul(state.H, params.W_hh)), params.b_h)) as tf.Tensor2D };
}
