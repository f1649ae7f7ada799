import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assertClose } from "../cell-support";

// The fused training path must give the teaching cells' numbers: the same logits, final states and
// gradients for the same parameters, for every cell, layer count, activation and input form.

const setup = async () => {
  await d2l.backend({ quiet: true });
};

type Case = { cell: d2l.CellName; numLayers: number; activation?: d2l.Activation; input?: d2l.InputMode; T: number };

const CASES: Case[] = [
  { cell: "rnn", numLayers: 1, T: 5 },
  { cell: "rnn", numLayers: 1, activation: "relu", T: 4 },
  { cell: "rnn", numLayers: 2, activation: "identity", T: 3 },
  { cell: "gru", numLayers: 1, T: 5 },
  { cell: "gru", numLayers: 2, T: 3 },
  { cell: "lstm", numLayers: 1, T: 5 },
  { cell: "lstm", numLayers: 2, T: 3 },
  { cell: "lstm", numLayers: 1, input: "onehot", T: 4 },
  { cell: "gru", numLayers: 1, T: 1 },
  { cell: "lstm", numLayers: 1, T: 1 },
];

const V = 11;
const B = 3;
const H = 6;

/** The same weights in both engines (same seed), larger than the book's 0.01 so that the gates matter. */
function models(c: Case): [d2l.ScratchModel, d2l.ScratchModel] {
  const make = (engine: d2l.Engine) =>
    d2l.scratchModel({
      cell: c.cell,
      vocabSize: V,
      numHiddens: H,
      numLayers: c.numLayers,
      activation: c.activation,
      input: c.input,
      rng: d2l.seed(7),
      engine,
    });
  const [fused, cells] = [make("fused"), make("cells")];
  const rng = d2l.seed(8);
  for (const [name, v] of Object.entries(fused.variables)) {
    const values = tf.tensor(rng.normals(v.size, 0, 0.4), v.shape);
    v.assign(values);
    cells.variables[name].assign(values);
    values.dispose();
  }
  return [fused, cells];
}

/** A random state with every entry non-zero, so that the state's gradient is exercised. */
function randomState(m: d2l.ScratchModel, rng: d2l.Rng): d2l.HiddenState[] {
  return m.initState(B).map(
    (s) =>
      Object.fromEntries(
        Object.entries(s).map(([k, t]) => {
          const r = tf.tensor(rng.normals(t.size, 0, 0.5), t.shape);
          t.dispose();
          return [k, r];
        }),
      ) as unknown as d2l.HiddenState,
  );
}

const name = (c: Case) => `${c.cell} L=${c.numLayers}${c.activation ? ` ${c.activation}` : ""}${c.input ? ` ${c.input}` : ""} T=${c.T}`;

const fused = suite("the fused engine of scratchModel");
fused.before(setup);

fused("gives the teaching cells' logits and final states", () => {
  for (const c of CASES) {
    const [fast, slow] = models(c);
    const rng = d2l.seed(9);
    const X = tf.tensor2d(
      Array.from({ length: B * c.T }, () => rng.randint(0, V)),
      [B, c.T],
      "int32",
    );
    const state = randomState(fast, rng);
    tf.tidy(() => {
      const a = fast.forward(X, state);
      const b = slow.forward(X, state);
      assertClose(a.logits, b.logits, `${name(c)}: logits`, 1e-5, 1e-4);
      a.state.forEach((s, l) =>
        Object.keys(s).forEach((k) =>
          assertClose(
            (s as Record<string, tf.Tensor>)[k],
            (b.state[l] as Record<string, tf.Tensor>)[k],
            `${name(c)}: state[${l}].${k}`,
            1e-5,
            1e-4,
          ),
        ),
      );
    });
    tf.dispose([X, ...d2l.tensorsOf(state)]);
    fast.dispose();
    slow.dispose();
  }
});

