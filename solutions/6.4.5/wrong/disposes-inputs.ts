// d2l-wrong-fails: 不释放传入的参数和状态
// Disposes the previous state to save memory: the caller's tensor is gone (memory has one owner: the loop).
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.4.5
function rnnReluStep(params: { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D }, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D } {
  const H = tf.relu(tf.add(tf.add(tf.matMul(X, params.W_xh), tf.matMul(state.H, params.W_hh)), params.b_h)) as tf.Tensor2D;
  state.H.dispose();
  return { H };
}
