// d2l-wrong-fails: 按值裁剪把每个元素截到 [−c, c] | 按值裁剪：随机张量、不改动输入
// Rescales each tensor to norm c (clipping by norm) where clipping by value was asked for.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.6.1
function hiddenGradsClosedForm(W_hh: tf.Tensor2D, W_qh: tf.Tensor2D, dLdO: tf.Tensor1D[]): tf.Tensor1D[] {
  const T = dLdO.length;
  const out: tf.Tensor1D[] = new Array(T);
  const fromOutput = (t: number) => tf.matMul(tf.transpose(W_qh), tf.reshape(dLdO[t], [-1, 1]));
  let g = fromOutput(T - 1);
  out[T - 1] = tf.reshape(g, [-1]) as tf.Tensor1D;
  for (let t = T - 2; t >= 0; t--) {
    g = tf.add(tf.matMul(tf.transpose(W_hh), g), fromOutput(t));
    out[t] = tf.reshape(g, [-1]) as tf.Tensor1D;
  }
  return out;
}

function clipByValue(grads: tf.Tensor[], c: number): tf.Tensor[] {
  return grads.map((g) => {
    const norm = tf.norm(g).dataSync()[0];
    return norm > c ? tf.mul(g, c / norm) : g;
  });
}
