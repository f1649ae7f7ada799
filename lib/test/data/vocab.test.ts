import { test } from "uvu";
import * as assert from "uvu/assert";
import * as d2l from "d2lzh";

test("buildVocab numbers tokens in order of first appearance", () => {
  // "abcab" -> a:0, b:1, c:2
  const v = d2l.buildVocab(d2l.tokenizeChars("abcab"));
  assert.equal(v.idxToChar, ["a", "b", "c"]);
  assert.is(v.charToIdx.get("c"), 2);
  assert.is(v.size, 3);
});

test("tokenizeChars splits by code point, so characters outside the BMP stay whole", () => {
  assert.equal(d2l.tokenizeChars("分开😀"), ["分", "开", "😀"]);
});

test("tokenizeWords splits on any white space", () => {
  assert.equal(d2l.tokenizeWords(" the  cat\nsat\t"), ["the", "cat", "sat"]);
});

test("encode then decode gives the text back", () => {
  const text = "不分开 我想你";
  const v = d2l.buildVocab(d2l.tokenizeChars(text));
  assert.is(d2l.decode(v, d2l.encode(v, d2l.tokenizeChars(text))), text);
});

test("encode names an unknown token and its position", () => {
  const v = d2l.buildVocab(["a", "b"]);
  assert.throws(() => d2l.encode(v, ["a", "z"]), /encode: token "z" at position 1 is not in the vocabulary \(2 tokens\)/);
});

test("an unknownToken takes index 0 and absorbs unseen tokens", () => {
  const v = d2l.buildVocab(["a", "b"], { unknownToken: "<unk>" });
  assert.equal(v.idxToChar, ["<unk>", "a", "b"]);
  assert.equal(d2l.encode(v, ["b", "z"]), [2, 0]);
});

test("decode refuses indices outside the vocabulary", () => {
  const v = d2l.buildVocab(["a"]);
  assert.throws(() => d2l.decode(v, [0, 1]), /decode: index 1 at position 1 is outside the vocabulary \[0, 1\)/);
  assert.throws(() => d2l.decode(v, [0.5]), /index 0.5/);
});

test("decode joins word tokens with a separator", () => {
  const v = d2l.buildVocab(["the", "cat"]);
  assert.is(d2l.decode(v, [0, 1], " "), "the cat");
});

test.run();
