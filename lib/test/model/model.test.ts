import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assertClose } from "../cell-support";

const model = suite("scratchModel");
model.before(async () => {
  await d2l.backend({ quiet: true });
});

model("maps X [B, T] to logits [T·B, V] and one state per layer, for every cell", () => {
  for (const cell of ["rnn", "gru", "lstm"] as const) {
    const m = d2l.scratchModel({ cell, vocabSize: 9, numHiddens: 5, numLayers: 2, rng: d2l.seed(1) });
    const X = tf.tensor2d(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [2, 3],
      "int32",
    );
    tf.tidy(() => {
      const { logits, state } = m.forward(X, m.initState(2));
      assert.equal(logits.shape, [6, 9], cell);
      assert.is(state.length, 2);
      state.forEach((s) => assert.equal(s.H.shape, [2, 5]));
    });
    X.dispose();
    m.dispose();
  }
});

model("names its variables after the book's symbols (layer number after @ when L > 1)", () => {
  const one = d2l.scratchModel({ cell: "rnn", vocabSize: 4, numHiddens: 3, rng: d2l.seed(2) });
  assert.equal(Object.keys(one.variables), ["W_xh", "W_hh", "b_h", "W_hq", "b_q"]);
  one.dispose();
  const two = d2l.scratchModel({ cell: "gru", vocabSize: 4, numHiddens: 3, numLayers: 2, rng: d2l.seed(2) });
  assert.ok("W_xr@1" in two.variables && "W_hh@2" in two.variables);
  assert.equal(two.variables["W_xr@2"].shape, [3, 3], "layer 2 reads H inputs");
  two.dispose();
});

model("rows t·B … t·B + B − 1 of the logits are the output at step t (time-major, as the book)", () => {
  const m = d2l.scratchModel({ cell: "gru", vocabSize: 6, numHiddens: 4, rng: d2l.seed(3) });
  const X = tf.tensor2d(
    [
      [1, 2, 3],
      [4, 5, 0],
    ],
    [2, 3],
    "int32",
  );
  tf.tidy(() => {
    const all = m.forward(X, m.initState(2)).logits;
    const firstTwo = m.forward(X.slice([0, 0], [2, 2]), m.initState(2)).logits;
    assertClose(all.slice([0, 0], [4, 6]), firstTwo, "steps 1–2", 1e-6);
  });
  X.dispose();
  m.dispose();
});

model("one-hot inputs and index lookups give the same logits", () => {
  const mk = (input: d2l.InputMode) => d2l.scratchModel({ cell: "lstm", vocabSize: 7, numHiddens: 4, rng: d2l.seed(4), input });
  const [a, b] = [mk("onehot"), mk("indices")];
  const X = tf.tensor2d(
    [
      [6, 2, 3],
      [0, 5, 1],
    ],
    [2, 3],
    "int32",
  );
  tf.tidy(() => assertClose(a.forward(X, a.initState(2)).logits, b.forward(X, b.initState(2)).logits, "one-hot vs indices", 1e-7));
  X.dispose();
  a.dispose();
  b.dispose();
});

model("refuses float inputs and an activation for a gated cell", () => {
  const m = d2l.scratchModel({ cell: "rnn", vocabSize: 4, numHiddens: 3, rng: d2l.seed(5), activation: "relu" });
  const X = tf.zeros([1, 2]) as tf.Tensor2D;
  assert.throws(() => m.forward(X, m.initState(1)), /rnn model forward: X: expected int32 indices \[B, T\], got float32 \[1, 2\]/);
  assert.throws(
    () => d2l.scratchModel({ cell: "gru", vocabSize: 4, rng: d2l.seed(5), activation: "relu" }),
    /scratchModel: activation: only the "rnn" cell takes an activation/,
  );
  X.dispose();
  m.dispose();
});

model("names a missing or foreign rng instead of failing inside the initialiser", () => {
  const before = tf.memory().numTensors;
  const options = { cell: "rnn", vocabSize: 10, numHiddens: 4 } as unknown as d2l.ScratchModelOptions;
  assert.throws(() => d2l.scratchModel(options), /^scratchModel: rng: expected a seeded generator such as d2l\.seed\(0\), got undefined$/);
  assert.throws(
    () => d2l.scratchModel({ ...options, rng: { normals: 1 } as never }),
    /scratchModel: rng: expected a seeded generator such as d2l\.seed\(0\), got an object of class Object \(not made by d2l\.seed\)/,
  );
  assert.throws(
    () => d2l.conciseModel(options as never),
    /conciseModel: rng: expected a seeded generator such as d2l\.seed\(0\), got undefined/,
  );
  assert.is(tf.memory().numTensors, before, "nothing was allocated");
});

model("a forward pass inside tf.tidy leaves no tensor behind", () => {
  const m = d2l.scratchModel({ cell: "lstm", vocabSize: 5, numHiddens: 3, rng: d2l.seed(6) });
  const X = tf.tensor2d([[1, 2]], [1, 2], "int32");
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    m.forward(X, m.initState(1));
  });
  assert.is(tf.memory().numTensors, before);
  X.dispose();
  m.dispose();
});

model.run();
