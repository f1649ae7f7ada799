import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.9.1
type Layer = { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D };
type DeepParams = { layers: Layer[]; W_hq: tf.Tensor2D; b_q: tf.Tensor1D };

/**
 * 两个隐藏层的 RNN 的参数：第 1 层读 V 个输入（W_xh [V, H]），第 2 层读第 1 层的 H 个隐藏状态
 * （W_xh [H, H]），输出层 W_hq [H, V]、b_q [V]。权重取自 N(0, 0.01²)（依次：第 1 层 W_xh、W_hh，
 * 第 2 层 W_xh、W_hh，W_hq），偏置为 0。
 */
function getDeepParams(vocabSize: number, numHiddens: number, rng: d2l.Rng): DeepParams {
  // BEGIN SOLUTION 注意第 2 层的 W_xh 形状是 [H, H]：它的输入是第 1 层的隐藏状态，不是 one-hot
  const normal = (rows: number, cols: number) => tf.tensor2d(rng.normals(rows * cols, 0, 0.01), [rows, cols]);
  const layer = (numInputs: number): Layer => ({ W_xh: normal(numInputs, numHiddens), W_hh: normal(numHiddens, numHiddens), b_h: tf.zeros([numHiddens]) });
  const layers = [layer(vocabSize), layer(numHiddens)];
  return { layers, W_hq: normal(numHiddens, vocabSize), b_q: tf.zeros([vocabSize]) };
  // END SOLUTION
}

/**
 * 前向计算（tanh）：每个时间步先算第 1 层 H^(1)_t = tanh(X_t W_xh^(1) + H^(1)_{t−1} W_hh^(1) + b^(1))，
 * 再算第 2 层 H^(2)_t = tanh(H^(1)_t W_xh^(2) + H^(2)_{t−1} W_hh^(2) + b^(2))，输出 O_t = H^(2)_t W_hq + b_q。
 * state 是两层的初始状态 [{H}, {H}]；返回每步的 O_t 和两层的最终状态。
 */
function deepRnn(inputs: tf.Tensor2D[], state: { H: tf.Tensor2D }[], params: DeepParams): { outputs: tf.Tensor2D[]; state: { H: tf.Tensor2D }[] } {
  // BEGIN SOLUTION 同一个时间步里逐层往上算；每层的状态沿时间往后传
  return tf.tidy(() => {
    const H = state.map((s) => s.H);
    const outputs = inputs.map((X) => {
      let below = X;
      params.layers.forEach((p, l) => {
        H[l] = tf.tanh(tf.add(tf.add(tf.matMul(below, p.W_xh), tf.matMul(H[l], p.W_hh)), p.b_h)) as tf.Tensor2D;
        below = H[l];
      });
      return tf.add(tf.matMul(below, params.W_hq), params.b_q) as tf.Tensor2D;
    });
    return { outputs, state: H.map((h) => ({ H: h })) };
  });
  // END SOLUTION
}
