import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as d2l from "d2lzh";
import { throwsMessage } from "../helpers";

function close(got: number, want: number, what: string, tol = 1e-12): void {
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `${what}: expected ${want}, got ${got}`);
}

// The running example: 6 words, V = 5 (the cat sat on mat); "the" twice, everything else once.
const words = d2l.tokenizeWords("the cat sat on the mat");

// ---------------------------------------------------------------------------------------------
const ngramModel = suite("ngramModel");

ngramModel("stores the counts of every order 1..n and the context counts", () => {
  const m = d2l.ngramModel(words, 2);
  assert.is(m.n, 2);
  assert.is(m.unit, "word");
  assert.is(m.numTokens, 6);
  assert.equal(m.vocabulary, ["the", "cat", "sat", "on", "mat"]);
  assert.is(m.vocabSize, 5);
  assert.is(m.counts.length, 2);
  assert.is(m.counts[0].get("the"), 2);
  assert.is(m.counts[1].get("on the"), 1);
  // "the" occurs twice, and is followed by a word both times; "mat" ends the text: never followed.
  assert.is(m.contextCounts[1].get("the"), 2);
  assert.is(m.contextCounts[1].get("mat"), undefined);
  assert.is(m.contextCounts[0].get(""), 6);
  assert.is(d2l.ngramModel("abc", 3).unit, "char");
});

ngramModel("refuses a bad order, empty tokens, bad smoothing or a too small vocabSize", () => {
  throwsMessage(() => d2l.ngramModel(words, 0), "ngramModel: n: expected an integer >= 1, got 0");
  throwsMessage(() => d2l.ngramModel("", 2), "ngramModel: tokens: expected at least one token, got none");
  throwsMessage(
    () => d2l.ngramModel(words, 2, { smoothing: -1 }),
    "ngramModel: options.smoothing: expected a finite number >= 0, got -1",
  );
  throwsMessage(
    () => d2l.ngramModel(words, 2, { vocabSize: 4 }),
    "ngramModel: options.vocabSize: expected an integer >= 5 (the distinct training tokens), got 4",
  );
});

ngramModel.run();

// ---------------------------------------------------------------------------------------------
const conditionalProb = suite("conditionalProb");

conditionalProb("is the book's count ratio n(w1, w2) / n(w1·)", () => {
  const m = d2l.ngramModel(words, 2);
  // P(cat | the) = n(the cat) / n(the·) = 1 / 2; P(sat | cat) = 1 / 1; P(the) = 2 / 6.
  close(d2l.conditionalProb(m, ["the"], "cat"), 1 / 2, "P(cat | the)");
  close(d2l.conditionalProb(m, ["cat"], "sat"), 1, "P(sat | cat)");
  close(d2l.conditionalProb(m, [], "the"), 2 / 6, "P(the)");
  close(d2l.conditionalProb(m, ["cat"], "the"), 0, "P(the | cat)");
});

conditionalProb("divides by the times the context is followed by a token, not by n(w1)", () => {
  // "abab": n(b) = 2 but "b" is followed by a token once (by "a"), so P(a | b) = 1 (the book's
  // n(ba) / n(b) would give 1/2 and the continuations of "b" would not sum to one).
  const m = d2l.ngramModel("abab", 2);
  close(d2l.conditionalProb(m, "b", "a"), 1, "P(a | b)");
  close(d2l.conditionalProb(m, "a", "b"), 1, "P(b | a)");
});

conditionalProb("uses only the last n − 1 tokens of a longer context", () => {
  const m = d2l.ngramModel(words, 2);
  assert.is(d2l.conditionalProb(m, ["on", "the", "cat"], "sat"), d2l.conditionalProb(m, ["cat"], "sat"));
});

conditionalProb("with add-α smoothing is (n(c, w) + α) / (n(c·) + α V)", () => {
  const m = d2l.ngramModel(words, 2, { smoothing: 1 });
  // P(the | cat) = (0 + 1) / (1 + 5); P(the) = (2 + 1) / (6 + 5); unseen context: 1 / V.
  close(d2l.conditionalProb(m, ["cat"], "the"), 1 / 6, "P(the | cat)");
  close(d2l.conditionalProb(m, [], "the"), 3 / 11, "P(the)");
  close(d2l.conditionalProb(m, ["dog"], "the"), 1 / 5, "P(the | dog)");
});

conditionalProb("refuses a token that is not one unit of the model", () => {
  throwsMessage(
    () => d2l.conditionalProb(d2l.ngramModel("abab", 2), "a", "ab"),
    'conditionalProb: token: expected one character (the model counts characters), got "ab"',
  );
  throwsMessage(
    () => d2l.conditionalProb(d2l.ngramModel(words, 2), "the", "cat"),
    'conditionalProb: context: expected an array of words (the model counts words), got the string "the"',
  );
  throwsMessage(
    () => d2l.conditionalProb(d2l.ngramModel(words, 2), ["the"], "a cat"),
    'conditionalProb: token: expected a word without spaces, got "a cat"',
  );
});

conditionalProb.run();

// ---------------------------------------------------------------------------------------------
const nextTokenProbs = suite("nextTokenProbs");

