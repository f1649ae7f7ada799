import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { throwsMessage } from "../helpers";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const mySeq = range(30); // the book's my_seq

/** On a corpus 0..N−1 an index is its position, so X[r][0] is where row r starts. */
function checkShifted(batch: d2l.ArrayBatch, numSteps: number, what: string): void {
  batch.X.forEach((row, r) => {
    assert.is(row.length, numSteps, `${what}: X row ${r} length`);
    row.forEach((x, t) => assert.is(x, row[0] + t, `${what}: X row ${r} is a contiguous slice`));
    assert.equal(batch.Y[r], row.map((x) => x + 1), `${what}: Y row ${r} = X row ${r} shifted by one`);
  });
}

/** Disposes every yielded pair and returns the values as arrays. */
async function drain(it: Iterable<[tf.Tensor2D, tf.Tensor2D]>): Promise<{ X: number[][]; Y: number[][]; dtype: string[] }[]> {
  const out = [];
  for (const [X, Y] of it) {
    out.push({ X: (await X.array()) as number[][], Y: (await Y.array()) as number[][], dtype: [X.dtype, Y.dtype] });
    X.dispose();
    Y.dispose();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
const consecutive = suite("dataIterConsecutive");

consecutive.before(async () => {
  await d2l.backend({ quiet: true });
});

consecutive("yields exactly the book's two batches for 0..29, batch 2, 6 steps", async () => {
  // batchLen = 30 / 2 = 15: rows 0..14 and 15..29; (15 − 1) / 6 = 2 batches, at columns 0 and 6.
  const want = [
    { X: [[0, 1, 2, 3, 4, 5], [15, 16, 17, 18, 19, 20]], Y: [[1, 2, 3, 4, 5, 6], [16, 17, 18, 19, 20, 21]] },
    { X: [[6, 7, 8, 9, 10, 11], [21, 22, 23, 24, 25, 26]], Y: [[7, 8, 9, 10, 11, 12], [22, 23, 24, 25, 26, 27]] },
  ];
  assert.equal([...d2l.dataIterConsecutiveArrays(mySeq, 2, 6)], want);
  const tensors = await drain(d2l.dataIterConsecutive(mySeq, 2, 6));
  assert.equal(tensors.map(({ X, Y }) => ({ X, Y })), want);
  assert.equal(tensors[0].dtype, ["int32", "int32"]);
});

consecutive("row b of each batch continues row b of the batch before", () => {
  for (const [len, B, T] of [[100, 3, 5], [97, 4, 7], [50, 1, 10]]) {
    const batches = [...d2l.dataIterConsecutiveArrays(range(len), B, T)];
    assert.is(batches.length, Math.floor((Math.floor(len / B) - 1) / T), `epoch size for ${len}, ${B}, ${T}`);
    batches.forEach((b, i) => {
      checkShifted(b, T, `batch ${i}`);
      if (i > 0) b.X.forEach((row, r) => assert.is(row[0], batches[i - 1].X[r][T - 1] + 1, `batch ${i} row ${r}`));
    });
  }
});

consecutive("needs batchSize * (numSteps + 1) indices: one batch at that length, an error below", () => {
  assert.is([...d2l.dataIterConsecutiveArrays(range(14), 2, 6)].length, 1);
  throwsMessage(
    () => d2l.dataIterConsecutive(range(13), 2, 6),
    "dataIterConsecutive: corpusIndices: expected at least batchSize * (numSteps + 1) = 14 indices for one batch, got 13",
  );
});

consecutive("checks its arguments when called, before any iteration", () => {
  throwsMessage(() => d2l.dataIterConsecutive(mySeq, 2, 0), "dataIterConsecutive: numSteps: expected a positive integer, got 0");
  throwsMessage(() => d2l.dataIterConsecutive(mySeq, 0, 6), "dataIterConsecutive: batchSize: expected a positive integer, got 0");
  throwsMessage(() => d2l.dataIterConsecutive(mySeq, 2.5, 6), "dataIterConsecutive: batchSize: expected a positive integer, got 2.5");
  throwsMessage(
    () => d2l.dataIterConsecutiveArrays([0, 1, -1, 3], 1, 1),
    "dataIterConsecutiveArrays: corpusIndices[2]: expected an integer index in [0, 2^31), got -1",
  );
  throwsMessage(
    () => d2l.dataIterConsecutive("abc" as unknown as number[], 1, 1),
    "dataIterConsecutive: corpusIndices: expected an array of indices, got the string \"abc\"",
  );
});

consecutive("leaves no tensor behind when the consumer disposes each pair", async () => {
  const before = tf.memory().numTensors;
  await drain(d2l.dataIterConsecutive(range(200), 4, 5));
  assert.is(tf.memory().numTensors, before);
});

consecutive.run();

// ---------------------------------------------------------------------------------------------
const random = suite("dataIterRandom");

random.before(async () => {
  await d2l.backend({ quiet: true });
});

random("on the book's example yields 2 batches covering the starts 0, 6, 12, 18 once each", () => {
  // (30 − 1) / 6 = 4 examples, 4 / 2 = 2 batches.
  const batches = [...d2l.dataIterRandomArrays(mySeq, 2, 6, d2l.seed(0))];
  assert.is(batches.length, 2);
  const starts = batches.flatMap((b) => b.X.map((row) => row[0]));
  assert.equal([...starts].sort((a, b) => a - b), [0, 6, 12, 18]);
  batches.forEach((b, i) => checkShifted(b, 6, `batch ${i}`));
});

random("over 200 seeds: rows start at multiples of numSteps, no example twice, only full batches", () => {
  const [len, B, T] = [103, 3, 5]; // (103 − 1) / 5 = 20 examples -> 6 batches of 3, 2 left over
  for (let s = 0; s < 200; s++) {
    const batches = [...d2l.dataIterRandomArrays(range(len), B, T, d2l.seed(s))];
    assert.is(batches.length, 6, `seed ${s}`);
    const starts = batches.flatMap((b) => b.X.map((row) => row[0]));
    assert.is(new Set(starts).size, starts.length, `seed ${s}: an example came twice`);
    for (const x of starts) assert.ok(x % T === 0 && x + T < len, `seed ${s}: start ${x}`);
    batches.forEach((b, i) => {
      assert.is(b.X.length, B);
      checkShifted(b, T, `seed ${s} batch ${i}`);
    });
  }
});

random("the same seed gives the same order; different seeds differ", () => {
  const order = (s: number) => [...d2l.dataIterRandomArrays(range(1000), 4, 5, d2l.seed(s))].flatMap((b) => b.X.map((r) => r[0]));
  const seen = new Set<string>();
  for (let s = 0; s < 50; s++) {
    assert.equal(order(s), order(s), `seed ${s}`);
    seen.add(order(s).join(","));
  }
  assert.is(seen.size, 50);
});

random("shuffles: every example is first in some epoch", () => {
  const rng = d2l.seed(7);
  const firsts = new Set<number>();
  for (let epoch = 0; epoch < 300; epoch++) {
    const [first] = d2l.dataIterRandomArrays(mySeq, 2, 6, rng);
    firsts.add(first.X[0][0]);
  }
  assert.equal([...firsts].sort((a, b) => a - b), [0, 6, 12, 18]);
});

random("the tensor version yields the arrays version's values as int32 [B, T]", async () => {
  const arrays = [...d2l.dataIterRandomArrays(range(200), 4, 7, d2l.seed(3))];
  const tensors = await drain(d2l.dataIterRandom(range(200), 4, 7, d2l.seed(3)));
  assert.equal(tensors.map(({ X, Y }) => ({ X, Y })), arrays);
  for (const t of tensors) assert.equal(t.dtype, ["int32", "int32"]);
});

random("needs batchSize * numSteps + 1 indices: one batch at that length, an error below", () => {
  assert.is([...d2l.dataIterRandomArrays(range(13), 2, 6, d2l.seed(0))].length, 1);
  throwsMessage(
    () => d2l.dataIterRandom(range(12), 2, 6, d2l.seed(0)),
    "dataIterRandom: corpusIndices: expected at least batchSize * numSteps + 1 = 13 indices for one batch, got 12",
  );
});

random("checks its arguments when called, before any iteration", () => {
  throwsMessage(() => d2l.dataIterRandom(mySeq, 2, 0, d2l.seed(0)), "dataIterRandom: numSteps: expected a positive integer, got 0");
  throwsMessage(() => d2l.dataIterRandom(mySeq, -1, 6, d2l.seed(0)), "dataIterRandom: batchSize: expected a positive integer, got -1");
  throwsMessage(() => d2l.dataIterRandomArrays(mySeq, 2, 1.5, d2l.seed(0)), "dataIterRandomArrays: numSteps: expected a positive integer, got 1.5");
  throwsMessage(
    () => d2l.dataIterRandom(mySeq, 2, 6, undefined as unknown as d2l.Rng),
    "dataIterRandom: rng: expected an Rng (e.g. d2l.seed(42)), got undefined",
  );
  throwsMessage(
    () => d2l.dataIterRandom([0, 0.5], 1, 1, d2l.seed(0)),
    "dataIterRandom: corpusIndices[1]: expected an integer index in [0, 2^31), got 0.5",
  );
});

random("draws nothing from the generator until the iteration starts", () => {
  const a = d2l.seed(5);
  d2l.dataIterRandomArrays(mySeq, 2, 6, a);
  assert.is(a.uint32(), d2l.seed(5).uint32());
});

random("leaves no tensor behind when the consumer disposes each pair", async () => {
  const before = tf.memory().numTensors;
  await drain(d2l.dataIterRandom(range(200), 4, 5, d2l.seed(1)));
  assert.is(tf.memory().numTensors, before);
});

random.run();

// ---------------------------------------------------------------------------------------------
const offset = suite("dataIterRandomOffset");

offset.before(async () => {
  await d2l.backend({ quiet: true });
});

offset("each epoch starts all its rows at o + k·numSteps for one offset o in [0, numSteps − 1]", () => {
  const [len, B, T] = [60, 2, 6];
  const offsets = new Set<number>();
  for (let s = 0; s < 200; s++) {
    const batches = [...d2l.dataIterRandomOffsetArrays(range(len), B, T, d2l.seed(s))];
    const starts = batches.flatMap((b) => b.X.map((row) => row[0]));
    const o = starts[0] % T;
    offsets.add(o);
    assert.is(new Set(starts).size, starts.length, `seed ${s}: an example came twice`);
    for (const x of starts) assert.ok(x % T === o && x + T < len, `seed ${s}: start ${x} with offset ${o}`);
    // (60 − o − 1) / 6 examples: 9 for o = 0..5 -> 4 full batches of 2
    assert.is(batches.length, Math.floor(Math.floor((len - o - 1) / T) / B), `seed ${s}`);
    batches.forEach((b, i) => checkShifted(b, T, `seed ${s} batch ${i}`));
  }
  // Upper bound inclusive: every offset 0..5 occurs, and nothing else.
  assert.equal([...offsets].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5]);
});

offset("the same seed gives the same epoch; the tensor version matches the arrays version", async () => {
  const a = [...d2l.dataIterRandomOffsetArrays(range(100), 3, 4, d2l.seed(9))];
  assert.equal([...d2l.dataIterRandomOffsetArrays(range(100), 3, 4, d2l.seed(9))], a);
  const t = await drain(d2l.dataIterRandomOffset(range(100), 3, 4, d2l.seed(9)));
  assert.equal(t.map(({ X, Y }) => ({ X, Y })), a);
  assert.equal(t[0].dtype, ["int32", "int32"]);
});

offset("needs (batchSize + 1) * numSteps indices, so every offset gives a batch", () => {
  for (let s = 0; s < 50; s++) {
    assert.ok([...d2l.dataIterRandomOffsetArrays(range(18), 2, 6, d2l.seed(s))].length >= 1, `seed ${s}`);
  }
  throwsMessage(
    () => d2l.dataIterRandomOffset(range(17), 2, 6, d2l.seed(0)),
    "dataIterRandomOffset: corpusIndices: expected at least (batchSize + 1) * numSteps = 18 indices for one batch at every offset, got 17",
  );
  throwsMessage(() => d2l.dataIterRandomOffset(mySeq, 2, 0, d2l.seed(0)), "dataIterRandomOffset: numSteps: expected a positive integer, got 0");
  throwsMessage(() => d2l.dataIterRandomOffsetArrays(mySeq, 0, 6, d2l.seed(0)), "dataIterRandomOffsetArrays: batchSize: expected a positive integer, got 0");
  throwsMessage(
    () => d2l.dataIterRandomOffset(mySeq, 2, 6, {} as d2l.Rng),
    "dataIterRandomOffset: rng: expected an Rng (e.g. d2l.seed(42)), got an object",
  );
});

offset.run();
