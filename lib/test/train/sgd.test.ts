import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

const sgd = suite("sgd");
sgd.before(async () => {
  await d2l.backend({ quiet: true });
});

sgd("updates param ← param − lr·grad in place, by key or by index", () => {
  const params = { W: tf.variable(tf.tensor1d([1, 2])) };
  d2l.sgd(params, { W: tf.tensor1d([0.5, -1]) }, 100);
  assert.equal(Array.from(params.W.dataSync()), [-49, 102]);
  const list = [tf.variable(tf.scalar(3))];
  d2l.sgd(list, [tf.scalar(1)], 0.5);
  assert.is(list[0].dataSync()[0], 2.5);
  tf.dispose([params.W, list[0]]);
});

sgd("says which parameter has no gradient or the wrong shape", () => {
  const params = { W: tf.variable(tf.zeros([2])) };
  assert.throws(() => d2l.sgd(params, {}, 1), /sgd: grads\[W\]: expected a gradient tensor for this parameter, got undefined/);
  assert.throws(() => d2l.sgd(params, { W: tf.zeros([3]) }, 1), /sgd: grads\[W\]: expected shape \[2\], got \[3\]/);
  params.W.dispose();
});

sgd("leaves no tensor behind", () => {
  const params = [tf.variable(tf.zeros([2]))];
  const g = [tf.ones([2])];
  const before = tf.memory().numTensors;
  d2l.sgd(params, g, 1);
  assert.is(tf.memory().numTensors, before);
  tf.dispose([...params, ...g]);
});

sgd.run();
