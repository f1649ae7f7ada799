import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as d2l from "d2lzh";
import { throwsMessage } from "../helpers";

// ---------------------------------------------------------------------------------------------
const splitSentences = suite("splitSentences");

splitSentences("cuts after each end index, keeps it, and keeps an unterminated tail", () => {
  // 0 ends a sentence: [1 2 0] [3 0] [4 5].
  assert.equal(d2l.splitSentences([1, 2, 0, 3, 0, 4, 5], [0]), [[1, 2, 0], [3, 0], [4, 5]]);
  assert.equal(d2l.splitSentences([1, 0], new Set([0])), [[1, 0]]);
  assert.equal(d2l.splitSentences([], [0]), []);
});

splitSentences("loses and reorders nothing", () => {
  const corpus = [5, 1, 0, 0, 2, 9, 0, 3];
  assert.equal(d2l.splitSentences(corpus, [0, 9]).flat(), corpus);
});

splitSentences("refuses a bad index by position", () => {
  throwsMessage(
    () => d2l.splitSentences([1, -2], [0]),
    "splitSentences: corpusIndices[1]: expected an integer index in [0, 2^31), got -2",
  );
});

splitSentences.run();

// ---------------------------------------------------------------------------------------------
const sentenceBatches = suite("sentenceBatches");

const hand = [[1, 2, 0], [3, 0], [4, 5, 6, 7, 0], [8]];

sentenceBatches("pads whole sentences to numSteps with the pad index, with valid lengths and a mask", () => {
  // numSteps 3: a sentence fits with 2..4 tokens. [1 2 0] -> X 1 2, Y 2 0 (2 steps); [3 0] -> X 3,
  // Y 0 (1 step); [4 5 6 7 0] has 5 tokens: too long; [8] has nothing to predict: too short.
  const r = d2l.sentenceBatches(hand, { batchSize: 2, numSteps: 3, padIndex: 9 });
  assert.equal(r.batches, [
    {
      X: [[1, 2, 9], [3, 9, 9]],
      Y: [[2, 0, 9], [0, 9, 9]],
      validLens: [2, 1],
      mask: [[1, 1, 0], [1, 0, 0]],
      sentenceIds: [0, 1],
    },
  ]);
  assert.equal(r.tooLong, [2]);
  assert.equal(r.tooShort, [3]);
  assert.equal(r.leftOver, []);
});

sentenceBatches("never splits a sentence: a long one is an error when asked", () => {
  throwsMessage(
    () => d2l.sentenceBatches(hand, { batchSize: 2, numSteps: 3, padIndex: 9, tooLong: "error" }),
    'sentenceBatches: sentences[2]: expected at most numSteps + 1 = 4 tokens (sentences are never split; raise numSteps or use tooLong: "drop"), got 5',
  );
  // numSteps 4 makes it fit exactly, with no padding.
  const r = d2l.sentenceBatches(hand, { batchSize: 3, numSteps: 4, padIndex: 9, tooLong: "error" });
  assert.equal(r.batches[0].X[2], [4, 5, 6, 7]);
  assert.equal(r.batches[0].Y[2], [5, 6, 7, 0]);
});

sentenceBatches("keeps only full batches unless lastBatch is keep", () => {
  const sentences = [[1, 2], [3, 4], [5, 6]];
  const dropped = d2l.sentenceBatches(sentences, { batchSize: 2, numSteps: 2, padIndex: 0 });
  assert.is(dropped.batches.length, 1);
  assert.equal(dropped.leftOver, [2]);
  const kept = d2l.sentenceBatches(sentences, { batchSize: 2, numSteps: 2, padIndex: 0, lastBatch: "keep" });
  assert.equal(kept.batches.map((b) => b.sentenceIds), [[0, 1], [2]]);
  assert.equal(kept.leftOver, []);
});

sentenceBatches("over 100 seeds on the tiny lyrics: every line once, rows rebuild their line", async () => {
  const c = await d2l.loadDataTinyLyrics();
  const lines = d2l.splitSentences(c.corpusIndices, [c.charToIdx.get(" ")!]);
  const [B, T, pad] = [4, 12, c.vocabSize];
  for (let s = 0; s < 100; s++) {
    const r = d2l.sentenceBatches(lines, { batchSize: B, numSteps: T, padIndex: pad, rng: d2l.seed(s) });
    const used = r.batches.flatMap((b) => b.sentenceIds);
    const all = [...used, ...r.tooLong, ...r.tooShort, ...r.leftOver].sort((a, b) => a - b);
    assert.equal(all, lines.map((_, i) => i), `seed ${s}: each sentence accounted for once`);
    for (const b of r.batches) {
      assert.is(b.X.length, B);
      b.sentenceIds.forEach((id, row) => {
        const v = b.validLens[row];
        assert.equal([...b.X[row].slice(0, v), b.Y[row][v - 1]], lines[id], `seed ${s}: sentence ${id}`);
        assert.equal(b.X[row].slice(0, v).slice(1), b.Y[row].slice(0, v - 1), "Y = X shifted by one");
        assert.ok(b.X[row].slice(v).every((x) => x === pad) && b.Y[row].slice(v).every((y) => y === pad));
        assert.equal(b.mask[row], b.X[row].map((_, t) => (t < v ? 1 : 0)));
      });
    }
    if (s === 0) assert.ok(r.batches.length >= 2, "the tiny corpus gives several batches");
  }
  const order = (s: number) => d2l.sentenceBatches(lines, { batchSize: B, numSteps: T, padIndex: pad, rng: d2l.seed(s) }).batches.flatMap((b) => b.sentenceIds);
  assert.equal(order(1), order(1));
  assert.not.equal(order(1), order(2));
});

sentenceBatches("refuses bad options and too few sentences, naming them", () => {
  const ok = { batchSize: 1, numSteps: 3, padIndex: 9 };
  throwsMessage(() => d2l.sentenceBatches(hand, { ...ok, batchSize: 0 }), "sentenceBatches: options.batchSize: expected a positive integer, got 0");
  throwsMessage(() => d2l.sentenceBatches(hand, { ...ok, numSteps: 1.5 }), "sentenceBatches: options.numSteps: expected a positive integer, got 1.5");
  throwsMessage(() => d2l.sentenceBatches(hand, { ...ok, padIndex: -1 }), "sentenceBatches: options.padIndex: expected an integer index in [0, 2^31), got -1");
  throwsMessage(
    () => d2l.sentenceBatches(hand, { ...ok, tooLong: "cut" as "drop" }),
    'sentenceBatches: options.tooLong: expected one of "drop", "error", got "cut"',
  );
  throwsMessage(
    () => d2l.sentenceBatches(hand, { ...ok, batchSize: 3 }),
    "sentenceBatches: sentences: expected at least batchSize = 3 sentences of 2 to numSteps + 1 = 4 tokens, got 2",
  );
  throwsMessage(
    () => d2l.sentenceBatches([[1, 2], [3, 1.5]], ok),
    "sentenceBatches: sentences[1][1]: expected an integer index in [0, 2^31), got 1.5",
  );
});

sentenceBatches.run();
