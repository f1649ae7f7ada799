import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assertClose, gradCheck, randomRecord } from "../cell-support";

const setup = async () => {
  await d2l.backend({ quiet: true });
};

const init = suite("initRnnParams / initRnnState");
init.before(setup);

init("draws W_xh [D, H], W_hh [H, H] from N(0, 0.01²) and a zero b_h, the same for the same seed", () => {
  const p = d2l.initRnnParams(50, 40, d2l.seed(1));
  const q = d2l.initRnnParams(50, 40, d2l.seed(1));
  assert.equal(p.W_xh.shape, [50, 40]);
  assert.equal(p.W_hh.shape, [40, 40]);
  assert.equal(p.b_h.shape, [40]);
  assert.equal(Array.from(p.b_h.dataSync()), new Array(40).fill(0));
  assert.equal(p.W_xh.dataSync(), q.W_xh.dataSync(), "same seed, same weights");
  const w = Array.from(p.W_xh.dataSync());
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  const std = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length);
  assert.ok(Math.abs(mean) < 0.001 && Math.abs(std - 0.01) < 0.001, `mean ${mean}, std ${std}`);
  tf.dispose([...Object.values(p), ...Object.values(q)]);
});

init("the zero state is {H: [B, H]}", () => {
  const s = d2l.initRnnState(3, 5);
  assert.equal(Object.keys(s), ["H"]);
  assert.equal(s.H.shape, [3, 5]);
  assert.is(s.H.sum().dataSync()[0], 0);
  s.H.dispose();
});

init("rejects sizes that are not positive integers by name", () => {
  assert.throws(() => d2l.initRnnParams(0, 4, d2l.seed(1)), /initRnnParams: numInputs: expected a positive integer, got 0/);
  assert.throws(() => d2l.initRnnState(2, 1.5), /initRnnState: numHiddens: expected a positive integer, got 1.5/);
});

init.run();

const step = suite("rnnStep");
step.before(setup);

step("maps {H [B, H]} and X [B, D] to {H [B, H]} and leaves its inputs alive", () => {
  const rng = d2l.seed(2);
  const p = d2l.initRnnParams(3, 4, rng);
  const s = d2l.initRnnState(2, 4);
  const X = tf.ones([2, 3]) as tf.Tensor2D;
  const next = tf.tidy(() => d2l.rnnStep(p, s, X));
  assert.equal(Object.keys(next), ["H"]);
  assert.equal(next.H.shape, [2, 4]);
  assert.not.ok(X.isDisposed || s.H.isDisposed || p.W_xh.isDisposed, "no input was disposed");
  tf.dispose([X, s.H, next.H, ...Object.values(p)]);
});

step("says which argument has the wrong shape", () => {
  const p = d2l.initRnnParams(3, 4, d2l.seed(3));
  const X = tf.ones([2, 3]) as tf.Tensor2D;
  const bad = { H: tf.zeros([4, 2]) as tf.Tensor2D };
  assert.throws(() => d2l.rnnStep(p, bad, X), /rnnStep: state.H: expected shape \[2, 4\], got \[4, 2\]/);
  assert.throws(
    () => d2l.rnnStep(p, { H: tf.zeros([2, 4]) as tf.Tensor2D }, tf.ones([2, 5]) as tf.Tensor2D),
    /rnnStep: X: expected shape \[B, 3\] \(or int32 indices \[B\]\), got \[2, 5\]/,
  );
  tf.dispose([X, bad.H, ...Object.values(p)]);
});

step("computes tanh, relu or identity of X W_xh + H W_hh + b_h (a 1×1 case by hand)", () => {
  // D = H = 1: W_xh = 2, W_hh = 0.5, b_h = 0.1, H = 1, X = 0.3 → 0.6 + 0.5 + 0.1 = 1.2
  const p = { W_xh: tf.tensor2d([[2]]), W_hh: tf.tensor2d([[0.5]]), b_h: tf.tensor1d([0.1]) };
  const s = { H: tf.tensor2d([[1]]) };
  const X = tf.tensor2d([[0.3]]);
  const pick = (a?: d2l.Activation) => tf.tidy(() => d2l.rnnStep(p, s, X, a ? { activation: a } : {}).H.dataSync()[0]);
  assert.ok(Math.abs(pick() - Math.tanh(1.2)) < 1e-6);
  assert.ok(Math.abs(pick("identity") - 1.2) < 1e-6);
  assert.ok(Math.abs(pick("relu") - 1.2) < 1e-6);
  const negative = tf.tensor2d([[-1]]); // 2·(−1) + 0.5 + 0.1 = −1.4 → relu 0
  assert.is(
    tf.tidy(() => d2l.rnnStep(p, s, negative, { activation: "relu" }).H.dataSync()[0]),
    0,
  );
  tf.dispose([negative, X, s.H, ...Object.values(p)]);
});

step("int32 indices X [B] give the same state as their one-hot rows", () => {
  const p = randomRecord(d2l.seed(4), { W_xh: [6, 4], W_hh: [4, 4], b_h: [4] }) as unknown as d2l.RnnParams;
  const s = { H: tf.randomNormal([3, 4], 0, 1, "float32", 5) as tf.Tensor2D };
  const idx = tf.tensor1d([5, 0, 2], "int32");
  tf.tidy(() =>
    assertClose(d2l.rnnStep(p, s, idx).H, d2l.rnnStep(p, s, d2l.oneHotFloat(idx, 6) as tf.Tensor2D).H, "indices vs one-hot", 1e-6),
  );
  tf.dispose([idx, s.H, ...Object.values(p)]);
});

step("its gradients match finite differences, for tanh and relu", () => {
  const rng = d2l.seed(6);
  const args = randomRecord(rng, { W_xh: [3, 4], W_hh: [4, 4], b_h: [4], H: [2, 4], X: [2, 3] });
  const weights = randomRecord(rng, { R: [2, 4] }, 1).R;
  for (const activation of ["tanh", "relu"] as const) {
    gradCheck(
      (a) =>
        tf.sum(
          tf.mul(d2l.rnnStep(a as unknown as d2l.RnnParams, { H: a.H as tf.Tensor2D }, a.X as tf.Tensor2D, { activation }).H, weights),
        ),
      args,
      `rnnStep(${activation})`,
    );
  }
  tf.dispose([weights, ...Object.values(args)]);
});

step("leaves no tensor behind when called inside tf.tidy", () => {
  const p = d2l.initRnnParams(3, 4, d2l.seed(7));
  const s = d2l.initRnnState(2, 4);
  const X = tf.ones([2, 3]) as tf.Tensor2D;
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    d2l.rnnStep(p, s, X);
  });
  assert.is(tf.memory().numTensors, before);
  tf.dispose([X, s.H, ...Object.values(p)]);
});

step.run();
