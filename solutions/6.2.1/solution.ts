import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.2.1
/** 语言模型 RNN 的参数：隐藏层 W_xh、W_hh、b_h，输出层 W_hq、b_q。 */
type RnnLmParams = { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D; W_hq: tf.Tensor2D; b_q: tf.Tensor1D };

/**
 * 按书中的方式初始化：权重取自 N(0, 0.01²)（用 rng 抽取，依次 W_xh、W_hh、W_hq），偏置为 0。
 * 输入 X_t 是长 numInputs（D）的向量，不一定是 one-hot；隐藏单元 numHiddens（H）个；词表有 vocabSize（V）个词。
 */
function getParams(sizes: { numInputs: number; numHiddens: number; vocabSize: number }, rng: d2l.Rng): RnnLmParams {
  // BEGIN SOLUTION 每个权重的形状是 [它读入的个数, 它产生的个数]
  const { numInputs, numHiddens, vocabSize } = sizes;
  const normal = (rows: number, cols: number) => tf.tensor2d(rng.normals(rows * cols, 0, 0.01), [rows, cols]);
  return {
    W_xh: normal(numInputs, numHiddens),
    W_hh: normal(numHiddens, numHiddens),
    b_h: tf.zeros([numHiddens]),
    W_hq: normal(numHiddens, vocabSize),
    b_q: tf.zeros([vocabSize]),
  };
  // END SOLUTION
}

/** 一个时间步：H_t = tanh(X_t W_xh + H_{t−1} W_hh + b_h)，O_t = H_t W_hq + b_q。X 为 [B, D]。 */
function rnnStepWithOutput(params: RnnLmParams, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D; O: tf.Tensor2D } {
  // BEGIN SOLUTION 先算新的隐藏状态 H [B, H]，再用输出层得到 O
  return tf.tidy(() => {
    const H = tf.tanh(tf.add(tf.add(tf.matMul(X, params.W_xh), tf.matMul(state.H, params.W_hh)), params.b_h)) as tf.Tensor2D;
    const O = tf.add(tf.matMul(H, params.W_hq), params.b_q) as tf.Tensor2D;
    return { H, O };
  });
  // END SOLUTION
}
