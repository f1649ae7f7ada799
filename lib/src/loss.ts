/**
 * The language model's loss: the mean softmax cross-entropy over every predicted token, and
 * perplexity = exp(that mean) (d2l-zh 6.4). A perfect model has perplexity 1; predicting the
 * uniform distribution gives V; any useful model must stay below V.
 */
import * as tf from "@tensorflow/tfjs";

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
  return crossEntropy(logits, labels) as tf.Scalar;
}

/**
 * The same mean as `tf.neg(tf.mean(tf.sum(tf.mul(oneHot(labels), tf.logSoftmax(logits)), 1)))`, with
 * its gradient written out: ∂L/∂logits = (softmax(logits) − oneHot(labels)) / N. Differentiating the
 * composition would pass over the [N, V] logits about 15 times (twice through exp); this passes
 * 7 times (once through exp), which matters at N = T·B = 1,120 rows of V = 1,027.
 */
const crossEntropy = tf.customGrad(((logits: tf.Tensor2D, labels: tf.Tensor1D, save: tf.GradSaveFunc) => {
  const [N, V] = logits.shape;
  const shifted = tf.sub(logits, tf.max(logits, 1, true)); // [N, V], row maxima at 0
  const e = tf.exp(shifted);
  const sums = tf.sum(e, 1, true); // [N, 1]
  const rows = tf.range(0, N, 1, "int32");
  const picked = tf.gather(tf.reshape(shifted, [-1]), tf.add(tf.mul(rows, tf.scalar(V, "int32")), labels)); // [N]: shifted[n, label_n]
  save([e, sums, labels]);
  return {
    value: tf.neg(tf.mean(tf.sub(picked, tf.log(tf.reshape(sums, [-1]))))), // −mean log p(label)
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [es, s, y] = saved;
      const scale = tf.div(dy, N); // dL/dlogits = dy · (softmax − oneHot) / N
      const hot = tf.scatterND(tf.stack([tf.range(0, N, 1, "int32"), y], 1), tf.broadcastTo(tf.reshape(scale, [1]), [N]), [N, V]);
      return [tf.sub(tf.mul(es, tf.div(scale, s)), hot), tf.zeros(y.shape)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/** exp(meanLoss): the perplexity of a mean cross-entropy (in nats). */
export function perplexity(meanLoss: number): number {
  if (typeof meanLoss !== "number" || Number.isNaN(meanLoss)) {
    throw new Error(`perplexity: meanLoss: expected a number, got ${String(meanLoss)}`);
  }
  return Math.exp(meanLoss);
}
