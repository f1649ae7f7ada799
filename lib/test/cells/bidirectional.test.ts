import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assertClose } from "../cell-support";

const bi = suite("bidirectional / initBidirectionalParams / initDeepBidirectionalParams");
bi.before(async () => {
  await d2l.backend({ quiet: true });
});

bi("concatenates the two directions to [B, h_f + h_b], with different hidden sizes", () => {
  const params = d2l.initBidirectionalParams(d2l.initGruParams, { numInputs: 5, numHiddens: [3, 2] }, d2l.seed(1));
  const state = d2l.initBidirectionalState(d2l.initGruState, 4, [3, 2]);
  const inputs = [0, 1, 2].map(() => tf.randomNormal([4, 5], 0, 1, "float32", 7) as tf.Tensor2D);
  tf.tidy(() => {
    const layer = d2l.bidirectional(d2l.scan(d2l.gruStep), d2l.scan(d2l.gruStep));
    const { outputs, state: last } = layer(params, state, inputs);
    assert.equal(
      outputs.map((o) => o.shape),
      [
        [4, 5],
        [4, 5],
        [4, 5],
      ],
    );
    assert.equal(last.forward.H.shape, [4, 3]);
    assert.equal(last.backward.H.shape, [4, 2]);
    // the backward half at t = 1 is the backward direction's last state (it read the sequence from the end)
    assertClose(outputs[0].slice([0, 3], [4, 2]), last.backward.H, "←H_1", 0);
    assertClose(outputs[2].slice([0, 0], [4, 3]), last.forward.H, "→H_T", 0);
  });
  tf.dispose([...inputs, state.forward.H, state.backward.H, ...Object.values(params.forward), ...Object.values(params.backward)]);
});

bi("reversing the input swaps the two halves when both directions share their weights", () => {
  const p = d2l.initRnnParams(3, 4, d2l.seed(2));
  const scale = d2l.initRnnParams(3, 4, d2l.seed(3)); // larger weights so the test is not trivially near zero
  const W = { W_xh: tf.mul(scale.W_xh, 100) as tf.Tensor2D, W_hh: tf.mul(scale.W_hh, 100) as tf.Tensor2D, b_h: p.b_h };
  const shared = { forward: W, backward: W };
  const state = d2l.initBidirectionalState(d2l.initRnnState, 2, [4, 4]);
  const inputs = [0, 1, 2, 3].map((t) =>
    tf.tensor2d([
      [t, 1, 0],
      [0, -t, 1],
    ]),
  );
  tf.tidy(() => {
    const layer = d2l.bidirectional(d2l.scan(d2l.rnnStep), d2l.scan(d2l.rnnStep));
    const ahead = layer(shared, state, inputs).outputs;
    const reversed = layer(shared, state, inputs.slice().reverse()).outputs;
    const T = inputs.length;
    for (let t = 0; t < T; t++) {
      const swapped = tf.concat([ahead[T - 1 - t].slice([0, 4], [2, 4]), ahead[T - 1 - t].slice([0, 0], [2, 4])], 1);
      assertClose(reversed[t], swapped, `output ${t} of the reversed input`, 1e-6);
    }
    assert.ok(tf.abs(ahead[0]).max().dataSync()[0] > 0.01, "outputs are not all near zero");
  });
  tf.dispose([...inputs, state.forward.H, state.backward.H, W.W_xh, W.W_hh, ...Object.values(p), ...Object.values(scale)]);
});

bi("stacks bidirectional layers with deep: layer 2 reads h_f + h_b inputs", () => {
  const layers = d2l.initDeepBidirectionalParams(
    d2l.initLstmParams,
    {
      numInputs: 6,
      numHiddens: [
        [3, 2],
        [4, 4],
      ],
    },
    d2l.seed(4),
  );
  assert.equal(layers[1].forward.W_xi.shape, [5, 4]);
  const states = [d2l.initBidirectionalState(d2l.initLstmState, 2, [3, 2]), d2l.initBidirectionalState(d2l.initLstmState, 2, [4, 4])];
  const inputs = [1, 2].map((t) => tf.tensor1d([t, 0], "int32"));
  tf.tidy(() => {
    const net = d2l.deep(d2l.bidirectional(d2l.scan(d2l.lstmStep), d2l.scan(d2l.lstmStep)));
    const { outputs, state } = net(layers, states, inputs);
    assert.equal(
      outputs.map((o) => o.shape),
      [
        [2, 8],
        [2, 8],
      ],
    );
    assert.is(state.length, 2);
  });
  tf.dispose([...inputs, ...d2l.tensorsOf(states), ...d2l.tensorsOf(layers)]);
});

bi.run();
