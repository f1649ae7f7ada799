import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assertClose } from "../cell-support";

const scan = suite("scan");
scan.before(async () => {
  await d2l.backend({ quiet: true });
});

scan("returns T outputs [B, H] and the last state, equal to stepping by hand", () => {
  const p = d2l.initGruParams(5, 3, d2l.seed(1));
  const s0 = d2l.initGruState(2, 3);
  const inputs = [0, 1, 2, 3].map((t) => tf.tensor1d([t, 4 - t], "int32"));
  tf.tidy(() => {
    const { outputs, state } = d2l.scan(d2l.gruStep)(p, s0, inputs);
    assert.is(outputs.length, 4);
    outputs.forEach((H) => assert.equal(H.shape, [2, 3]));
    let s = s0;
    inputs.forEach((X, t) => {
      s = d2l.gruStep(p, s, X);
      assertClose(outputs[t], s.H, `H_${t + 1}`, 0);
    });
    assert.is(state.H, outputs[3], "the last output is the final H");
  });
  tf.dispose([s0.H, ...inputs, ...Object.values(p)]);
});

scan("carries the whole state (H and C) of an LSTM", () => {
  const p = d2l.initLstmParams(2, 3, d2l.seed(2));
  const s0 = d2l.initLstmState(1, 3);
  const inputs = [tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 1]])];
  tf.tidy(() => {
    const { state } = d2l.scan(d2l.lstmStep)(p, s0, inputs);
    const byHand = d2l.lstmStep(p, d2l.lstmStep(p, s0, inputs[0]), inputs[1]);
    assertClose(state.C, byHand.C, "C_2", 0);
  });
  tf.dispose([s0.H, s0.C, ...inputs, ...Object.values(p)]);
});

scan("refuses an empty sequence", () => {
  const p = d2l.initRnnParams(2, 3, d2l.seed(3));
  const s = d2l.initRnnState(1, 3);
  assert.throws(() => d2l.scan(d2l.rnnStep)(p, s, []), /scan: inputs: expected a non-empty list of T step inputs, got an empty list/);
  tf.dispose([s.H, ...Object.values(p)]);
});

scan("leaves no tensor behind inside tf.tidy", () => {
  const p = d2l.initRnnParams(2, 3, d2l.seed(4));
  const s = d2l.initRnnState(1, 3);
  const X = tf.tensor2d([[1, 0]]);
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    d2l.scan(d2l.rnnStep)(p, s, [X, X, X]);
  });
  assert.is(tf.memory().numTensors, before);
  tf.dispose([X, s.H, ...Object.values(p)]);
});

scan.run();
