import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assertClose } from "../cell-support";

const deep = suite("deep / initDeepParams / initDeepState");
deep.before(async () => {
  await d2l.backend({ quiet: true });
});

deep("initialises L layers: layer 1 reads D inputs, layer l reads the H of layer l − 1", () => {
  const layers = d2l.initDeepParams(d2l.initRnnParams, { numInputs: 7, numHiddens: [5, 4, 3] }, d2l.seed(1));
  assert.equal(
    layers.map((p) => p.W_xh.shape),
    [
      [7, 5],
      [5, 4],
      [4, 3],
    ],
  );
  assert.equal(
    layers.map((p) => p.W_hh.shape),
    [
      [5, 5],
      [4, 4],
      [3, 3],
    ],
  );
  tf.dispose(layers.flatMap((p) => Object.values(p)));
  assert.throws(
    () => d2l.initDeepParams(d2l.initRnnParams, { numInputs: 7, numHiddens: [] }, d2l.seed(1)),
    /initDeepParams: sizes.numHiddens: expected one size per layer, got an empty list/,
  );
});

deep("returns L states and the last layer's outputs, equal to composing the layers by hand", () => {
  const rng = d2l.seed(2);
  const layers = d2l.initDeepParams(d2l.initLstmParams, { numInputs: 6, numHiddens: [4, 3] }, rng);
  const states = d2l.initDeepState(d2l.initLstmState, 2, [4, 3]);
  const inputs = [1, 2, 3].map((t) => tf.tensor1d([t, 5 - t], "int32"));
  tf.tidy(() => {
    const { outputs, state } = d2l.deep(d2l.scan(d2l.lstmStep))(layers, states, inputs);
    assert.is(state.length, 2, "L = 2 states");
    assert.equal(
      state.map((s) => s.H.shape),
      [
        [2, 4],
        [2, 3],
      ],
    );
    assert.equal(
      outputs.map((o) => o.shape),
      [
        [2, 3],
        [2, 3],
        [2, 3],
      ],
    );
    const first = d2l.scan(d2l.lstmStep)(layers[0], states[0], inputs);
    const second = d2l.scan(d2l.lstmStep)(layers[1], states[1], first.outputs);
    outputs.forEach((o, t) => assertClose(o, second.outputs[t], `H_${t + 1}^(2)`, 0));
    assertClose(state[0].C, first.state.C, "C^(1)", 0);
  });
  tf.dispose([...inputs, ...states.flatMap((s) => [s.H, s.C]), ...layers.flatMap((p) => Object.values(p))]);
});

deep("says when the states do not match the layers", () => {
  const layers = d2l.initDeepParams(d2l.initRnnParams, { numInputs: 2, numHiddens: [3, 3] }, d2l.seed(3));
  const states = d2l.initDeepState(d2l.initRnnState, 1, [3]);
  const X = tf.tensor2d([[1, 0]]);
  assert.throws(() => d2l.deep(d2l.scan(d2l.rnnStep))(layers, states, [X]), /deep: states: expected 2 states \(one per layer\), got 1/);
  tf.dispose([X, states[0].H, ...layers.flatMap((p) => Object.values(p))]);
});

deep.run();
