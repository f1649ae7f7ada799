// d2l-wrong-fails: 两层逐层计算、每层的状态沿时间传递（手算的小例子） | 随机参数下与逐层递推一致
// The circulating code uses ReLU in both layers while the section's model (and the question) uses tanh.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.9.1
type Layer = { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D };
type DeepParams = { layers: Layer[]; W_hq: tf.Tensor2D; b_q: tf.Tensor1D };

function getDeepParams(vocabSize: number, numHiddens: number, rng: d2l.Rng): DeepParams {
  const normal = (rows: number, cols: number) => tf.tensor2d(rng.normals(rows * cols, 0, 0.01), [rows, cols]);
  const layer = (numInputs: number): Layer => ({ W_xh: normal(numInputs, numHiddens), W_hh: normal(numHiddens, numHiddens), b_h: tf.zeros([numHiddens]) });
  return { layers: [layer(vocabSize), layer(numHiddens)], W_hq: normal(numHiddens, vocabSize), b_q: tf.zeros([vocabSize]) };
}

function deepRnn(inputs: tf.Tensor2D[], state: { H: tf.Tensor2D }[], params: DeepParams): { outputs: tf.Tensor2D[]; state: { H: tf.Tensor2D }[] } {
  const H = state.map((s) => s.H);
  const outputs = inputs.map((X) => {
    let below = X;
    params.layers.forEach((p, l) => {
      H[l] = tf.relu(tf.add(tf.add(tf.matMul(below, p.W_xh), tf.matMul(H[l], p.W_hh)), p.b_h)) as tf.Tensor2D;
      below = H[l];
    });
    return tf.add(tf.matMul(below, params.W_hq), params.b_q) as tf.Tensor2D;
  });
  return { outputs, state: H.map((h) => ({ H: h })) };
}
