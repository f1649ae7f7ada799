import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.6.1
/**
 * 按 6.6 节的记号（列向量：h_t = W_hx x_t + W_hh h_{t−1}，o_t = W_qh h_t）用闭式求 ∂L/∂h_t：
 *   ∂L/∂h_t = Σ_{i=t}^{T} (W_hh^⊤)^{T−i} W_qh^⊤ ∂L/∂o_{T+t−i}。
 * dLdO[t − 1] 是 ∂L/∂o_t（长 q 的向量），返回 t = 1..T 的 ∂L/∂h_t（长 h 的向量）。
 */
function hiddenGradsClosedForm(W_hh: tf.Tensor2D, W_qh: tf.Tensor2D, dLdO: tf.Tensor1D[]): tf.Tensor1D[] {
  // BEGIN SOLUTION 从 t = T 往回递推最省事：∂L/∂h_T = W_qh^⊤ ∂L/∂o_T，∂L/∂h_t = W_hh^⊤ ∂L/∂h_{t+1} + W_qh^⊤ ∂L/∂o_t
  return tf.tidy(() => {
    const T = dLdO.length;
    const out: tf.Tensor1D[] = new Array(T);
    const fromOutput = (t: number) => tf.matMul(tf.transpose(W_qh), tf.reshape(dLdO[t], [-1, 1])); // [h, 1]
    let g = fromOutput(T - 1);
    out[T - 1] = tf.reshape(g, [-1]) as tf.Tensor1D;
    for (let t = T - 2; t >= 0; t--) {
      g = tf.add(tf.matMul(tf.transpose(W_hh), g), fromOutput(t));
      out[t] = tf.reshape(g, [-1]) as tf.Tensor1D;
    }
    return out;
  });
  // END SOLUTION
}

/** 另一种应对梯度爆炸的办法：按值裁剪，把每个梯度元素截到 [−c, c]。返回新的张量，不改动传入的梯度。 */
function clipByValue(grads: tf.Tensor[], c: number): tf.Tensor[] {
  // BEGIN SOLUTION tf.clipByValue 逐元素截断
  return grads.map((g) => tf.clipByValue(g, -c, c));
  // END SOLUTION
}
