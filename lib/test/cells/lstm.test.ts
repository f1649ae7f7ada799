import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assertClose, gradCheck, randomRecord } from "../cell-support";

const setup = async () => {
  await d2l.backend({ quiet: true });
};
const LSTM_SHAPES = (D: number, H: number) => ({
  W_xi: [D, H],
  W_hi: [H, H],
  b_i: [H],
  W_xf: [D, H],
  W_hf: [H, H],
  b_f: [H],
  W_xo: [D, H],
  W_ho: [H, H],
  b_o: [H],
  W_xc: [D, H],
  W_hc: [H, H],
  b_c: [H],
});

const init = suite("initLstmParams / initLstmState");
init.before(setup);

init("draws twelve tensors of the book's shapes, biases zero", () => {
  const p = d2l.initLstmParams(7, 5, d2l.seed(1));
  assert.equal(Object.fromEntries(Object.entries(p).map(([k, t]) => [k, t.shape])), LSTM_SHAPES(7, 5));
  for (const b of [p.b_i, p.b_f, p.b_o, p.b_c])
    assert.is(
      tf.tidy(() => b.abs().sum().dataSync()[0]),
      0,
    );
  tf.dispose(Object.values(p));
});

init("the zero state is {H, C}, both [B, H]", () => {
  const s = d2l.initLstmState(2, 3);
  assert.equal(Object.keys(s), ["H", "C"]);
  assert.equal(s.H.shape, [2, 3]);
  assert.equal(s.C.shape, [2, 3]);
  tf.dispose([s.H, s.C]);
});

init.run();

const gates = suite("lstmStep / lstmGates");
gates.before(setup);

gates("maps {H, C} to {H, C} of shape [B, H], and lstmGates also gives I, F, O, C_tilde", () => {
  const p = d2l.initLstmParams(3, 4, d2l.seed(2));
  const s = d2l.initLstmState(2, 4);
  const X = tf.ones([2, 3]) as tf.Tensor2D;
  tf.tidy(() => {
    const next = d2l.lstmStep(p, s, X);
    assert.equal(Object.keys(next), ["H", "C"]);
    const g = d2l.lstmGates(p, s, X);
    for (const k of ["I", "F", "O", "C_tilde", "C", "H"] as const) assert.equal(g[k].shape, [2, 4], k);
  });
  assert.throws(
    () => d2l.lstmStep(p, { H: s.H, C: tf.zeros([3, 4]) as tf.Tensor2D }, X),
    /lstmStep: state.C: expected shape \[2, 4\], got \[3, 4\]/,
  );
  tf.dispose([X, s.H, s.C, ...Object.values(p)]);
});

gates("keeps the memory when F = 1 and I = 0, and shows H = O ⊙ tanh(C) (gates saturated by hand)", () => {
  const rng = d2l.seed(3);
  const base = randomRecord(rng, LSTM_SHAPES(3, 4)) as unknown as d2l.LstmParams;
  const H = tf.tensor2d([[0.5, -0.2, 0.1, 0.9]]);
  const C = tf.tensor2d([[2, -3, 0.5, 0]]);
  const X = tf.tensor2d([[1, 0, -1]]);
  tf.tidy(() => {
    // b_f = +50, b_i = −50: C' = 1·C + 0·C̃ = C; and with b_o = +50, H' = tanh(C).
    const p = {
      ...base,
      b_f: tf.fill([4], 50) as tf.Tensor1D,
      b_i: tf.fill([4], -50) as tf.Tensor1D,
      b_o: tf.fill([4], 50) as tf.Tensor1D,
    };
    const g = d2l.lstmGates(p, { H, C }, X);
    assertClose(g.C, C, "F = 1, I = 0 keeps C", 1e-6);
    assertClose(g.H, tf.tanh(C), "O = 1 gives H = tanh(C)", 1e-6);
  });
  tf.dispose([H, C, X, ...Object.values(base)]);
});

gates("gates stay in [0, 1], the candidate and H in [−1, 1], even with large weights", () => {
  const rng = d2l.seed(4);
  const p = randomRecord(rng, LSTM_SHAPES(5, 6), 3) as unknown as d2l.LstmParams;
  const [H, C, X] = Object.values(randomRecord(rng, { H: [8, 6], C: [8, 6], X: [8, 5] }, 3)) as tf.Tensor2D[];
  tf.tidy(() => {
    const g = d2l.lstmGates(p, { H, C }, X);
    for (const [k, lo, hi] of [
      ["I", 0, 1],
      ["F", 0, 1],
      ["O", 0, 1],
      ["C_tilde", -1, 1],
      ["H", -1, 1],
    ] as const) {
      assert.ok(
        g[k].dataSync().every((x) => x >= lo && x <= hi),
        `${k} outside [${lo}, ${hi}]`,
      );
    }
  });
  tf.dispose([H, C, X, ...Object.values(p)]);
});

gates("its gradients (through H and C) match finite differences", () => {
  const rng = d2l.seed(6);
  const args = randomRecord(rng, { ...LSTM_SHAPES(3, 4), H: [2, 4], C: [2, 4], X: [2, 3] });
  const [wH, wC] = Object.values(randomRecord(rng, { wH: [2, 4], wC: [2, 4] }, 1));
  gradCheck(
    (a) => {
      const s = d2l.lstmStep(a as unknown as d2l.LstmParams, { H: a.H as tf.Tensor2D, C: a.C as tf.Tensor2D }, a.X as tf.Tensor2D);
      return tf.add(tf.sum(tf.mul(s.H, wH)), tf.sum(tf.mul(s.C, wC)));
    },
    args,
    "lstmStep",
  );
  tf.dispose([wH, wC, ...Object.values(args)]);
});

gates("leaves no tensor behind when called inside tf.tidy", () => {
  const p = d2l.initLstmParams(3, 4, d2l.seed(7));
  const s = d2l.initLstmState(2, 4);
  const X = tf.tensor1d([0, 2], "int32");
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    d2l.lstmGates(p, s, X);
  });
  assert.is(tf.memory().numTensors, before);
  tf.dispose([X, s.H, s.C, ...Object.values(p)]);
});

gates.run();
