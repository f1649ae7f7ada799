import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { throwsMessage } from "../helpers";

/** A seeded [B, T] int32 batch of indices in [0, V). */
function randomIndices(rng: d2l.Rng, B: number, T: number, V: number): tf.Tensor2D {
  return tf.tensor2d(Array.from({ length: B * T }, () => rng.randint(0, V)), [B, T], "int32");
}

function disposeAll(ts: tf.Tensor[]): void {
  for (const t of ts) t.dispose();
}

// ---------------------------------------------------------------------------------------------
const toOnehot = suite("toOnehot");

toOnehot.before(async () => {
  await d2l.backend({ quiet: true });
});

toOnehot("gives T float32 tensors [B, V], time-major", () => {
  const X = tf.tensor2d([[0, 2, 1], [1, 0, 0]], [2, 3], "int32"); // B = 2, T = 3
  const out = d2l.toOnehot(X, 4);
  assert.is(out.length, 3);
  for (const t of out) {
    assert.equal(t.shape, [2, 4]);
    assert.is(t.dtype, "float32");
  }
  // step 0 reads column 0 = [0, 1]; step 1 reads [2, 0]; step 2 reads [1, 0].
  assert.equal(out[0].arraySync(), [[1, 0, 0, 0], [0, 1, 0, 0]]);
  assert.equal(out[1].arraySync(), [[0, 0, 1, 0], [1, 0, 0, 0]]);
  assert.equal(out[2].arraySync(), [[0, 1, 0, 0], [1, 0, 0, 0]]);
  assert.ok(!X.isDisposed, "the input is not disposed");
  disposeAll([X, ...out]);
});

toOnehot("works with a one-token vocabulary", () => {
  const X = tf.tensor2d([[0, 0]], [1, 2], "int32");
  const out = d2l.toOnehot(X, 1);
  assert.equal(out.map((t) => t.arraySync()), [[[1]], [[1]]]);
  disposeAll([X, ...out]);
});

toOnehot("turns the samplers' batches into the book's inputs", () => {
  const [[X, Y]] = d2l.dataIterConsecutive(Array.from({ length: 30 }, (_, i) => i), 2, 6);
  const out = d2l.toOnehot(X, 30);
  assert.is(out.length, 6);
  assert.equal(out[5].argMax(1).arraySync(), [5, 20]); // X[:, 5] = [5, 20]
  disposeAll([X, Y, ...out]);
});

toOnehot("refuses a bad vocabSize, a float or wrongly shaped X and indices out of range", () => {
  const X = tf.tensor2d([[0, 1], [2, 3]], [2, 2], "int32");
  throwsMessage(() => d2l.toOnehot(X, 0), "toOnehot: vocabSize: expected a positive integer, got 0");
  throwsMessage(() => d2l.toOnehot(X, 2.5), "toOnehot: vocabSize: expected a positive integer, got 2.5");
  throwsMessage(() => d2l.toOnehot(X, 3), "toOnehot: X: expected indices in [0, vocabSize = 3), got 3 at [1, 1]");
  const F = tf.tensor2d([[0, 1]]);
  throwsMessage(() => d2l.toOnehot(F, 3), 'toOnehot: X: expected dtype int32 (e.g. tf.tensor2d(rows, [B, T], "int32")), got float32');
  const N = tf.tensor2d([[0, -1]], [1, 2], "int32");
  throwsMessage(() => d2l.toOnehot(N, 3), "toOnehot: X: expected indices in [0, vocabSize = 3), got -1 at [0, 1]");
  const R = tf.tensor1d([0, 1], "int32");
  throwsMessage(() => d2l.toOnehot(R as unknown as tf.Tensor2D, 3), "toOnehot: X: expected a [B, T] tensor (rank 2), got shape [2]");
  throwsMessage(() => d2l.toOnehot([[0]] as unknown as tf.Tensor2D, 3), "toOnehot: X: expected a [B, T] tensor (rank 2), got an array (not a tensor)");
  disposeAll([X, F, N, R]);
});

toOnehot("leaves no tensor behind when the caller disposes the outputs", () => {
  const X = randomIndices(d2l.seed(1), 8, 35, 1027);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) disposeAll(d2l.toOnehot(X, 1027));
  assert.is(tf.memory().numTensors, before);
  X.dispose();
});

toOnehot.run();

// ---------------------------------------------------------------------------------------------
const embedSequence = suite("embedSequence");

