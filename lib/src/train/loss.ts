/**
 * The language model's loss: the mean softmax cross-entropy over every predicted token, and
 * perplexity = exp(that mean) (d2l-zh 6.4). A perfect model has perplexity 1; predicting the
 * uniform distribution gives V; any useful model must stay below V.
 */
import * as tf from "@tensorflow/tfjs";
import { CROSS_ENTROPY_GRAD } from "../backend/kernels/cross-entropy-grad";

/**
 * Mean over the N rows of `−log softmax(logits)[label]`. `logits` is `[N, V]`, `labels` int32
 * `[N]` with values in [0, V). Returns a scalar.
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const [N] = logits.shape;
  if (labels.rank !== 1 || labels.shape[0] !== N) {
    throw new Error(`softmaxCrossEntropy: labels: expected shape [${N}], got [${labels.shape.join(", ")}]`);
  }
  if (labels.dtype !== "int32") throw new Error(`softmaxCrossEntropy: labels: expected int32, got ${labels.dtype}`);
  return crossEntropy(logits, labels) as tf.Scalar;
}

/**
 * The same mean as `tf.neg(tf.mean(tf.sum(tf.mul(oneHot(labels), tf.logSoftmax(logits)), 1)))`, with
 * its gradient written out: ∂L/∂logits = (softmax(logits) − oneHot(labels)) / N. Differentiating the
 * composition would pass over the [N, V] logits about 15 times (twice through exp); here the
 * probabilities come from one `tf.softmax` (a single fused, multi-threaded pass on wasm) and the
 * gradient from two more, which matters at N = T·B = 1,120 rows of V = 1,027.
 *
 * The loss reads −log p[n, label_n] off those probabilities. Where a label's probability is below
 * 1e-30 (the model is confidently wrong, a loss above 69 nats) float32 has no digits left for it,
 * so the whole mean is then computed the exact way, from the logits: log Σ exp(x − max) − (x_label − max).
 */
const crossEntropy = tf.customGrad(((logits: tf.Tensor2D, labels: tf.Tensor1D, save: tf.GradSaveFunc) => {
  const [N, V] = logits.shape;
  const p = tf.softmax(logits); // [N, V]
  const at = tf.add(tf.mul(tf.range(0, N, 1, "int32"), tf.scalar(V, "int32")), labels); // flat index of [n, label_n]
  const picked = tf.gather(tf.reshape(p, [-1]), at); // [N]: p[n, label_n]
  save([p, at]);
  const tooSmall = tf.min(picked).dataSync()[0] < TINY;
  return {
    value: tooSmall ? exactMeanLoss(logits, at as tf.Tensor1D) : tf.neg(tf.mean(tf.log(picked))),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [probs, flat] = saved;
      const scale = tf.div(dy, N); // dL/dlogits = dy · (softmax − oneHot) / N
      if (tf.getKernel(CROSS_ENTROPY_GRAD, tf.getBackend()) !== undefined) {
        return [tf.engine().runKernel(CROSS_ENTROPY_GRAD, { probs, at: flat, scale }) as tf.Tensor, tf.zeros(flat.shape)];
      }
      const scaled = tf.mul(probs, scale);
      const atLabels = tf.sub(tf.gather(tf.reshape(scaled, [-1]), flat), scale); // (p − 1)·scale at [n, label_n]
      const grad = tf.tensorScatterUpdate(tf.reshape(scaled, [-1]), tf.reshape(flat, [N, 1]), atLabels);
      return [tf.reshape(grad, [N, V]), tf.zeros(flat.shape)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/** Probabilities below this have lost their precision in float32 (and 0 has lost them all). */
const TINY = 1e-30;

/** −mean log softmax(logits)[label] from the logits themselves (no probability underflows). */
function exactMeanLoss(logits: tf.Tensor2D, at: tf.Tensor1D): tf.Scalar {
  const shifted = tf.sub(logits, tf.max(logits, 1, true));
  const logSums = tf.log(tf.sum(tf.exp(shifted), 1));
  return tf.neg(tf.mean(tf.sub(tf.gather(tf.reshape(shifted, [-1]), at), logSums))) as tf.Scalar;
}

/** exp(meanLoss): the perplexity of a mean cross-entropy (in nats). */
export function perplexity(meanLoss: number): number {
  if (typeof meanLoss !== "number" || Number.isNaN(meanLoss)) {
    throw new Error(`perplexity: meanLoss: expected a number, got ${String(meanLoss)}`);
  }
  return Math.exp(meanLoss);
}
