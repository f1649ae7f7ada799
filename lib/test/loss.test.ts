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
  const logits = tf.tensor2d([[0, Math.log(3)], [0, Math.log(3)]]);
  const labels = tf.tensor1d([1, 0], "int32");
  const l = d2l.softmaxCrossEntropy(logits, labels);
  assert.ok(Math.abs(l.dataSync()[0] - (-Math.log(0.75) - Math.log(0.25)) / 2) < 1e-6);
  assert.throws(() => d2l.softmaxCrossEntropy(logits, tf.tensor1d([1], "int32")), /softmaxCrossEntropy: labels: expected shape \[2\], got \[1\]/);
  tf.dispose([logits, labels, l]);
});

loss("perplexity is exp of the mean loss; 1 for a perfect model", () => {
  assert.is(d2l.perplexity(0), 1);
  assert.ok(Math.abs(d2l.perplexity(Math.log(1027)) - 1027) < 1e-9);
  assert.throws(() => d2l.perplexity(NaN), /perplexity: meanLoss: expected a number, got NaN/);
});

loss.run();
