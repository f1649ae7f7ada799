import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assertClose } from "../cell-support";

// FusedRecurrent must be tf.layers' simpleRNN / gru / lstm with other arithmetic: for the same
// weights, the same outputs, last states and gradients (weights and initial state), to float32
// rounding (the fused layer adds in another order, so 1e-5, not bit-identical).

const fused = suite("FusedRecurrent");
fused.before(async () => {
  await d2l.backend({ quiet: true });
});

const [B, T, V, H] = [3, 5, 7, 4];
const CELLS = ["rnn", "gru", "lstm"] as const;
const numStates = (cell: d2l.CellName) => (cell === "lstm" ? 2 : 1);

/** tf.layers' own layer with the concise model's settings (σ gates, tanh, no unit forget bias). */
function reference(cell: d2l.CellName): tf.layers.Layer {
  const common = { units: H, returnSequences: true, returnState: true, kernelInitializer: "zeros", recurrentInitializer: "zeros" } as const;
  if (cell === "rnn") return tf.layers.simpleRNN({ ...common, activation: "tanh" });
  if (cell === "gru") return tf.layers.gru({ ...common, activation: "tanh", recurrentActivation: "sigmoid" });
  return tf.layers.lstm({ ...common, activation: "tanh", recurrentActivation: "sigmoid", unitForgetBias: false });
}

/** Seeded weights large enough that the gates matter, and a seeded X, initial state and output weighting. */
function fixture(cell: d2l.CellName, seed: number) {
  const rng = d2l.seed(seed);
  const k = { rnn: 1, gru: 3, lstm: 4 }[cell] * H;
  const t = (shape: number[], std = 0.5) =>
    tf.tensor(
      rng.normals(
        shape.reduce((a, b) => a * b, 1),
        0,
        std,
      ),
      shape,
    );
  const weights = [t([V, k]), t([H, k]), t([k])];
  const X = tf.tensor2d(
    Array.from({ length: B * T }, () => rng.randint(0, V)),
    [B, T],
    "int32",
  );
  const state = Array.from({ length: numStates(cell) }, () => t([B, H]));
  const weigh = t([B, T, H], 1); // the loss is Σ outputs ⊙ weigh + Σ last states
  return { weights, X, state, weigh };
}

/** Outputs, states and the gradients of a loss over all of them w.r.t. the weights and the initial state. */
function run(layer: tf.layers.Layer, input: tf.Tensor, fx: ReturnType<typeof fixture>) {
  const vars = layer.trainableWeights.map((w) => w.read());
  const f = (...args: tf.Tensor[]) => {
    const out = layer.apply(input, { initialState: args.slice(vars.length) }) as tf.Tensor[];
    return tf.addN([tf.sum(tf.mul(out[0], fx.weigh)), ...out.slice(1).map((s) => tf.sum(s))]) as tf.Scalar;
  };
  const out = layer.apply(input, { initialState: fx.state }) as tf.Tensor[];
  const grads = tf.grads(f)([...vars, ...fx.state]);
  return { out, grads };
}

fused("gives tf.layers' outputs, last states and gradients for the same weights (rnn, gru, lstm)", () => {
  for (const cell of CELLS) {
    const fx = fixture(cell, 3);
    const ours = d2l.fusedRecurrent({ cell, units: H, inputDim: V, returnState: true });
    const theirs = reference(cell);
    tf.tidy(() => {
      const onehot = tf.oneHot(fx.X, V).toFloat(); // [B, T, V]: what tf.layers reads
      theirs.apply(onehot, { initialState: fx.state });
      ours.apply(fx.X, { initialState: fx.state });
      theirs.setWeights(fx.weights);
      ours.setWeights(fx.weights);
      const a = run(ours, fx.X, fx);
      const b = run(theirs, onehot, fx);
      assert.is(a.out.length, 1 + numStates(cell), `${cell}: outputs and states`);
      a.out.forEach((o, i) => assertClose(o, b.out[i], `${cell} output ${i}`));
      const names = ["kernel", "recurrent_kernel", "bias", "H_0", "C_0"];
      a.grads.forEach((g, i) => assertClose(g, b.grads[i], `${cell} d${names[i]}`));
    });
    tf.dispose([...fx.weights, fx.X, ...fx.state, fx.weigh]);
    ours.dispose();
    theirs.dispose();
  }
});

