import { test } from "uvu";
import * as assert from "uvu/assert";
import * as d2l from "d2lzh";

const record = (epoch: number, seconds: number, perplexity = 12.3456): d2l.EpochRecord => ({
  epoch,
  perplexity,
  meanLoss: Math.log(perplexity),
  gradNorm: 1,
  seconds,
  batches: 8,
});

function recorder() {
  const lines: string[] = [];
  let finished = 0;
  return { lines, finished: () => finished, line: { update: (t: string) => lines.push(t), done: () => void finished++ } };
}

test("formatDuration writes seconds, minutes and hours in Chinese", () => {
  assert.is(d2l.formatDuration(8.4), "8 秒");
  assert.is(d2l.formatDuration(125), "2 分 05 秒");
  assert.is(d2l.formatDuration(3780), "1 小时 03 分");
  assert.is(d2l.formatDuration(NaN), "?");
});

test("progressText shows epoch, perplexity, characters per second and the time left", () => {
  // 8 batches · 32 · 35 = 8,960 characters in 2 s → 4,480 per second; 2 epochs in 4 s → 2 s each, 8 left → 16 s.
  const text = d2l.progressText({ numEpochs: 10, batchSize: 32, numSteps: 35, label: "RNN" }, record(2, 2), 4);
  assert.is(text, "[RNN] epoch 2/10  ·  困惑度 12.35  ·  4,480 字符/秒  ·  已用 4 秒  ·  约剩 16 秒");
});

test("progressText says 完成 on the last epoch and shows a non-finite perplexity as it is", () => {
  const text = d2l.progressText({ numEpochs: 3, batchSize: 1, numSteps: 1 }, record(3, 1, Infinity), 3);
  assert.is(text, "epoch 3/3  ·  困惑度 Infinity  ·  8 字符/秒  ·  已用 3 秒  ·  完成");
});

test("trainingProgress updates one line per epoch with the summed epoch times and finishes it", () => {
  const r = recorder();
  const progress = d2l.trainingProgress({ numEpochs: 4, batchSize: 2, numSteps: 5, line: r.line });
  progress.onProgress(record(1, 1.5));
  progress.onProgress(record(2, 2.5));
  progress.done();
  assert.is(r.lines.length, 2);
  assert.match(r.lines[1], "epoch 2/4");
  assert.match(r.lines[1], "已用 4 秒", "1.5 + 2.5 seconds");
  assert.match(r.lines[1], "约剩 4 秒", "2 s per epoch, 2 epochs left");
  assert.is(r.finished(), 1);
});

test("trainingProgress names a size that is not a positive integer", () => {
  assert.throws(
    () => d2l.trainingProgress({ numEpochs: 0, batchSize: 2, numSteps: 5 }),
    /trainingProgress: options\.numEpochs: expected a positive integer, got 0/,
  );
  assert.throws(() => d2l.trainingProgress({ numEpochs: 1, batchSize: 2.5, numSteps: 5 }), /options\.batchSize/);
});

test("trainWithProgress trains with the given options, shows one line per epoch and still calls onProgress", async () => {
  await d2l.backend();
  const corpus = await d2l.loadDataTinyLyrics();
  const model = d2l.scratchModel({ cell: "rnn", vocabSize: corpus.vocabSize, numHiddens: 8, rng: d2l.seed(3) });
  const r = recorder();
  const seen: number[] = [];
  try {
    const result = await d2l.trainWithProgress({
      model,
      corpus,
      numEpochs: 2,
      batchSize: 2,
      numSteps: 5,
      quiet: true,
      label: "tiny",
      line: r.line,
      onProgress: (rec) => seen.push(rec.epoch),
    });
    assert.is(result.stopReason, "completed");
    assert.is(result.history.length, 2);
    assert.equal(seen, [1, 2]);
    assert.is(r.lines.length, 2);
    assert.match(r.lines[0], /^\[tiny\] epoch 1\/2/);
    assert.match(r.lines[1], "完成");
    assert.is(r.finished(), 1);
  } finally {
    model.dispose();
  }
});

test("trainWithProgress rejects a config field it does not know before training", async () => {
  const corpus = await d2l.loadDataTinyLyrics();
  const model = d2l.scratchModel({ cell: "rnn", vocabSize: corpus.vocabSize, numHiddens: 4, rng: d2l.seed(3) });
  try {
    const bad = { model, corpus, epochs: 3 } as unknown as Parameters<typeof d2l.trainWithProgress>[0];
    await d2l.trainWithProgress(bad).then(
      () => assert.unreachable("should have thrown"),
      (e: Error) => assert.match(e.message, /trainConfig: epochs: not a config field/),
    );
  } finally {
    model.dispose();
  }
});

test.run();
