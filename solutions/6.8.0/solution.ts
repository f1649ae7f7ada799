import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.8.0
type LstmParams = {
  W_xi: tf.Tensor2D; W_hi: tf.Tensor2D; b_i: tf.Tensor1D;
  W_xf: tf.Tensor2D; W_hf: tf.Tensor2D; b_f: tf.Tensor1D;
  W_xo: tf.Tensor2D; W_ho: tf.Tensor2D; b_o: tf.Tensor1D;
  W_xc: tf.Tensor2D; W_hc: tf.Tensor2D; b_c: tf.Tensor1D;
};

/**
 * 长短期记忆的一个时间步：I、F、O = σ(X W_x* + H W_h* + b_*)，C_tilde = tanh(X W_xc + H W_hc + b_c)，
 * C_new = F ⊙ C + I ⊙ C_tilde，H_new = O ⊙ tanh(C_new)。
 */
function lstmStep(params: LstmParams, state: { H: tf.Tensor2D; C: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D; C: tf.Tensor2D } {
  // BEGIN SOLUTION 三个门都用 sigmoid，候选记忆细胞用 tanh；新的 H 还要再过一次 tanh
  return tf.tidy(() => {
    const { H, C } = state;
    const affine = (W_x: tf.Tensor2D, W_h: tf.Tensor2D, b: tf.Tensor1D) => tf.add(tf.add(tf.matMul(X, W_x), tf.matMul(H, W_h)), b);
    const I = tf.sigmoid(affine(params.W_xi, params.W_hi, params.b_i));
    const F = tf.sigmoid(affine(params.W_xf, params.W_hf, params.b_f));
    const O = tf.sigmoid(affine(params.W_xo, params.W_ho, params.b_o));
    const C_tilde = tf.tanh(affine(params.W_xc, params.W_hc, params.b_c));
    const C_new = tf.add(tf.mul(F, C), tf.mul(I, C_tilde)) as tf.Tensor2D;
    return { H: tf.mul(O, tf.tanh(C_new)) as tf.Tensor2D, C: C_new };
  });
  // END SOLUTION
}
