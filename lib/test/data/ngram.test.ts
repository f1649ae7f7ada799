import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as d2l from "d2lzh";
import { throwsMessage } from "../helpers";

const archiveDir = process.env.D2L_DATA_DIR;
const haveArchive = archiveDir !== undefined && fs.existsSync(path.join(archiveDir, "jaychou_lyrics.txt.zip"));

// ---------------------------------------------------------------------------------------------
const countNgrams = suite("countNgrams");

countNgrams("counts the n-character substrings of a string, in order of first appearance", () => {
  // "abcab", n = 2: positions 0..3 give ab, bc, ca, ab -> ab 2, bc 1, ca 1.
  assert.equal([...d2l.countNgrams("abcab", 2)], [["ab", 2], ["bc", 1], ["ca", 1]]);
  // n = 1: a 2, b 2, c 1.
  assert.equal([...d2l.countNgrams("abcab", 1)], [["a", 2], ["b", 2], ["c", 1]]);
});

countNgrams("splits a string by code point, so a character outside the BMP is one token", () => {
  // "😀😀a" is 3 code points (5 UTF-16 units): bigrams 😀😀 and 😀a.
  assert.equal([...d2l.countNgrams("😀😀a", 2)], [["😀😀", 1], ["😀a", 1]]);
});

countNgrams("joins the words of an array with one space", () => {
  // the cat sat on the mat: bigrams the cat, cat sat, sat on, on the, the mat (1 each); "the" twice.
  const words = d2l.tokenizeWords("the cat sat on the mat");
  const bigrams = d2l.countNgrams(words, 2);
  assert.equal([...bigrams.keys()], ["the cat", "cat sat", "sat on", "on the", "the mat"]);
  assert.is(d2l.countNgrams(words, 1).get("the"), 2);
  assert.equal([...d2l.countNgrams(words, 3)][0], ["the cat sat", 1]);
});

countNgrams("gives an empty map when there are fewer than n tokens", () => {
  assert.is(d2l.countNgrams("ab", 3).size, 0);
  assert.is(d2l.countNgrams([], 1).size, 0);
});

countNgrams("does not change its input", () => {
  const words = ["a", "b", "a"];
  d2l.countNgrams(words, 2);
  assert.equal(words, ["a", "b", "a"]);
});

countNgrams("accepts single tokens with spaces (n = 1) but refuses them where keys join words", () => {
  assert.is(d2l.countNgrams(["a b", "c"], 1).get("a b"), 1);
  throwsMessage(() => d2l.countNgrams(["x", "a b", "c"], 2), 'countNgrams: tokens[1]: expected a word without spaces (keys join words with one space), got "a b"; pass a string to count characters');
});

countNgrams("refuses a bad order or bad tokens, naming the argument", () => {
  throwsMessage(() => d2l.countNgrams("abc", 0), "countNgrams: n: expected an integer >= 1, got 0");
  throwsMessage(() => d2l.countNgrams("abc", 1.5), "countNgrams: n: expected an integer >= 1, got 1.5");
  throwsMessage(() => d2l.countNgrams(42 as unknown as string, 1), "countNgrams: tokens: expected a string or an array of words, got 42");
  throwsMessage(() => d2l.countNgrams(["a", 7 as unknown as string], 1), "countNgrams: tokens[1]: expected a string, got 7");
});

countNgrams.run();

// ---------------------------------------------------------------------------------------------
const ngramStats = suite("ngramStats");

ngramStats("reports distinct n-grams and the N − n + 1 positions", () => {
  // "abcab" (N = 5): n = 1 -> 5 positions, 3 distinct (a b c); n = 2 -> 4 positions, 3 distinct
  // (ab bc ca); n = 3 -> 3 positions, 3 distinct (abc bca cab); n = 4 -> 2, 2; n = 6 -> 0, 0.
  const got = [1, 2, 3, 4, 6].map((n) => {
    const s = d2l.ngramStats("abcab", n);
    return [s.n, s.positions, s.distinct];
  });
  assert.equal(got, [[1, 5, 3], [2, 4, 3], [3, 3, 3], [4, 2, 2], [6, 0, 0]]);
});

ngramStats("counts sum to the number of positions", () => {
  const words = d2l.tokenizeWords("to be or not to be that is the question to be");
  for (const n of [1, 2, 3, 4]) {
    const s = d2l.ngramStats(words, n);
    const sum = [...s.counts.values()].reduce((a, b) => a + b, 0);
    assert.is(sum, s.positions, `n = ${n}`);
    assert.is(s.distinct, s.counts.size);
  }
});

ngramStats("answers the 4-gram exercise: what a model stores is bounded by positions, not equal to it", () => {
  // 10 words with a repeat: "a b c d a b c d a b". 4-grams: abcd bcda cdab dabc abcd bcda cdab
  // -> 7 positions (10 − 4 + 1) but 4 distinct.
  const s = d2l.ngramStats("a b c d a b c d a b".split(" "), 4);
  assert.is(s.positions, 7);
  assert.is(s.distinct, 4);
});

ngramStats("names itself in its errors", () => {
  throwsMessage(() => d2l.ngramStats("abc", -1), "ngramStats: n: expected an integer >= 1, got -1");
});

ngramStats.run();

// ---------------------------------------------------------------------------------------------
const zipfTable = suite("zipfTable");

zipfTable("ranks tokens by count; ties keep the order of first appearance", () => {
  // "abracadabra" (11 chars): a 5, b 2, r 2, c 1, d 1; b comes before r, c before d.
  const rows = d2l.zipfTable("abracadabra");
  assert.equal(
    rows.map((r) => [r.rank, r.token, r.count]),
    [[1, "a", 5], [2, "b", 2], [3, "r", 2], [4, "c", 1], [5, "d", 1]],
  );
  assert.is(rows[0].frequency, 5 / 11);
});

zipfTable("keeps the top k rows and ranks n-grams of any order", () => {
  // bigrams of "abracadabra": ab br ra ac ca ad da ab br ra -> ab 2, br 2, ra 2, then 1s.
  const rows = d2l.zipfTable("abracadabra", { n: 2, topK: 3 });
  assert.equal(rows.map((r) => [r.token, r.count]), [["ab", 2], ["br", 2], ["ra", 2]]);
  assert.is(rows[2].frequency, 2 / 10);
  assert.is(d2l.zipfTable("ab", { topK: 10 }).length, 2);
});

zipfTable("refuses a bad topK or n by name", () => {
  throwsMessage(() => d2l.zipfTable("abc", { topK: 0 }), "zipfTable: topK: expected an integer >= 1, got 0");
  throwsMessage(() => d2l.zipfTable("abc", { n: 0 }), "zipfTable: n: expected an integer >= 1, got 0");
});

zipfTable("on the lyrics: V = 1,027 in 10,000 characters; space 1,352, then 我 367 and 的 340", async () => {
  if (!haveArchive) throw new Error("set D2L_DATA_DIR to a folder holding jaychou_lyrics.txt.zip");
  const c = await d2l.loadDataJayLyrics();
  assert.is(d2l.ngramStats(c.corpusChars, 1).distinct, 1027);
  const top = d2l.zipfTable(c.corpusChars, { topK: 3 });
  assert.equal(top.map((r) => [r.rank, r.token, r.count]), [[1, " ", 1352], [2, "我", 367], [3, "的", 340]]);
  // Zipf: counts fall with rank, steeply at the head.
  const all = d2l.zipfTable(c.corpusChars);
  assert.is(all.length, 1027);
  for (let i = 1; i < all.length; i++) assert.ok(all[i].count <= all[i - 1].count, `rank ${i + 1}`);
});

zipfTable.run();
