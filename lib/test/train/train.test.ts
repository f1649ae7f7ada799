import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// Small sizes on the tiny corpus: the full-size runs belong to `npm run quality`.
const SMALL = { numHiddens: 32, numSteps: 8, batchSize: 4, lr: 1, theta: 1, predLen: 5, quiet: true } as const;

const train = suite("trainAndPredictRnn");
let corpus: d2l.CharCorpus;
train.before(async () => {
  await d2l.backend({ quiet: true });
  corpus = await d2l.loadDataTinyLyrics();
});

const model = (cell: d2l.CellName, seed = 1) =>
  d2l.scratchModel({ cell, vocabSize: corpus.vocabSize, numHiddens: SMALL.numHiddens, rng: d2l.seed(seed) });

train("a short seeded run lowers the perplexity, for each cell and both samplers", async () => {
  for (const [cell, sampling] of [
    ["rnn", "random"],
    ["rnn", "consecutive"],
    ["gru", "random"],
    ["lstm", "consecutive"],
  ] as const) {
    const m = model(cell);
    const r = await d2l.trainAndPredictRnn({ ...SMALL, model: m, corpus, numEpochs: 8, predPeriod: 4, sampling });
    assert.is(r.stopReason, "completed");
    assert.is(r.history.length, 8);
    const [first, last] = [r.history[0], r.history[7]];
    assert.ok(last.perplexity < 0.8 * first.perplexity, `${cell} ${sampling}: ${first.perplexity} → ${last.perplexity}`);
    assert.ok(first.perplexity < corpus.vocabSize * 1.2, "starts near V");
    assert.is(r.samples.length, 4, "two prefixes at epochs 4 and 8");
    m.dispose();
  }
});

train("the same seed gives the same history", async () => {
  const run = async () => {
    const m = model("rnn", 5);
    const r = await d2l.trainAndPredictRnn({ ...SMALL, model: m, corpus, numEpochs: 2, predPeriod: 2, seed: 9 });
    m.dispose();
    return r.history.map((h) => h.meanLoss);
  };
  assert.equal(await run(), await run());
});

train("prints like the book every predPeriod epochs", async () => {
  const lines: string[] = [];
  const m = model("rnn");
  await d2l.trainAndPredictRnn({ ...SMALL, quiet: false, log: (l) => lines.push(l), model: m, corpus, numEpochs: 2, predPeriod: 2 });
  assert.is(lines.length, 3);
  assert.match(lines[0], /^epoch 2, perplexity \d+\.\d{6}, time \d+\.\d{2} sec$/);
  assert.match(lines[1], /^ - 分开/);
  assert.match(lines[2], /^ - 不分开/);
  m.dispose();
});

train("clipping keeps every update at norm θ; turning it off lets the norm through", async () => {
  const m = model("rnn");
  const on = await d2l.trainAndPredictRnn({ ...SMALL, model: m, corpus, numEpochs: 1, theta: 1e-3 });
  assert.ok(on.history[0].gradNorm > 1e-3, "the raw norm is reported, before clipping");
  const off = await d2l.trainAndPredictRnn({ ...SMALL, model: m, corpus, numEpochs: 1, clipping: false });
  assert.is(off.stopReason, "completed");
  m.dispose();
});

train("consecutive sampling without detaching back-propagates through the epoch and still learns", async () => {
  const run = async (detachState: boolean) => {
    const m = model("gru", 3);
    const r = await d2l.trainAndPredictRnn({
      ...SMALL,
      model: m,
      corpus,
      numEpochs: 3,
      predPeriod: 3,
      sampling: "consecutive",
      detachState,
    });
    m.dispose();
    return r.history.map((h) => h.meanLoss);
  };
  const [cut, through] = [await run(true), await run(false)];
  assert.is(cut[0] === through[0], false, "the gradients differ after the first batch");
  assert.ok(through[2] < through[0]);
});

train("stops on a non-finite loss with a message that says what to do", async () => {
  const m = model("rnn");
  m.variables.W_hq.assign(tf.fill(m.variables.W_hq.shape as [number, number], NaN));
  const r = await d2l.trainAndPredictRnn({ ...SMALL, model: m, corpus, numEpochs: 5, clipping: false });
  assert.is(r.stopReason, "non-finite");
  assert.is(r.history.length, 0);
  assert.match(r.message ?? "", /trainAndPredictRnn: epoch 1, batch 1: the loss is NaN .* turn clipping on or lower lr/);
  m.dispose();
});

train("an aborted signal or a spent time budget stops the run between batches", async () => {
  const m = model("rnn");
  const controller = new AbortController();
  const aborted = await d2l.trainAndPredictRnn({
    ...SMALL,
    model: m,
    corpus,
    numEpochs: 100,
    signal: controller.signal,
    onProgress: (record) => record.epoch === 2 && controller.abort(),
  });
  assert.is(aborted.stopReason, "aborted");
  assert.is(aborted.history.length, 2);
  const timed = await d2l.trainAndPredictRnn({ ...SMALL, model: m, corpus, numEpochs: 1000, timeBudgetSeconds: 1e-3 });
  assert.is(timed.stopReason, "time-budget");
  assert.ok(timed.history.length < 1000);
  m.dispose();
});

train("reports progress after every epoch", async () => {
  const m = model("lstm");
  const epochs: number[] = [];
  await d2l.trainAndPredictRnn({ ...SMALL, model: m, corpus, numEpochs: 3, predPeriod: 10, onProgress: (r) => epochs.push(r.epoch) });
  assert.equal(epochs, [1, 2, 3]);
  m.dispose();
});

train("refuses a corpus whose vocabulary is not the model's", async () => {
  const m = d2l.scratchModel({ cell: "rnn", vocabSize: 5, numHiddens: 4, rng: d2l.seed(1) });
  await d2l.trainAndPredictRnn({ ...SMALL, model: m, corpus }).then(
    () => assert.unreachable(),
    (err) => assert.match(String(err), /trainAndPredictRnn: corpus.vocabSize: expected 5 \(the model's V\), got \d+/),
  );
  m.dispose();
});

train("names the corpus argument and shows what was given", async () => {
  const m = d2l.scratchModel({ cell: "rnn", vocabSize: 5, numHiddens: 4, rng: d2l.seed(1) });
  for (const [given, shown] of [
    [{}, "an empty object {}"],
    [{ text: "x", vocab: 1 }, "an object with keys {text, vocab}"],
    [undefined, "undefined"],
  ] as const) {
    await d2l.trainAndPredictRnn({ ...SMALL, model: m, corpus: given as never }).then(
      () => assert.unreachable(),
      (err) =>
        assert.is(
          (err as Error).message,
          `trainAndPredictRnn: corpus: expected {corpusIndices, charToIdx, idxToChar, vocabSize} (d2l.loadDataJayLyrics() gives one), got ${shown}`,
        ),
    );
  }
  m.dispose();
});

train("an epoch of training (either sampler, with or without detaching) leaves no tensor behind", async () => {
  const m = model("lstm");
  const before = tf.memory().numTensors;
  for (const [sampling, detachState] of [
    ["random", true],
    ["consecutive", true],
    ["consecutive", false],
  ] as const) {
    await d2l.trainAndPredictRnn({ ...SMALL, model: m, corpus, numEpochs: 1, predPeriod: 1, sampling, detachState });
    assert.is(tf.memory().numTensors, before, `${sampling}, detach ${detachState}`);
  }
  m.dispose();
});

train.run();