fused("reads dense rows [B, T, D] as a deeper layer does, like tf.layers on the same rows", () => {
  const fx = fixture("gru", 4);
  const ours = d2l.fusedRecurrent({ cell: "gru", units: H, returnState: true });
  const theirs = reference("gru");
  tf.tidy(() => {
    const rows = tf.randomNormal([B, T, V], 0, 1, "float32", 5);
    theirs.apply(rows);
    ours.apply(rows);
    theirs.setWeights(fx.weights);
    ours.setWeights(fx.weights);
    const a = run(ours, rows, fx);
    const b = run(theirs, rows, fx);
    a.out.forEach((o, i) => assertClose(o, b.out[i], `output ${i}`));
    a.grads.forEach((g, i) => assertClose(g, b.grads[i], `gradient ${i}`));
  });
  tf.dispose([...fx.weights, fx.X, ...fx.state, fx.weigh]);
  ours.dispose();
  theirs.dispose();
});

fused("starts from zeros without initialState, returns only outputs [B, T, H] without returnState", () => {
  const fx = fixture("lstm", 6);
  const a = d2l.fusedRecurrent({ cell: "lstm", units: H, inputDim: V, returnState: true });
  const b = d2l.fusedRecurrent({ cell: "lstm", units: H, inputDim: V });
  tf.tidy(() => {
    a.apply(fx.X);
    b.apply(fx.X);
    a.setWeights(fx.weights);
    b.setWeights(fx.weights);
    const zeros = [tf.zeros([B, H]), tf.zeros([B, H])];
    const withZeros = a.apply(fx.X, { initialState: zeros }) as tf.Tensor[];
    const plain = b.apply(fx.X) as tf.Tensor;
    assert.ok(!Array.isArray(plain), "one tensor without returnState");
    assert.equal(plain.shape, [B, T, H]);
    assert.equal(
      withZeros.map((o) => o.shape),
      [
        [B, T, H],
        [B, H],
        [B, H],
      ],
    );
    assert.equal(Array.from(plain.dataSync()), Array.from(withZeros[0].dataSync()));
    assert.equal(b.computeOutputShape([null, T]), [null, T, H]);
    assert.equal(a.computeOutputShape([null, T]), [
      [null, T, H],
      [null, H],
      [null, H],
    ]);
  });
  tf.dispose([...fx.weights, fx.X, ...fx.state, fx.weigh]);
  a.dispose();
  b.dispose();
});

fused("carries the state: two halves with the state handed over give the whole sequence", () => {
  const fx = fixture("gru", 7);
  const layer = d2l.fusedRecurrent({ cell: "gru", units: H, inputDim: V, returnState: true });
  tf.tidy(() => {
    layer.apply(fx.X);
    layer.setWeights(fx.weights);
    const whole = layer.apply(fx.X) as tf.Tensor[];
    const first = layer.apply(tf.slice(fx.X, [0, 0], [B, 2])) as tf.Tensor[];
    const second = layer.apply(tf.slice(fx.X, [0, 2], [B, T - 2]), { initialState: first.slice(1) }) as tf.Tensor[];
    assertClose(tf.concat([first[0], second[0]], 1), whole[0], "outputs");
    assertClose(second[1], whole[1], "last H");
    // the same with the state given as inputs after X, as in a symbolic tf.model
    const asInputs = layer.apply([tf.slice(fx.X, [0, 2], [B, T - 2]), ...first.slice(1)]) as tf.Tensor[];
    assert.equal(Array.from(asInputs[0].dataSync()), Array.from(second[0].dataSync()));
  });
  tf.dispose([...fx.weights, fx.X, ...fx.state, fx.weigh]);
  layer.dispose();
});

