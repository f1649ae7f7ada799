import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

const loss = suite("softmaxCrossEntropy / perplexity");
loss.before(async () => {
  await d2l.backend({ quiet: true });
});

loss("equal logits over V classes cost log V, so the perplexity is V", () => {
  const logits = tf.zeros([3, 4]) as tf.Tensor2D;
  const labels = tf.tensor1d([0, 3, 1], "int32");
  const l = d2l.softmaxCrossEntropy(logits, labels);
  assert.ok(Math.abs(l.dataSync()[0] - Math.log(4)) < 1e-6);
  assert.ok(Math.abs(d2l.perplexity(l.dataSync()[0]) - 4) < 1e-5);
  tf.dispose([logits, labels, l]);
});

loss("is the mean of −log p(label) over the rows (two rows by hand)", () => {
  // row 1: logits [ln 1, ln 3] → p = [1/4, 3/4], label 1 → −ln 0.75; row 2: label 0 → −ln 0.25
  const logits = tf.tensor2d([
    [0, Math.log(3)],
    [0, Math.log(3)],
  ]);
  const labels = tf.tensor1d([1, 0], "int32");
  const l = d2l.softmaxCrossEntropy(logits, labels);
  assert.ok(Math.abs(l.dataSync()[0] - (-Math.log(0.75) - Math.log(0.25)) / 2) < 1e-6);
  assert.throws(
    () => d2l.softmaxCrossEntropy(logits, tf.tensor1d([1], "int32")),
    /softmaxCrossEntropy: labels: expected shape \[2\], got \[1\]/,
  );
  tf.dispose([logits, labels, l]);
});

loss("its gradient is (softmax − oneHot) / N, as differentiating the log-softmax composition gives", () => {
  const rng = d2l.seed(3);
  const logits = tf.tensor2d(rng.normals(6 * 9, 0, 2), [6, 9]);
  const labels = tf.tensor1d([0, 8, 3, 3, 5, 1], "int32");
  const ours = tf.valueAndGrad((l: tf.Tensor) => d2l.softmaxCrossEntropy(l as tf.Tensor2D, labels))(logits);
  const ref = tf.valueAndGrad((l: tf.Tensor) => tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(labels, 9), tf.logSoftmax(l)), 1))))(logits);
  assert.ok(Math.abs(ours.value.dataSync()[0] - ref.value.dataSync()[0]) < 1e-6);
  const g = ours.grad.dataSync();
  const r = ref.grad.dataSync();
  for (let i = 0; i < r.length; i++) assert.ok(Math.abs(g[i] - r[i]) < 1e-7, `element ${i}: ${g[i]} vs ${r[i]}`);
  tf.dispose([logits, labels, ours.value, ours.grad, ref.value, ref.grad]);
});

loss("a label whose probability underflows float32 still costs its exact loss (no Infinity)", () => {
  // Row 1: the label's logit is 200 below the other one, p(label) = e^−200 ≈ 1e−87 → loss ≈ 200.
  const logits = tf.tensor2d([
    [0, 200],
    [1, 1],
  ]);
  const labels = tf.tensor1d([0, 1], "int32");
  const l = d2l.softmaxCrossEntropy(logits, labels).dataSync()[0];
  assert.ok(Math.abs(l - (200 + Math.log(2)) / 2) < 1e-3, `got ${l}`);
  const g = tf
    .grad((x: tf.Tensor) => d2l.softmaxCrossEntropy(x as tf.Tensor2D, labels))(logits)
    .arraySync() as number[][];
  assert.ok(Math.abs(g[0][0] - -0.5) < 1e-6 && Math.abs(g[0][1] - 0.5) < 1e-6, JSON.stringify(g));
  tf.dispose([logits, labels]);
});

loss("perplexity is exp of the mean loss; 1 for a perfect model", () => {
  assert.is(d2l.perplexity(0), 1);
  assert.ok(Math.abs(d2l.perplexity(Math.log(1027)) - 1027) < 1e-9);
  assert.throws(() => d2l.perplexity(NaN), /perplexity: meanLoss: expected a number, got NaN/);
});

loss.run();
