import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

const predict = suite("predictRnn");
let corpus: d2l.CharCorpus;
predict.before(async () => {
  await d2l.backend({ quiet: true });
  corpus = await d2l.loadDataTinyLyrics();
});

const model = () => d2l.scratchModel({ cell: "gru", vocabSize: corpus.vocabSize, numHiddens: 16, rng: d2l.seed(1) });

predict("returns the prefix and numChars more characters of the vocabulary, greedily the same every time", () => {
  const m = model();
  const a = d2l.predictRnn("分开", 10, { model: m, vocab: corpus });
  assert.is(Array.from(a).length, 12);
  assert.ok(a.startsWith("分开"));
  assert.ok(Array.from(a).every((c) => corpus.charToIdx.has(c)));
  assert.is(d2l.predictRnn("分开", 10, { model: m, vocab: corpus }), a);
  assert.is(d2l.predictRnn("分开", 0, { model: m, vocab: corpus }), "分开");
  m.dispose();
});

predict("feeding the prefix at once gives what the book's one-step loop gives", () => {
  const m = model();
  const text = d2l.predictRnn("不分开", 3, { model: m, vocab: corpus });
  // By hand: step through the prefix, then take the argmax three times.
  const chars = Array.from("不分开");
  let state = m.initState(1);
  let idx = corpus.charToIdx.get(chars[0]) as number;
  const out = [idx];
  for (let t = 0; t < chars.length - 1 + 3; t++) {
    const r = tf.tidy(() => {
      const o = m.forward(tf.tensor2d([[idx]], [1, 1], "int32"), state);
      o.state.forEach((s) => tf.keep(s.H));
      return { next: o.logits.argMax(1).dataSync()[0], state: o.state };
    });
    state = r.state;
    idx = t < chars.length - 1 ? (corpus.charToIdx.get(chars[t + 1]) as number) : r.next;
    out.push(idx);
  }
  assert.is(out.map((i) => corpus.idxToChar[i]).join(""), text);
  m.dispose();
});

predict("temperature sampling is reproducible from the seed, and a tiny temperature is greedy", () => {
  const m = model();
  const warm = (n: number) => d2l.predictRnn("分开", 20, { model: m, vocab: corpus, temperature: 1, rng: d2l.seed(n) });
  assert.is(warm(3), warm(3));
  assert.is.not(warm(3), warm(4));
  assert.is(
    d2l.predictRnn("分开", 8, { model: m, vocab: corpus, temperature: 1e-6, rng: d2l.seed(3) }),
    d2l.predictRnn("分开", 8, { model: m, vocab: corpus }),
  );
  m.dispose();
});

predict("says what is wrong with the prefix, numChars or a missing rng", () => {
  const m = model();
  assert.throws(
    () => d2l.predictRnn("", 3, { model: m, vocab: corpus }),
    /predictRnn: prefix: expected at least one character, got an empty string/,
  );
  assert.throws(
    () => d2l.predictRnn("分X", 3, { model: m, vocab: corpus }),
    /predictRnn: prefix: character "X" at position 1 is not in the vocabulary/,
  );
  assert.throws(() => d2l.predictRnn("分", -1, { model: m, vocab: corpus }), /predictRnn: numChars: expected an integer >= 0, got -1/);
  assert.throws(() => d2l.predictRnn("分", 3, { model: m, vocab: corpus, temperature: 0.5 }), /predictRnn: rng: expected an Rng/);
  m.dispose();
});

predict("a generation call leaves no tensor behind", () => {
  const m = model();
  const before = tf.memory().numTensors;
  d2l.predictRnn("不分开", 15, { model: m, vocab: corpus });
  d2l.predictRnn("分开", 15, { model: m, vocab: corpus, temperature: 0.8, rng: d2l.seed(1) });
  assert.is(tf.memory().numTensors, before);
  m.dispose();
});

predict.run();
