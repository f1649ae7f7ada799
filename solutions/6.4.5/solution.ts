import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.4.5
/**
 * 以 ReLU 为激活函数的 RNN 一步：H_t = ReLU(X_t W_xh + H_{t−1} W_hh + b_h)。X 为 [B, D]，H 为 [B, H]。
 * 返回类型写作一般的 tf.Tensor（tf.relu、tf.add 的结果就是这个类型），检查格会核对它的形状 [B, H]。
 */
function rnnReluStep(
  params: { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D },
  state: { H: tf.Tensor2D },
  X: tf.Tensor2D,
): { H: tf.Tensor } {
  // BEGIN SOLUTION 和 tanh 版本一样先算仿射变换，再逐元素取 max(x, 0)
  return { H: tf.tidy(() => tf.relu(tf.add(tf.add(tf.matMul(X, params.W_xh), tf.matMul(state.H, params.W_hh)), params.b_h))) };
  // END SOLUTION
}
