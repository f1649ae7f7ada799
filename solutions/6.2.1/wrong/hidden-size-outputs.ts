// d2l-wrong-fails: 参数形状：输出层有 V 个输出 | 权重来自 N(0, 0.01²)、偏置为 0，同一种子得到同样的参数 | 词表比隐藏单元多或少时形状都对
// Gives the output layer H columns ("as many outputs as hidden units") instead of one per vocabulary entry.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.2.1
type RnnLmParams = { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D; W_hq: tf.Tensor2D; b_q: tf.Tensor1D };

function getParams(vocabSize: number, numHiddens: number, rng: d2l.Rng): RnnLmParams {
  const normal = (rows: number, cols: number) => tf.tensor2d(rng.normals(rows * cols, 0, 0.01), [rows, cols]);
  return { W_xh: normal(vocabSize, numHiddens), W_hh: normal(numHiddens, numHiddens), b_h: tf.zeros([numHiddens]), W_hq: normal(numHiddens, numHiddens), b_q: tf.zeros([numHiddens]) };
}

function rnnStepWithOutput(params: RnnLmParams, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D; O: tf.Tensor2D } {
  const H = tf.tanh(tf.add(tf.add(tf.matMul(X, params.W_xh), tf.matMul(state.H, params.W_hh)), params.b_h)) as tf.Tensor2D;
  return { H, O: tf.add(tf.matMul(H, params.W_hq), params.b_q) as tf.Tensor2D };
}