nextTokenProbs("probabilities of all continuations of every seen context sum to one, orders 1..4", async () => {
  const c = await d2l.loadDataTinyLyrics();
  const chars = Array.from(c.corpusChars);
  for (const n of [1, 2, 3, 4]) {
    for (const smoothing of [0, 1, 0.5]) {
      const m = d2l.ngramModel(c.corpusChars, n, { smoothing });
      for (let t = n - 1; t < chars.length; t += 7) {
        const probs = d2l.nextTokenProbs(m, chars.slice(t - (n - 1), t));
        assert.is(probs.size, m.vocabulary.length);
        const sum = [...probs.values()].reduce((a, b) => a + b, 0);
        close(sum, 1, `n = ${n}, α = ${smoothing}, context at ${t}`, 1e-9);
      }
    }
  }
});

nextTokenProbs("gives an unseen context 0 everywhere without smoothing and 1 / V with it", () => {
  const plain = d2l.nextTokenProbs(d2l.ngramModel(words, 2), ["dog"]);
  assert.equal([...plain.values()], [0, 0, 0, 0, 0]);
  const smooth = d2l.nextTokenProbs(d2l.ngramModel(words, 2, { smoothing: 1 }), ["dog"]);
  assert.equal([...smooth.values()], [0.2, 0.2, 0.2, 0.2, 0.2]);
});

nextTokenProbs.run();

// ---------------------------------------------------------------------------------------------
const sequenceLogProb = suite("sequenceLogProb");

sequenceLogProb("multiplies P(w1) P(w2 | w1) … with shorter contexts for the first tokens", () => {
  // unigram:  P(on, the) = 1/6 · 2/6 = 1/18.
  close(d2l.sequenceLogProb(d2l.ngramModel(words, 1), ["on", "the"]), Math.log(1 / 18), "unigram");
  // bigram:   P(the cat sat) = P(the) P(cat | the) P(sat | cat) = 2/6 · 1/2 · 1 = 1/6.
  close(d2l.sequenceLogProb(d2l.ngramModel(words, 2), ["the", "cat", "sat"]), Math.log(1 / 6), "bigram");
  // trigram:  P(the cat sat on) = 2/6 · 1/2 · P(sat | the cat) · P(on | cat sat) = 1/6 · 1 · 1.
  close(d2l.sequenceLogProb(d2l.ngramModel(words, 3), ["the", "cat", "sat", "on"]), Math.log(1 / 6), "trigram");
  // 4-gram on characters: "abab" itself, P = P(a) P(b | a) P(a | ab) P(b | aba) = 2/4 · 1 · 1 · 1.
  close(d2l.sequenceLogProb(d2l.ngramModel("abab", 4), "abab"), Math.log(1 / 2), "4-gram");
  assert.is(d2l.sequenceLogProb(d2l.ngramModel(words, 2), []), 0);
});

sequenceLogProb("is −Infinity for an unseen n-gram, finite once smoothed", () => {
  // "cat the" never occurs: P(the | cat) = 0. With α = 1: P(cat) P(the | cat) = 2/11 · 1/6 = 1/33.
  assert.is(d2l.sequenceLogProb(d2l.ngramModel(words, 2), ["cat", "the"]), -Infinity);
  close(d2l.sequenceLogProb(d2l.ngramModel(words, 2, { smoothing: 1 }), ["cat", "the"]), Math.log(1 / 33), "smoothed");
});

sequenceLogProb("does not underflow where the plain probability does", async () => {
  const c = await d2l.loadDataTinyLyrics();
  const m = d2l.ngramModel(c.corpusChars, 1);
  const text = c.corpusChars.repeat(5);
  const logP = d2l.sequenceLogProb(m, text);
  assert.ok(Number.isFinite(logP) && logP < -1000, `log P = ${logP}`);
  assert.is(d2l.sequenceProb(m, text), 0);
  close(d2l.sequenceProb(m, "我"), Math.exp(d2l.sequenceLogProb(m, "我")), "exp of the log");
});

sequenceLogProb("takes a string or single characters for a character model, and says so otherwise", () => {
  const m = d2l.ngramModel("abab", 2);
  assert.is(d2l.sequenceLogProb(m, ["a", "b"]), d2l.sequenceLogProb(m, "ab"));
  throwsMessage(
    () => d2l.sequenceLogProb(m, ["a", "bc"]),
    'sequenceLogProb: tokens[1]: expected one character (the model counts characters), got "bc"',
  );
});

sequenceLogProb.run();

// ---------------------------------------------------------------------------------------------
const ngramPerplexity = suite("ngramPerplexity");

ngramPerplexity("is exp of the mean negative log-probability per token", () => {
  // bigram P(the cat sat) = 1/6 over 3 tokens -> 6^(1/3).
  close(d2l.ngramPerplexity(d2l.ngramModel(words, 2), ["the", "cat", "sat"]), Math.cbrt(6), "bigram");
  assert.is(d2l.ngramPerplexity(d2l.ngramModel(words, 2), ["cat", "the"]), Infinity);
});

ngramPerplexity("of the unigram model on its own text is below V (uniform guessing)", async () => {
  const c = await d2l.loadDataTinyLyrics();
  const m = d2l.ngramModel(c.corpusChars, 1);
  const p = d2l.ngramPerplexity(m, c.corpusChars);
  assert.ok(p > 1 && p < c.vocabSize, `perplexity ${p}, V = ${c.vocabSize}`);
});

ngramPerplexity("refuses an empty sequence", () => {
  throwsMessage(() => d2l.ngramPerplexity(d2l.ngramModel("ab", 1), ""), "ngramPerplexity: tokens: expected at least one token, got none");
});

ngramPerplexity.run();