embedSequence.before(async () => {
  await d2l.backend({ quiet: true });
});

embedSequence("equals toOnehot(X, V)[t].matMul(W) element for element at every step", () => {
  const rng = d2l.seed(2);
  for (const [B, T, V, D] of [[2, 3, 5, 4], [4, 7, 60, 16], [1, 1, 2, 1]]) {
    const X = randomIndices(rng, B, T, V);
    const W = tf.tensor2d(rng.normals(V * D), [V, D]);
    const fast = d2l.embedSequence(X, W);
    const slow = d2l.toOnehot(X, V);
    assert.is(fast.length, T);
    for (let t = 0; t < T; t++) {
      const want = slow[t].matMul(W);
      assert.equal(fast[t].shape, [B, D]);
      assert.is(fast[t].dtype, "float32");
      assert.equal(Array.from(fast[t].dataSync()), Array.from(want.dataSync()), `[${B}, ${T}, ${V}, ${D}] step ${t}`);
      want.dispose();
    }
    disposeAll([X, W, ...fast, ...slow]);
  }
});

embedSequence("picks the rows of W: a hand case", () => {
  const W = tf.tensor2d([[1, 10], [2, 20], [3, 30]]); // V = 3, D = 2
  const X = tf.tensor2d([[2, 0]], [1, 2], "int32");
  const out = d2l.embedSequence(X, W);
  assert.equal(out.map((t) => t.arraySync()), [[[3, 30]], [[1, 10]]]);
  assert.ok(!X.isDisposed && !W.isDisposed, "inputs are not disposed");
  disposeAll([X, W, ...out]);
});

embedSequence("has the gradient of the one-hot product (checked on cpu, where gather has one)", async () => {
  // The wasm backend of tfjs 4.22 has no UnsortedSegmentSum kernel, which the gradient of gather
  // needs; the forward values above run on the default backend, the gradient here on cpu.
  const previous = tf.getBackend();
  await tf.setBackend("cpu");
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false; // no install banner on stderr
  try {
    const rng = d2l.seed(3);
    const [B, T, V, D] = [3, 4, 6, 2];
    const X = randomIndices(rng, B, T, V);
    const W = tf.tensor2d(rng.normals(V * D), [V, D]);
    const G = tf.tensor3d(rng.normals(T * B * D), [T, B, D]); // a fixed upstream gradient
    const loss = (outs: tf.Tensor[]) => tf.stack(outs).mul(G).sum() as tf.Scalar;
    const viaGather = tf.grad((w: tf.Tensor) => loss(d2l.embedSequence(X, w as tf.Tensor2D)))(W);
    const viaOnehot = tf.grad((w: tf.Tensor) => loss(d2l.toOnehot(X, V).map((h) => h.matMul(w as tf.Tensor2D))))(W);
    const a = viaGather.dataSync();
    const b = viaOnehot.dataSync();
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-5, `dW[${i}]: ${a[i]} vs ${b[i]}`);
    disposeAll([X, W, G, viaGather, viaOnehot]);
  } finally {
    await tf.setBackend(previous);
  }
});

embedSequence("refuses a bad W and indices outside W's rows", () => {
  const X = tf.tensor2d([[0, 3]], [1, 2], "int32");
  const W = tf.tensor2d([[1], [2], [3]]);
  throwsMessage(() => d2l.embedSequence(X, W), "embedSequence: X: expected indices in [0, W.shape[0] = 3), got 3 at [0, 1]");
  const W1 = tf.tensor1d([1, 2]);
  throwsMessage(() => d2l.embedSequence(X, W1 as unknown as tf.Tensor2D), "embedSequence: W: expected a [V, D] tensor (rank 2), got shape [2]");
  const Wi = tf.tensor2d([[1], [2], [3], [4]], [4, 1], "int32");
  throwsMessage(() => d2l.embedSequence(X, Wi), "embedSequence: W: expected dtype float32, got int32");
  disposeAll([X, W, W1, Wi]);
});

embedSequence("leaves no tensor behind when the caller disposes the outputs", () => {
  const rng = d2l.seed(4);
  const X = randomIndices(rng, 8, 35, 1027);
  const W = tf.tensor2d(rng.normals(1027 * 16), [1027, 16]);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) disposeAll(d2l.embedSequence(X, W));
  assert.is(tf.memory().numTensors, before);
  disposeAll([X, W]);
});

embedSequence.run();