fused("timeMajor reads [T, B(, D)] and gives [T, B, H]: the batch-major numbers to the bit, with their gradients", () => {
  for (const cell of CELLS) {
    const fx = fixture(cell, 10);
    const batchMajor = d2l.fusedRecurrent({ cell, units: H, inputDim: V, returnState: true });
    const stepsFirst = d2l.fusedRecurrent({ cell, units: H, inputDim: V, returnState: true, timeMajor: true });
    tf.tidy(() => {
      const XT = tf.transpose(fx.X); // [T, B]
      batchMajor.apply(fx.X);
      stepsFirst.apply(XT);
      batchMajor.setWeights(fx.weights);
      stepsFirst.setWeights(fx.weights);
      const a = run(batchMajor, fx.X, fx);
      const weighT = tf.transpose(fx.weigh, [1, 0, 2]);
      const b = run(stepsFirst, XT, { ...fx, weigh: weighT });
      assert.equal(b.out[0].shape, [T, B, H], `${cell}: outputs [T, B, H]`);
      const bits = (t: tf.Tensor) => Array.from(t.dataSync());
      assert.equal(bits(b.out[0]), bits(tf.transpose(a.out[0], [1, 0, 2])), `${cell}: outputs`);
      a.out.slice(1).forEach((s, i) => assert.equal(bits(b.out[i + 1]), bits(s), `${cell}: state ${i}`));
      a.grads.forEach((g, i) => assert.equal(bits(b.grads[i]), bits(g), `${cell}: gradient ${i}`));
      assert.equal(stepsFirst.computeOutputShape([T, null]), [[T, null, H], ...Array.from({ length: numStates(cell) }, () => [null, H])]);
      // dense rows [T, B, D], as a deeper layer reads them
      const dense = d2l.fusedRecurrent({ cell, units: H, timeMajor: true });
      const denseB = d2l.fusedRecurrent({ cell, units: H });
      const rows = tf.randomNormal([B, T, V], 0, 1, "float32", 11);
      dense.apply(tf.transpose(rows, [1, 0, 2]));
      denseB.apply(rows);
      dense.setWeights(fx.weights);
      denseB.setWeights(fx.weights);
      const d = dense.apply(tf.transpose(rows, [1, 0, 2])) as tf.Tensor;
      assert.equal(bits(d), bits(tf.transpose(denseB.apply(rows) as tf.Tensor, [1, 0, 2])), `${cell}: dense rows`);
      dense.dispose();
      denseB.dispose();
    });
    tf.dispose([...fx.weights, fx.X, ...fx.state, fx.weigh]);
    batchMajor.dispose();
    stepsFirst.dispose();
  }
});

fused("names the argument and the expectation on bad input", () => {
  assert.throws(() => d2l.fusedRecurrent({ cell: "tanh" as never, units: 4 }), /cell: expected "rnn", "gru" or "lstm", got "tanh"/);
  assert.throws(() => d2l.fusedRecurrent({ cell: "rnn", units: 0 }), /units: expected a positive integer, got 0/);
  assert.throws(
    () => d2l.fusedRecurrent({ cell: "rnn", units: 4, timeMajor: "yes" as never }),
    /timeMajor: expected true or false, got yes/,
  );
  const stepsFirst = d2l.fusedRecurrent({ cell: "rnn", units: 4, inputDim: 5, timeMajor: true });
  assert.throws(() => tf.tidy(() => void stepsFirst.apply(tf.zeros([3, 2]))), /input: expected int32 indices \[T, B\], got float32/);
  stepsFirst.dispose();
  const noDim = d2l.fusedRecurrent({ cell: "rnn", units: 4 });
  assert.throws(() => tf.tidy(() => void noDim.apply(tf.zeros([2, 3], "int32"))), /inputDim: expected the vocabulary size/);
  const layer = d2l.fusedRecurrent({ cell: "lstm", units: 4, inputDim: 5 });
  assert.throws(
    () => tf.tidy(() => void layer.apply(tf.zeros([2, 3], "int32"), { initialState: [tf.zeros([2, 4])] })),
    /initialState: expected 2 state\(s\) \[2, 4\], got \[2, 4\]/,
  );
  layer.dispose();
});

fused("saves and loads in a tf.layers model (registered with tf.serialization)", async () => {
  const model = tf.sequential({
    layers: [tf.layers.inputLayer({ inputShape: [T], dtype: "int32" }), d2l.fusedRecurrent({ cell: "lstm", units: H, inputDim: V })],
  });
  const fx = fixture("lstm", 8);
  model.layers[model.layers.length - 1].setWeights(fx.weights);
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(
      async (artifacts) => ((saved = artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } }),
    ),
  );
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
  assert.instance(loaded.layers[loaded.layers.length - 1], d2l.FusedRecurrent);
  tf.tidy(() =>
    assert.equal(Array.from((loaded.predict(fx.X) as tf.Tensor).dataSync()), Array.from((model.predict(fx.X) as tf.Tensor).dataSync())),
  );
  tf.dispose([...fx.weights, fx.X, ...fx.state, fx.weigh]);
  model.dispose();
  loaded.dispose();
});

fused("leaks no tensor across a forward and backward call, and dispose frees its weights", () => {
  const fx = fixture("lstm", 9);
  const layer = d2l.fusedRecurrent({ cell: "lstm", units: H, inputDim: V, returnState: true });
  tf.tidy(() => {
    layer.apply(fx.X);
  });
  layer.setWeights(fx.weights);
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    run(layer, fx.X, fx);
  });
  assert.is(tf.memory().numTensors, before, "tensors after a tidy forward + backward");
  layer.dispose();
  assert.is(tf.memory().numTensors, before - 3, "kernel, recurrent kernel and bias freed");
  tf.dispose([...fx.weights, fx.X, ...fx.state, fx.weigh]);
});

fused.run();
