// d2l-wrong-fails: 更新门接近 0 时新状态就是候选隐藏状态 | 随机参数下与书中公式一致（重置门作用在 H_{t−1} 上再乘 W_hh）
// Swaps the roles in the interpolation: (1 − Z) ⊙ H + Z ⊙ H̃ (the convention of some other texts, not the book's).
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.7.0
type GruParams = {
  W_xr: tf.Tensor2D; W_hr: tf.Tensor2D; b_r: tf.Tensor1D;
  W_xz: tf.Tensor2D; W_hz: tf.Tensor2D; b_z: tf.Tensor1D;
  W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D;
};

function gruStep(params: GruParams, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D } {
  const H = state.H;
  const R = tf.sigmoid(tf.add(tf.add(tf.matMul(X, params.W_xr), tf.matMul(H, params.W_hr)), params.b_r));
  const Z = tf.sigmoid(tf.add(tf.add(tf.matMul(X, params.W_xz), tf.matMul(H, params.W_hz)), params.b_z));
  const H_tilde = tf.tanh(tf.add(tf.add(tf.matMul(X, params.W_xh), tf.matMul(tf.mul(R, H), params.W_hh)), params.b_h));
  return { H: tf.add(tf.mul(tf.sub(1, Z), H), tf.mul(Z, H_tilde)) as tf.Tensor2D };
}
