// Public tests of exercise 6.3.2 (whole sentences as examples), by hand.
import { assert, defineTests } from "d2lzh/check";
import type { SentenceBatch, Impl } from "./exercise";

export function callBatches(fn: Impl["sentenceBatches"], sentences: number[][], B: number, T: number, pad: number): SentenceBatch[] {
  assert.ok(typeof fn === "function", "sentenceBatches 应是一个函数");
  const out = fn(
    sentences.map((s) => s.slice()),
    B,
    T,
    pad,
  ) as unknown;
  assert.ok(Array.isArray(out), `sentenceBatches 应返回批量的数组，实际得到 ${assert.describe(out)}`);
  out.forEach((b: unknown, i: number) => {
    assert.ok(b !== null && typeof b === "object", `第 ${i + 1} 个批量应是 { X, Y, validLens }，实际得到 ${assert.describe(b)}`);
    for (const k of ["X", "Y", "validLens"])
      assert.ok(Array.isArray((b as Record<string, unknown>)[k]), `第 ${i + 1} 个批量的 ${k} 应是数组`);
  });
  return out as SentenceBatch[];
}

export default defineTests<Impl>("6.3.2", "public", (test) => {
  test("按顺序每 B 句一批，填充到 T 步，有效长度是 k − 1", 2, ({ sentenceBatches }) => {
    // Sentences of 3, 2 and 4 words, B = 2, T = 4, pad 0: batch 1 holds sentences 1 and 2, batch 2 sentence 3.
    const out = callBatches(
      sentenceBatches,
      [
        [5, 6, 7],
        [8, 9],
        [1, 2, 3, 4],
      ],
      2,
      4,
      0,
    );
    assert.ok(out.length === 2, `应有 2 个批量（最后一批只有 1 句），实际 ${out.length} 个`);
    assert.equal(
      out[0].X,
      [
        [5, 6, 0, 0],
        [8, 0, 0, 0],
      ],
      "第 1 个批量的 X",
      "X 是句子的前 k − 1 个词，后面用 padIndex 补到 T 个",
    );
    assert.equal(
      out[0].Y,
      [
        [6, 7, 0, 0],
        [9, 0, 0, 0],
      ],
      "第 1 个批量的 Y",
      "Y 是句子的后 k − 1 个词",
    );
    assert.equal(out[0].validLens, [2, 1], "第 1 个批量的 validLens", "k 个词的句子有 k − 1 个要预测的位置");
    assert.equal(out[1], { X: [[1, 2, 3, 0]], Y: [[2, 3, 4, 0]], validLens: [3] }, "第 2 个批量");
  });

  test("放不下的句子整句跳过，不会被拆开", 1, ({ sentenceBatches }) => {
    // T = 2 holds sentences of up to 3 words: the 5-word sentence is left out whole.
    const out = callBatches(
      sentenceBatches,
      [
        [1, 2, 3, 4, 5],
        [6, 7, 8],
      ],
      2,
      2,
      9,
    );
    assert.equal(
      out,
      [{ X: [[6, 7]], Y: [[7, 8]], validLens: [2] }],
      "结果",
      "句子不能拆到两行或两个批量里：多于 T + 1 个词的句子直接跳过",
    );
  });
});
