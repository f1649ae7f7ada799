import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

const clip = suite("gradClipping / globalNorm");
clip.before(async () => {
  await d2l.backend({ quiet: true });
});

clip("measures the norm of all gradients together (3, 4 → 5)", () => {
  const g = [tf.tensor1d([3]), tf.tensor2d([[4]])];
  assert.ok(Math.abs(d2l.globalNorm(g) - 5) < 1e-6);
  tf.dispose(g);
});

clip("rescales to norm θ, keeps the direction, and keeps a record a record", () => {
  const g = { W: tf.tensor1d([3, 0]), b: tf.tensor1d([4]) };
  const { grads, norm } = d2l.gradClipping(g, 1);
  assert.ok(Math.abs(norm - 5) < 1e-6, "the norm before clipping");
  assert.equal(Object.keys(grads), ["W", "b"]);
  assert.ok(Math.abs(d2l.globalNorm(grads) - 1) < 1e-6, "norm after = θ");
  assert.ok(Math.abs(grads.W.dataSync()[0] - 0.6) < 1e-6 && Math.abs(grads.b.dataSync()[0] - 0.8) < 1e-6, "g·θ/‖g‖");
  assert.not.ok(g.W.isDisposed, "the inputs are not disposed");
  tf.dispose([...Object.values(g), ...Object.values(grads)]);
});

clip("returns gradients whose norm is at most θ untouched, as the same tensors", () => {
  const g = [tf.tensor1d([0.3]), tf.tensor1d([0.4])];
  const { grads, norm } = d2l.gradClipping(g, 0.5);
  assert.ok(Math.abs(norm - 0.5) < 1e-6);
  assert.is(grads[0], g[0]);
  assert.is(grads[1], g[1]);
  tf.dispose(g);
});

clip("the norm after clipping never exceeds θ (random gradients, many scales)", () => {
  const rng = d2l.seed(3);
  for (const scale of [1e-3, 1, 1e3]) {
    const g = [tf.tensor(rng.normals(50, 0, scale)), tf.tensor(rng.normals(7, 0, scale))];
    const { grads } = d2l.gradClipping(g, 0.01);
    assert.ok(d2l.globalNorm(grads) <= 0.01 * (1 + 1e-6), `scale ${scale}`);
    tf.dispose([...g, ...grads]);
  }
});

clip("refuses a θ that is not positive", () => {
  assert.throws(() => d2l.gradClipping([], 0), /gradClipping: theta: expected a positive number, got 0/);
});

clip("leaves no tensor behind but the clipped gradients", () => {
  const g = [tf.ones([3]), tf.ones([2, 2])];
  const before = tf.memory().numTensors;
  const { grads } = d2l.gradClipping(g, 0.1);
  assert.is(tf.memory().numTensors, before + 2);
  tf.dispose([...g, ...grads]);
});

clip.run();
