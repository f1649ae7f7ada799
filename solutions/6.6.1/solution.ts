import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.6.1
/**
 * 线性 RNN（本节的行向量记号：H_t = X_t W_xh + H_{t−1} W_hh，O_t = H_t W_hq）的 ∂L/∂H_t，按本节的闭式计算。
 * W_hh 为 [h, h]，W_hq 为 [h, q]；dLdO[t − 1] 是 ∂L/∂O_t（长 q 的行向量）。返回 t = 1..T 的 ∂L/∂H_t（长 h）。
 */
function hiddenGradsClosedForm(W_hh: tf.Tensor2D, W_hq: tf.Tensor2D, dLdO: tf.Tensor1D[]): tf.Tensor1D[] {
  // BEGIN SOLUTION 先算最后一步：∂L/∂H_T = ∂L/∂O_T W_hq^⊤
  return tf.tidy(() => {
    const T = dLdO.length;
    const out: tf.Tensor1D[] = new Array(T);
    const fromOutput = (t: number) => tf.matMul(tf.reshape(dLdO[t], [1, -1]), W_hq, false, true); // [1, h]
    let g = fromOutput(T - 1);
    out[T - 1] = tf.reshape(g, [-1]) as tf.Tensor1D;
    for (let t = T - 2; t >= 0; t--) {
      g = tf.add(fromOutput(t), tf.matMul(g, W_hh, false, true)); // ∂L/∂H_{t+1} W_hh^⊤
      out[t] = tf.reshape(g, [-1]) as tf.Tensor1D;
    }
    return out;
  });
  // END SOLUTION
}

/**
 * 控制 W_hh 的尺度：若 W_hh 的谱范数 σ_max（最大奇异值）大于 maxNorm，返回 (maxNorm / σ_max)·W_hh，
 * 否则返回与 W_hh 相同的值。返回新的张量，不改动传入的 W_hh。
 */
function clipSpectralNorm(W_hh: tf.Tensor2D, maxNorm: number): tf.Tensor2D {
  // BEGIN SOLUTION tf.js 没有奇异值分解：σ_max 可以用幂迭代估计
  return tf.tidy(() => {
    // Power iteration on W^⊤W: v ← W^⊤W v / ‖W^⊤W v‖ converges to the top right singular vector.
    let v = tf.ones([W_hh.shape[1], 1]) as tf.Tensor2D;
    for (let k = 0; k < 200; k++) {
      const w = tf.matMul(W_hh, tf.matMul(W_hh, v), true, false);
      v = tf.div(w, tf.norm(w)) as tf.Tensor2D;
    }
    const sigma = tf.norm(tf.matMul(W_hh, v)).dataSync()[0]; // ‖W v‖ with ‖v‖ = 1
    return tf.mul(W_hh, sigma > maxNorm ? maxNorm / sigma : 1) as tf.Tensor2D;
  });
  // END SOLUTION
}
