// d2l-wrong-fails: 参数形状：第 2 层读第 1 层的 H 个隐藏状态 | 权重来自 N(0, 0.01²)、偏置为 0，同一种子得到同样的参数
// Gives layer 2 the one-hot input's shape [V, H]: two parallel layers instead of a stack.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.9.1
type Layer = { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D };
type DeepParams = { layers: Layer[]; W_hq: tf.Tensor2D; b_q: tf.Tensor1D };

function getDeepParams(vocabSize: number, numHiddens: number, rng: d2l.Rng): DeepParams {
  const normal = (rows: number, cols: number) => tf.tensor2d(rng.normals(rows * cols, 0, 0.01), [rows, cols]);
  const layer = (): Layer => ({ W_xh: normal(vocabSize, numHiddens), W_hh: normal(numHiddens, numHiddens), b_h: tf.zeros([numHiddens]) });
  return { layers: [layer(), layer()], W_hq: normal(numHiddens, vocabSize), b_q: tf.zeros([vocabSize]) };
}

function deepRnn(inputs: tf.Tensor2D[], state: { H: tf.Tensor2D }[], params: DeepParams): { outputs: tf.Tensor2D[]; state: { H: tf.Tensor2D }[] } {
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
}
