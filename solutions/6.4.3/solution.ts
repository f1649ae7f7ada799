import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.4.3
type RnnLmParams = { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D; W_hq: tf.Tensor2D; b_q: tf.Tensor1D };

/**
 * 书中的 predict_rnn（贪心）：从零状态出发逐个读入前缀的字符（one-hot），读完后每一步取输出中分数最大的
 * 字符（并列时取下标小的），把它接在后面并作为下一步的输入，共生成 numChars 个字符。返回前缀加生成的字符。
 */
function predictRnnGreedy(prefix: string, numChars: number, params: RnnLmParams, charToIdx: Map<string, number>, idxToChar: readonly string[]): string {
  // BEGIN SOLUTION 隐藏状态要一直传下去：读前缀时也更新 H，生成时把上一步选出的字符作为输入
  const V = idxToChar.length;
  const step = (H: tf.Tensor2D, idx: number) =>
    tf.tidy(() => tf.tanh(tf.add(tf.add(tf.matMul(tf.oneHot([idx], V).toFloat(), params.W_xh), tf.matMul(H, params.W_hh)), params.b_h)) as tf.Tensor2D);
  const argmax = (H: tf.Tensor2D) => tf.tidy(() => tf.argMax(tf.add(tf.matMul(H, params.W_hq), params.b_q), 1).dataSync()[0]);
  const output = Array.from(prefix).map((c) => charToIdx.get(c)!);
  let H = tf.zeros([1, params.W_hh.shape[0]]) as tf.Tensor2D;
  for (const idx of output) {
    const next = step(H, idx);
    H.dispose();
    H = next;
  }
  for (let i = 0; i < numChars; i++) {
    const idx = argmax(H);
    output.push(idx);
    const next = step(H, idx);
    H.dispose();
    H = next;
  }
  H.dispose();
  return output.map((i) => idxToChar[i]).join("");
  // END SOLUTION
}
