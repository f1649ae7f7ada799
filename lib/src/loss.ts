/**
 * The language model's loss: the mean softmax cross-entropy over every predicted token, and
 * perplexity = exp(that mean) (d2l-zh 6.4). A perfect model has perplexity 1; predicting the
 * uniform distribution gives V; any useful model must stay below V.
 */
import * as tf from "@tensorflow/tfjs";
import { oneHotFloat } from "./params";

/**
 * Mean over the N rows of `−log softmax(logits)[label]`. `logits` is `[N, V]`, `labels` int32
 * `[N]` with values in [0, V). Returns a scalar.
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const [N, V] = logits.shape;
  if (labels.rank !== 1 || labels.shape[0] !== N) {
    throw new Error(`softmaxCrossEntropy: labels: expected shape [${N}], got [${labels.shape.join(", ")}]`);
  }
  if (labels.dtype !== "int32") throw new Error(`softmaxCrossEntropy: labels: expected int32, got ${labels.dtype}`);
  return tf.tidy(() => {
    const logProbs = tf.logSoftmax(logits); // [N, V]
    const picked = tf.sum(tf.mul(oneHotFloat(labels, V), logProbs), 1); // [N]
    return tf.neg(tf.mean(picked)) as tf.Scalar;
  });
}

/** exp(meanLoss): the perplexity of a mean cross-entropy (in nats). */
export function perplexity(meanLoss: number): number {
  if (typeof meanLoss !== "number" || Number.isNaN(meanLoss)) {
    throw new Error(`perplexity: meanLoss: expected a number, got ${String(meanLoss)}`);
  }
  return Math.exp(meanLoss);
}
