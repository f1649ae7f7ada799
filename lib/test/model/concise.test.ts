import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assertClose } from "../cell-support";

const concise = suite("conciseModel / kerasWeights / loadScratchParams");
let corpus: d2l.CharCorpus;
concise.before(async () => {
  await d2l.backend({ quiet: true });
  corpus = await d2l.loadDataTinyLyrics();
});

concise("maps X [B, T] to logits [T·B, V] and carries one state list per layer (h, or h and c)", () => {
  for (const cell of ["rnn", "gru", "lstm"] as const) {
    const m = d2l.conciseModel({ cell, vocabSize: 9, numHiddens: 5, numLayers: 2, rng: d2l.seed(1) });
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
      assert.equal(
        state.map((s) => s.map((t) => t.shape)),
        [0, 1].map(() =>
          cell === "lstm"
            ? [
                [2, 5],
                [2, 5],
              ]
            : [[2, 5]],
        ),
      );
    });
    X.dispose();
    m.dispose();
  }
});

concise("draws weights from N(0, 0.01²) as the book trains, zero biases, the same for the same seed", () => {
  const [a, b] = [1, 1].map((s) => d2l.conciseModel({ cell: "gru", vocabSize: 60, numHiddens: 20, rng: d2l.seed(s) }));
  const wa = a.recurrent[0].getWeights();
  const wb = b.recurrent[0].getWeights();
  assert.equal(wa[0].dataSync(), wb[0].dataSync());
  const kernel = Array.from(wa[0].dataSync()); // [60, 60]: 3600 draws
  const std = Math.sqrt(kernel.reduce((acc, x) => acc + x * x, 0) / kernel.length);
  assert.ok(Math.abs(std - 0.01) < 0.0005, `std ${std}`);
  assert.ok(
    kernel.some((x) => Math.abs(x) > 0.025),
    "a normal draw has tails beyond 2.5 σ",
  );
  assert.is(wa[2].abs().sum().dataSync()[0], 0);
  assert.is(Object.keys(a.variables).length, 5, "kernel, recurrent kernel, bias, dense kernel and bias");
  a.dispose();
  b.dispose();
});

concise("init { dist: uniform, scale: 0.07 } gives Gluon's default U(−0.07, 0.07); a bad init names the argument", () => {
  const m = d2l.conciseModel({ cell: "rnn", vocabSize: 6, numHiddens: 4, rng: d2l.seed(2), init: { dist: "uniform", scale: 0.07 } });
  const w = Array.from(m.recurrent[0].getWeights()[0].dataSync());
  assert.ok(w.every((x) => Math.abs(x) <= 0.07) && w.some((x) => Math.abs(x) > 0.03));
  m.dispose();
  assert.throws(
    () => d2l.conciseModel({ cell: "rnn", vocabSize: 6, numHiddens: 4, rng: d2l.seed(2), init: { dist: "uniform", scale: 0 } }),
    /conciseModel: init: expected/,
  );
});

concise("gives the scratch model's outputs and states when given its weights (all three cells, two layers)", () => {
  for (const cell of ["rnn", "gru", "lstm"] as const) {
    const scratch = d2l.scratchModel({ cell, vocabSize: 7, numHiddens: 4, numLayers: 2, rng: d2l.seed(2) });
    // larger weights so that the comparison is not between numbers near zero
    Object.values(scratch.variables).forEach((v) => v.assign(tf.mul(v, 60)));
    const m = d2l.conciseModel({ cell, vocabSize: 7, numHiddens: 4, numLayers: 2, rng: d2l.seed(3) });
    d2l.loadScratchParams(m, scratch.params);
    const X1 = tf.tensor2d(
      [
        [6, 2, 3],
        [0, 5, 1],
      ],
      [2, 3],
      "int32",
    );
    const X2 = tf.tensor2d(
      [
        [1, 1],
        [4, 2],
      ],
      [2, 2],
      "int32",
    );
    tf.tidy(() => {
      const s1 = scratch.forward(X1, scratch.initState(2));
      const c1 = m.forward(X1, m.initState(2));
      assertClose(c1.logits, s1.logits, `${cell}: logits`, 1e-5, 1e-4);
      assert.ok(tf.abs(s1.logits).max().dataSync()[0] > 0.1, "the logits are not all tiny");
      // the carried state continues identically
      const s2 = scratch.forward(X2, s1.state);
      const c2 = m.forward(X2, c1.state);
      assertClose(c2.logits, s2.logits, `${cell}: logits after carrying the state`, 1e-5, 1e-4);
      if (cell === "lstm") assertClose(c2.state[1][1], (s2.state[1] as d2l.LstmState).C, "lstm: C of layer 2", 1e-5, 1e-4);
    });
    tf.dispose([X1, X2]);
    scratch.dispose();
    m.dispose();
  }
});

concise("kerasWeights packs gates side by side in tf.layers order (z r h, i f c o)", () => {
  const p = d2l.initGruParams(3, 2, d2l.seed(4));
  const [kernel, recurrentKernel, bias] = d2l.kerasWeights("gru", p);
  assert.equal([kernel.shape, recurrentKernel.shape, bias.shape], [[3, 6], [2, 6], [6]]);
  assertClose(kernel.slice([0, 2], [3, 2]), p.W_xr, "the second block is the reset gate", 0);
  tf.dispose([kernel, recurrentKernel, bias, ...Object.values(p)]);
  assert.throws(
    () => d2l.kerasWeights("lstm", d2l.initRnnParams(2, 2, d2l.seed(1))),
    /kerasWeights: params.W_xi: expected a tensor for a lstm cell/,
  );
});

