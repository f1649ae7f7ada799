import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assertClose } from "../cell-support";
import * as path from "node:path";

// ParallelGradients is internal (not in d2lzh's index): the package's own built file, which starts
// its worker from parallel-worker.js beside it.
const { CTRL, ParallelGradients } = require(
  path.join(path.dirname(require.resolve("d2lzh")), "train", "parallel.js"),
) as typeof import("../../src/train/parallel");

// workers: 2 splits each batch with a worker thread; the gradients and the training run must be the
// single thread's, up to the order of floating-point additions.

const parallel = suite("trainAndPredictRnn with workers: 2");
parallel.before(async () => {
  await d2l.backend({ quiet: true });
});

const corpus = () => {
  const idxToChar = Array.from("abcdefgh");
  const text = "abcabdacbdefgahbcdeafghbadcfehgabcdefgh".repeat(4);
  const charToIdx = new Map(idxToChar.map((c, i) => [c, i]));
  return { corpusIndices: Array.from(text, (c) => charToIdx.get(c) as number), charToIdx, idxToChar, vocabSize: idxToChar.length };
};

parallel("trains to the single thread's perplexities, for every cell", async () => {
  for (const cell of ["rnn", "gru", "lstm"] as const) {
    const run = async (workers: number) => {
      const model = d2l.scratchModel({ cell, vocabSize: 8, numHiddens: 6, rng: d2l.seed(3) });
      const result = await d2l.trainAndPredictRnn({
        model,
        corpus: corpus(),
        numEpochs: 3,
        numSteps: 5,
        batchSize: 5,
        lr: 1,
        theta: 1,
        quiet: true,
        workers,
      });
      const weights = Object.fromEntries(Object.entries(model.variables).map(([k, v]) => [k, Float32Array.from(v.dataSync())]));
      model.dispose();
      return { perplexities: result.history.map((r) => r.perplexity), weights };
    };
    const one = await run(1);
    const two = await run(2);
    assertClose(two.perplexities, one.perplexities, `${cell}: perplexities`, 1e-5, 1e-5);
    for (const k of Object.keys(one.weights)) assertClose(two.weights[k], one.weights[k], `${cell}: ${k} after training`, 1e-5, 1e-4);
  }
});

parallel("a batch of one row is the calling thread's alone, with the single thread's numbers", async () => {
  const run = async (workers: number) => {
    const model = d2l.scratchModel({ cell: "gru", vocabSize: 8, numHiddens: 5, rng: d2l.seed(6) });
    const result = await d2l.trainAndPredictRnn({
      model,
      corpus: corpus(),
      numEpochs: 2,
      numSteps: 4,
      batchSize: 1,
      lr: 1,
      theta: 1,
      quiet: true,
      workers,
    });
    model.dispose();
    return result.history.map((r) => r.perplexity);
  };
  assert.equal(await run(2), await run(1));
});

parallel("a part that throws on this thread returns only once the worker's part is done", async () => {
  // The next batch writes the shared parameters and tokens: a worker still on the failed batch's
  // part would read them half written.
  const model = d2l.scratchModel({ cell: "gru", vocabSize: 8, numHiddens: 32, rng: d2l.seed(7) });
  const [B, T] = [8, 6];
  const p = new ParallelGradients(model, model.spec, T, B);
  try {
    const tokens = corpus().corpusIndices;
    const X = tf.tensor2d(tokens.slice(0, B * T), [B, T], "int32");
    const Y = tf.tensor2d(tokens.slice(1, B * T + 1), [B, T], "int32");
    const lossOf = (x: tf.Tensor2D, y: tf.Tensor2D) =>
      d2l.softmaxCrossEntropy(model.forward(x, model.initState(x.shape[0])).logits, tf.reshape(tf.transpose(y), [-1]) as tf.Tensor1D);
    const ctrl = (p as unknown as { ctrl: Int32Array }).ctrl;
    for (let round = 0; round < 3; round++) {
      assert.throws(
        () =>
          p.compute(X, Y, () => {
            throw new Error("this thread's part failed");
          }),
        /this thread's part failed/,
      );
      assert.is(Atomics.load(ctrl, CTRL.done), Atomics.load(ctrl, CTRL.job), "the worker's part was finished when compute threw");
    }
    // And the pair still gives the whole batch's gradient.
    const { value, grads } = tf.tidy(() => p.compute(X, Y, lossOf));
    const whole = tf.variableGrads(() => lossOf(X, Y), Object.values(model.variables));
    assertClose([value], [whole.value.dataSync()[0]], "loss", 1e-5, 1e-5);
    for (const v of Object.values(model.variables))
      assertClose(grads[v.name].dataSync(), whole.grads[v.name].dataSync(), v.name, 1e-5, 1e-4);
    tf.dispose([X, Y, whole.value, Object.values(whole.grads), Object.values(grads)]);
  } finally {
    p.terminate();
    model.dispose();
  }
});

parallel("leaves no tensor behind", async () => {
  const model = d2l.scratchModel({ cell: "gru", vocabSize: 8, numHiddens: 4, rng: d2l.seed(4) });
  const before = tf.memory().numTensors;
  await d2l.trainAndPredictRnn({ model, corpus: corpus(), numEpochs: 2, numSteps: 4, batchSize: 4, quiet: true, workers: 2 });
  assert.is(tf.memory().numTensors, before);
  model.dispose();
});

parallel("refuses models and samplings it cannot split, and more than two threads", async () => {
  const concise = d2l.conciseModel({ cell: "rnn", vocabSize: 8, numHiddens: 4, rng: d2l.seed(5) });
  let err: unknown;
  try {
    await d2l.trainAndPredictRnn({ model: concise, corpus: corpus(), numEpochs: 1, numSteps: 4, batchSize: 4, quiet: true, workers: 2 });
  } catch (e) {
    err = e;
  }
  assert.match(String(err), /workers: 2 needs a scratchModel/);
  concise.dispose();
  const scratch = d2l.scratchModel({ cell: "rnn", vocabSize: 8, numHiddens: 4, rng: d2l.seed(5) });
  err = undefined;
  try {
    await d2l.trainAndPredictRnn({
      model: scratch,
      corpus: corpus(),
      numEpochs: 1,
      numSteps: 4,
      batchSize: 4,
      quiet: true,
      workers: 2,
      sampling: "consecutive",
    });
  } catch (e) {
    err = e;
  }
  assert.match(String(err), /workers: 2 needs random sampling/);
  scratch.dispose();
  assert.throws(() => d2l.trainConfig({ workers: 3 }), /trainConfig: workers: expected 1 or 2, got 3/);
});

parallel.run();
