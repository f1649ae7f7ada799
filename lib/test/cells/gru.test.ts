import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assertClose, gradCheck, randomRecord } from "../cell-support";

const setup = async () => {
  await d2l.backend({ quiet: true });
};
const GRU_SHAPES = (D: number, H: number) => ({
  W_xr: [D, H],
  W_hr: [H, H],
  b_r: [H],
  W_xz: [D, H],
  W_hz: [H, H],
  b_z: [H],
  W_xh: [D, H],
  W_hh: [H, H],
  b_h: [H],
});

const init = suite("initGruParams / initGruState");
init.before(setup);

init("draws nine tensors of the book's shapes, weights N(0, 0.01²), biases zero", () => {
  const p = d2l.initGruParams(7, 5, d2l.seed(1));
  const shapes = Object.fromEntries(Object.entries(p).map(([k, t]) => [k, t.shape]));
  assert.equal(shapes, GRU_SHAPES(7, 5));
  for (const b of [p.b_r, p.b_z, p.b_h])
    assert.is(
      tf.tidy(() => b.abs().sum().dataSync()[0]),
      0,
    );
  const w = p.W_xr.dataSync();
  assert.ok(Math.max(...Array.from(w, Math.abs)) < 0.06, "weights are small");
  tf.dispose(Object.values(p));
});

init("the zero state is {H: [B, H]}", () => {
  const s = d2l.initGruState(2, 3);
  assert.equal(Object.keys(s), ["H"]);
  assert.equal(s.H.shape, [2, 3]);
  s.H.dispose();
});

init.run();

const gates = suite("gruStep / gruGates");
gates.before(setup);

gates("maps {H [B, H]} to {H [B, H]}, and gruGates also gives R, Z, H_tilde of shape [B, H]", () => {
  const p = d2l.initGruParams(3, 4, d2l.seed(2));
  const s = d2l.initGruState(2, 4);
  const X = tf.ones([2, 3]) as tf.Tensor2D;
  tf.tidy(() => {
    const next = d2l.gruStep(p, s, X);
    assert.equal(Object.keys(next), ["H"]);
    assert.equal(next.H.shape, [2, 4]);
    const g = d2l.gruGates(p, s, X);
    for (const k of ["R", "Z", "H_tilde", "H"] as const) assert.equal(g[k].shape, [2, 4], k);
    assertClose(g.H, next.H, "gruGates(...).H equals gruStep(...).H", 0);
  });
  assert.not.ok(X.isDisposed || s.H.isDisposed);
  assert.throws(() => d2l.gruStep(p, { H: tf.zeros([2, 5]) as tf.Tensor2D }, X), /gruStep: state.H: expected shape \[2, 4\], got \[2, 5\]/);
  tf.dispose([X, s.H, ...Object.values(p)]);
});

gates("keeps H when Z = 1 and ignores H in the candidate when R = 0 (gates saturated by hand)", () => {
  const rng = d2l.seed(3);
  const base = randomRecord(rng, GRU_SHAPES(3, 4)) as unknown as d2l.GruParams;
  const H = tf.tensor2d([[0.5, -0.2, 0.1, 0.9]]);
  const X = tf.tensor2d([[1, 0, -1]]);
  tf.tidy(() => {
    // b_z = +50: Z = σ(…) = 1 to float precision, so H' = 1·H + 0·H̃ = H.
    const keep = d2l.gruStep({ ...base, b_z: tf.fill([4], 50) as tf.Tensor1D }, { H }, X);
    assertClose(keep.H, H, "Z = 1 keeps H", 1e-6);
    // b_r = −50: R = 0, so H̃ = tanh(X W_xh + b_h) whatever H is.
    const reset = { ...base, b_r: tf.fill([4], -50) as tf.Tensor1D };
    const g = d2l.gruGates(reset, { H }, X);
    assertClose(g.H_tilde, tf.tanh(tf.add(tf.matMul(X, base.W_xh), base.b_h)), "R = 0 drops H from H̃", 1e-6);
  });
  tf.dispose([H, X, ...Object.values(base)]);
});

gates("gates stay in [0, 1] and the candidate in [−1, 1], even with large weights", () => {
  const rng = d2l.seed(4);
  const p = randomRecord(rng, GRU_SHAPES(5, 6), 3) as unknown as d2l.GruParams;
  const [H, X] = Object.values(randomRecord(rng, { H: [8, 6], X: [8, 5] }, 3)) as tf.Tensor2D[];
  tf.tidy(() => {
    const g = d2l.gruGates(p, { H }, X);
    for (const [k, lo, hi] of [
      ["R", 0, 1],
      ["Z", 0, 1],
      ["H_tilde", -1, 1],
    ] as const) {
      const v = g[k].dataSync();
      assert.ok(
        v.every((x) => x >= lo && x <= hi),
        `${k} outside [${lo}, ${hi}]`,
      );
    }
  });
  tf.dispose([H, X, ...Object.values(p)]);
});

gates("int32 indices X [B] give the same state as their one-hot rows", () => {
  const p = randomRecord(d2l.seed(5), GRU_SHAPES(6, 4)) as unknown as d2l.GruParams;
  const H = tf.randomNormal([3, 4], 0, 1, "float32", 5) as tf.Tensor2D;
  const idx = tf.tensor1d([5, 0, 2], "int32");
  tf.tidy(() =>
    assertClose(d2l.gruStep(p, { H }, idx).H, d2l.gruStep(p, { H }, d2l.oneHotFloat(idx, 6) as tf.Tensor2D).H, "indices vs one-hot", 1e-6),
  );
  tf.dispose([idx, H, ...Object.values(p)]);
});

gates("its gradients match finite differences", () => {
  const rng = d2l.seed(6);
  const args = randomRecord(rng, { ...GRU_SHAPES(3, 4), H: [2, 4], X: [2, 3] });
  const weights = randomRecord(rng, { R: [2, 4] }, 1).R;
  gradCheck(
    (a) => tf.sum(tf.mul(d2l.gruStep(a as unknown as d2l.GruParams, { H: a.H as tf.Tensor2D }, a.X as tf.Tensor2D).H, weights)),
    args,
    "gruStep",
  );
  tf.dispose([weights, ...Object.values(args)]);
});

gates("leaves no tensor behind when called inside tf.tidy", () => {
  const p = d2l.initGruParams(3, 4, d2l.seed(7));
  const s = d2l.initGruState(2, 4);
  const X = tf.ones([2, 3]) as tf.Tensor2D;
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    d2l.gruGates(p, s, X);
  });
  assert.is(tf.memory().numTensors, before);
  tf.dispose([X, s.H, ...Object.values(p)]);
});

gates.run();