concise("a bidirectional model outputs [T·B, V] from 2H features and is stateless", () => {
  const m = d2l.conciseModel({ cell: "gru", vocabSize: 6, numHiddens: 3, numLayers: 2, bidirectional: true, rng: d2l.seed(5) });
  assert.is(m.numHiddens, 6);
  const X = tf.tensor2d([[1, 2, 3]], [1, 3], "int32");
  tf.tidy(() => {
    const out = m.forward(X, m.initState(1));
    assert.equal(out.logits.shape, [3, 6]);
    assert.equal(out.state, [[], []]);
  });
  assert.throws(
    () => d2l.loadScratchParams(m, { layers: [], output: {} as d2l.OutputParams }),
    /loadScratchParams: model: expected a unidirectional concise model/,
  );
  X.dispose();
  m.dispose();
});

/** A few small epochs of `trainAndPredictRnn` on the tiny corpus (batch 4, 8 steps, lr 1). */
const trainBriefly = (model: d2l.ConciseModel, numEpochs: number, sampling: d2l.Sampling) =>
  d2l.trainAndPredictRnn({
    model,
    corpus,
    numEpochs,
    predPeriod: numEpochs,
    numSteps: 8,
    batchSize: 4,
    lr: 1,
    theta: 1,
    predLen: 5,
    quiet: true,
    sampling,
  });

concise("is trained by trainAndPredictRnn and generates with predictRnn, without leaking", async () => {
  const m = d2l.conciseModel({ cell: "lstm", vocabSize: corpus.vocabSize, numHiddens: 16, rng: d2l.seed(6) });
  const before = tf.memory().numTensors;
  const r = await trainBriefly(m, 4, "consecutive");
  assert.is(r.stopReason, "completed");
  assert.ok(r.history[3].perplexity < r.history[0].perplexity);
  assert.is(Array.from(d2l.predictRnn("分开", 5, { model: m, vocab: corpus })).length, 7);
  assert.is(tf.memory().numTensors, before);
  m.dispose();
});

concise('layer "kernels" gives tf.layers\' logits, states and gradients for the same seed (three cells, two layers)', () => {
  for (const cell of ["rnn", "gru", "lstm"] as const) {
    // weights from N(0, 0.5²), large enough that the gates matter
    const make = (layer: d2l.ConciseLayer) =>
      d2l.conciseModel({ cell, vocabSize: 7, numHiddens: 4, numLayers: 2, rng: d2l.seed(4), init: { dist: "normal", scale: 0.5 }, layer });
    const [ours, theirs] = [make("kernels"), make("tf.layers")];
    assert.is(ours.layer, "kernels");
    assert.ok(ours.recurrent.every((l) => l instanceof d2l.FusedRecurrent));
    const X = tf.tensor2d([6, 2, 3, 0, 5, 1], [2, 3], "int32");
    const Y = tf.tensor1d([1, 2, 3, 4, 5, 6], "int32");
    tf.tidy(() => {
      const a = ours.forward(X, ours.initState(2));
      const b = theirs.forward(X, theirs.initState(2));
      assertClose(a.logits, b.logits, `${cell}: logits`);
      a.state.forEach((states, l) => states.forEach((t, i) => assertClose(t, b.state[l][i], `${cell}: state ${i} of layer ${l + 1}`)));
      const grads = (m: d2l.ConciseModel) =>
        Object.values(
          tf.variableGrads(() => d2l.softmaxCrossEntropy(m.forward(X, m.initState(2)).logits, Y), Object.values(m.variables)).grads,
        );
      const [ga, gb] = [grads(ours), grads(theirs)];
      assert.is(ga.length, gb.length);
      ga.forEach((g, i) => assertClose(g, gb[i], `${cell}: gradient ${i}`));
    });
    tf.dispose([X, Y]);
    ours.dispose();
    theirs.dispose();
  }
});

concise('layer "kernels" trains without leaking; it has no bidirectional form, and a bad layer names the argument', async () => {
  const m = d2l.conciseModel({ cell: "gru", vocabSize: corpus.vocabSize, numHiddens: 16, rng: d2l.seed(6), layer: "kernels" });
  const before = tf.memory().numTensors;
  const r = await trainBriefly(m, 3, "random");
  assert.is(r.stopReason, "completed");
  assert.ok(r.history[2].perplexity < r.history[0].perplexity);
  assert.is(tf.memory().numTensors, before);
  m.dispose();
  const base = { cell: "gru", vocabSize: 5, rng: d2l.seed(1) } as const;
  assert.throws(() => d2l.conciseModel({ ...base, layer: "kernels", bidirectional: true }), /layer: "kernels" has no bidirectional form/);
  assert.throws(
    () => d2l.conciseModel({ ...base, layer: "cudnn" as never }),
    /conciseModel: layer: expected "tf.layers" or "kernels", got "cudnn"/,
  );
});

concise.run();
