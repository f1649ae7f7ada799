// d2l-wrong-fails: H_t 用到上一步的隐藏状态 H_{t−1} | 随机参数下与公式一致
// Forgets H_{t−1} W_hh: a feed-forward network that cannot remember anything.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.2.1
type RnnLmParams = { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D; W_hq: tf.Tensor2D; b_q: tf.Tensor1D };

function getParams(vocabSize: number, numHiddens: number, rng: d2l.Rng): RnnLmParams {
  const normal = (rows: number, cols: number) => tf.tensor2d(rng.normals(rows * cols, 0, 0.01), [rows, cols]);
  return { W_xh: normal(vocabSize, numHiddens), W_hh: normal(numHiddens, numHiddens), b_h: tf.zeros([numHiddens]), W_hq: normal(numHiddens, vocabSize), b_q: tf.zeros([vocabSize]) };
}

function rnnStepWithOutput(params: RnnLmParams, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D; O: tf.Tensor2D } {
  const H = tf.tanh(tf.add(tf.matMul(X, params.W_xh), params.b_h)) as tf.Tensor2D;
  return { H, O: tf.add(tf.matMul(H, params.W_hq), params.b_q) as tf.Tensor2D };
}
