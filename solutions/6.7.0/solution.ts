import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.7.0
type GruParams = {
  W_xr: tf.Tensor2D; W_hr: tf.Tensor2D; b_r: tf.Tensor1D;
  W_xz: tf.Tensor2D; W_hz: tf.Tensor2D; b_z: tf.Tensor1D;
  W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D;
};

/**
 * 门控循环单元的一个时间步（书中的形式）：
 *   R = σ(X W_xr + H W_hr + b_r)，Z = σ(X W_xz + H W_hz + b_z)，
 *   H_tilde = tanh(X W_xh + (R ⊙ H) W_hh + b_h)，H_new = Z ⊙ H + (1 − Z) ⊙ H_tilde。
 */
function gruStep(params: GruParams, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D } {
  // BEGIN SOLUTION 重置门作用在 H 上、再乘 W_hh；更新门在旧状态和候选状态之间插值
  return {
    H: tf.tidy(() => {
      const H = state.H; // [B, H]
      const affine = (W_x: tf.Tensor2D, W_h: tf.Tensor2D, b: tf.Tensor1D, h: tf.Tensor2D) => tf.add(tf.add(tf.matMul(X, W_x), tf.matMul(h, W_h)), b);
      const R = tf.sigmoid(affine(params.W_xr, params.W_hr, params.b_r, H));
      const Z = tf.sigmoid(affine(params.W_xz, params.W_hz, params.b_z, H));
      const H_tilde = tf.tanh(affine(params.W_xh, params.W_hh, params.b_h, tf.mul(R, H) as tf.Tensor2D));
      return tf.add(tf.mul(Z, H), tf.mul(tf.sub(1, Z), H_tilde)) as tf.Tensor2D;
    }),
  };
  // END SOLUTION
}
