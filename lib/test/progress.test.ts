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
  assert.throws(() => d2l.trainingProgress({ numEpochs: 0, batchSize: 2, numSteps: 5 }), /trainingProgress: options\.numEpochs: expected a positive integer, got 0/);
  assert.throws(() => d2l.trainingProgress({ numEpochs: 1, batchSize: 2.5, numSteps: 5 }), /options\.batchSize/);
});

test.run();
