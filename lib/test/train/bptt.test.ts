import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assertClose } from "../cell-support";

const bptt = suite("hiddenStateGrads / linearRnnHiddenStateGrads / gradNorms");
bptt.before(async () => {
  await d2l.backend({ quiet: true });
});

// A linear RNN with W_hh = scale · I, V = 5 inputs and outputs, H = 3, B = 2, T = 6.
function setup(scale: number) {
  const rng = d2l.seed(1);
  const p = d2l.initRnnParams(5, 3, rng);
  const params = { W_xh: tf.mul(p.W_xh, 50) as tf.Tensor2D, W_hh: tf.mul(tf.eye(3), scale) as tf.Tensor2D, b_h: p.b_h };
  const o = d2l.initOutputParams(3, 5, rng);
  const output = { W_hq: tf.mul(o.W_hq, 50) as tf.Tensor2D, b_q: o.b_q };
  const inputs = [0, 1, 2, 3, 4, 0].map((t) => tf.tensor1d([t, 4 - t], "int32"));
  const labels = [1, 2, 3, 4, 0, 1].map((t) => tf.tensor1d([t, (t + 2) % 5], "int32"));
  const state = d2l.initRnnState(2, 3);
  const free = () =>
    tf.dispose([p.W_xh, p.W_hh, o.W_hq, ...Object.values(params), ...Object.values(output), ...inputs, ...labels, state.H]);
  return { params, output, inputs, labels, state, free };
}

bptt("automatic differentiation and the closed form agree for the linear RNN", () => {
  for (const lossAt of ["all", "last"] as const) {
    for (const scale of [0.5, 1.5]) {
      const s = setup(scale);
      const auto = d2l.hiddenStateGrads({ ...s, step: d2l.linearRnnStep, lossAt });
      const closed = d2l.linearRnnHiddenStateGrads({ ...s, lossAt });
      assert.is(auto.length, 6);
      auto.forEach((g, t) => assertClose(g, closed[t], `∂L/∂H_${t + 1} (${lossAt}, scale ${scale})`, 1e-6, 1e-3));
      tf.dispose([...auto, ...closed]);
      s.free();
    }
  }
});

bptt("with the loss on the last step, the norms scale by the W_hh factor per step back", () => {
  for (const [scale, grows] of [
    [0.5, false],
    [1.5, true],
  ] as const) {
    const s = setup(scale);
    const grads = d2l.linearRnnHiddenStateGrads({ ...s, lossAt: "last" });
    const norms = d2l.gradNorms(grads);
    // W_hh = scale·I, so ∂L/∂H_t = scale^(T−t) ∂L/∂H_T exactly.
    norms.forEach((n, t) => assert.ok(Math.abs(n - norms[5] * scale ** (5 - t)) < 1e-5 * norms[5] * 10, `t = ${t + 1}`));
    assert.is(norms[0] > norms[5], grows);
    tf.dispose(grads);
    s.free();
  }
});

bptt("works for a gated cell and says when labels do not match the steps", () => {
  const p = d2l.initGruParams(4, 3, d2l.seed(2));
  const output = d2l.initOutputParams(3, 4, d2l.seed(3));
  const state = d2l.initGruState(1, 3);
  const inputs = [1, 2, 3].map((t) => tf.tensor1d([t], "int32"));
  const labels = [2, 3, 0].map((t) => tf.tensor1d([t], "int32"));
  const before = tf.memory().numTensors;
  const grads = d2l.hiddenStateGrads({ step: d2l.gruStep, params: p, output, state, inputs, labels });
  assert.equal(
    grads.map((g) => g.shape),
    [
      [1, 3],
      [1, 3],
      [1, 3],
    ],
  );
  assert.is(tf.memory().numTensors, before + 3, "only the gradients are left");
  assert.throws(
    () => d2l.hiddenStateGrads({ step: d2l.gruStep, params: p, output, state, inputs, labels: labels.slice(1) }),
    /hiddenStateGrads: labels: expected 3 label vectors/,
  );
  tf.dispose([...grads, ...inputs, ...labels, state.H, ...Object.values(p), ...Object.values(output)]);
});

bptt.run();