fused("gives the teaching cells' gradients for every parameter and the initial state", () => {
  for (const c of CASES) {
    const [fast, slow] = models(c);
    const rng = d2l.seed(10);
    const X = tf.tensor2d(
      Array.from({ length: B * c.T }, () => rng.randint(0, V)),
      [B, c.T],
      "int32",
    );
    const state = randomState(fast, rng);
    const stateTensors = d2l.tensorsOf(state);
    const G = tf.tensor2d(rng.normals(c.T * B * V), [c.T * B, V]); // weights the logits
    const Gs = stateTensors.map((t) => tf.tensor(rng.normals(t.size), t.shape)); // weights the final state
    const lossOf =
      (m: d2l.ScratchModel) =>
      (...initial: tf.Tensor[]) => {
        let k = 0;
        const s = state.map((layer) =>
          Object.fromEntries(Object.keys(layer).map((key) => [key, initial[k++]])),
        ) as unknown as d2l.HiddenState[];
        const out = m.forward(X, s);
        const final = d2l.tensorsOf(out.state);
        return tf.addN([tf.sum(tf.mul(out.logits, G)), ...final.map((t, i) => tf.sum(tf.mul(t, Gs[i])))]) as tf.Scalar;
      };
    tf.tidy(() => {
      const gradsOf = (m: d2l.ScratchModel) => {
        const vars = Object.values(m.variables);
        const f = lossOf(m);
        const { grads } = tf.variableGrads(() => f(...stateTensors), vars);
        const dState = tf.grads((...s: tf.Tensor[]) => f(...s))(stateTensors);
        return { grads, dState };
      };
      const a = gradsOf(fast);
      const b = gradsOf(slow);
      const byKey = (m: d2l.ScratchModel, g: tf.NamedTensorMap) =>
        Object.fromEntries(Object.entries(m.variables).map(([k, v]) => [k, g[v.name]]));
      const ga = byKey(fast, a.grads);
      const gb = byKey(slow, b.grads);
      assert.equal(Object.keys(ga).sort(), Object.keys(gb).sort());
      for (const k of Object.keys(gb)) assertClose(ga[k], gb[k], `${name(c)}: d/d${k}`, 1e-5, 1e-3);
      a.dState.forEach((d, i) => assertClose(d, b.dState[i], `${name(c)}: d/dstate[${i}]`, 1e-5, 1e-3));
    });
    tf.dispose([X, G, ...Gs, ...stateTensors]);
    fast.dispose();
    slow.dispose();
  }
});

fused("leaves no tensor behind in a training step", () => {
  for (const cell of ["rnn", "gru", "lstm"] as const) {
    const m = d2l.scratchModel({ cell, vocabSize: V, numHiddens: H, rng: d2l.seed(11) });
    const X = tf.tensor2d(
      Array.from({ length: B * 4 }, (_, i) => i % V),
      [B, 4],
      "int32",
    );
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.square(m.forward(X, m.initState(B)).logits)) as tf.Scalar,
        Object.values(m.variables),
      );
      value.dataSync();
      Object.values(grads).forEach((g) => g.dataSync());
    });
    assert.is(tf.memory().numTensors, before, `${cell}: tensors before and after`);
    X.dispose();
    m.dispose();
  }
});

fused("is the default, and the teaching cells are one option away", () => {
  const m = d2l.scratchModel({ cell: "gru", vocabSize: V, rng: d2l.seed(12) });
  assert.is(m.engine, "fused");
  const t = d2l.scratchModel({ cell: "gru", vocabSize: V, rng: d2l.seed(12), engine: "cells" });
  assert.is(t.engine, "cells");
  m.dispose();
  t.dispose();
});

fused.run();

const loss = suite("softmaxCrossEntropy's written-out gradient");
loss.before(setup);

/** The composition the book writes: −mean Σ oneHot ⊙ log softmax. */
function composed(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const V = logits.shape[1];
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.cast(tf.oneHot(labels, V), "float32"), tf.logSoftmax(logits)), 1))) as tf.Scalar;
}

loss("gives the composition's value and gradient, also for large logits", () => {
  const rng = d2l.seed(21);
  for (const [N, V, scale] of [
    [7, 5, 1],
    [40, 33, 30],
    [1, 2, 100],
  ]) {
    const logits = tf.tensor2d(rng.normals(N * V, 0, scale), [N, V]);
    const labels = tf.tensor1d(
      Array.from({ length: N }, () => rng.randint(0, V)),
      "int32",
    );
    const G = tf.scalar(1.7);
    tf.tidy(() => {
      assertClose(d2l.softmaxCrossEntropy(logits, labels), composed(logits, labels), `N ${N}, V ${V}: value`, 1e-5, 1e-5);
      const a = tf.grad((l: tf.Tensor) => tf.mul(d2l.softmaxCrossEntropy(l as tf.Tensor2D, labels), G))(logits);
      const b = tf.grad((l: tf.Tensor) => tf.mul(composed(l as tf.Tensor2D, labels), G))(logits);
      assertClose(a, b, `N ${N}, V ${V}: gradient`, 1e-6, 1e-4);
    });
    tf.dispose([logits, labels, G]);
  }
});

loss("leaves no tensor behind, with and without a gradient", () => {
  const logits = tf.tensor2d([
    [1, 2, 3],
    [0, 0, 1],
  ]);
  const labels = tf.tensor1d([2, 0], "int32");
  const before = tf.memory().numTensors;
  tf.tidy(() => d2l.softmaxCrossEntropy(logits, labels).dataSync());
  tf.tidy(() =>
    tf
      .grad((l: tf.Tensor) => d2l.softmaxCrossEntropy(l as tf.Tensor2D, labels))(logits)
      .dataSync(),
  );
  assert.is(tf.memory().numTensors, before);
  tf.dispose([logits, labels]);
});

loss.run();
