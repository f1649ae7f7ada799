// Hidden tests of exercise 6.3.2: the pad index, one-word sentences, many random sentences.
import * as d2l from "d2lzh";
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";
import { callBatches } from "./public";

export default defineTests<Impl>("6.3.2", "hidden", (test) => {
  test("用给定的 padIndex 填充", 1, ({ sentenceBatches }) => {
    const out = callBatches(
      sentenceBatches,
      [
        [3, 1],
        [4, 1, 5],
      ],
      2,
      3,
      42,
    );
    assert.equal(
      out[0].X,
      [
        [3, 42, 42],
        [4, 1, 42],
      ],
      "X",
      "填充用参数 padIndex，不要用 0",
    );
    assert.equal(
      out[0].Y,
      [
        [1, 42, 42],
        [1, 5, 42],
      ],
      "Y",
    );
  });

  test("只有一个词的句子没有可预测的词，跳过", 1, ({ sentenceBatches }) => {
    const out = callBatches(sentenceBatches, [[7], [1, 2], [8]], 1, 3, 0);
    assert.equal(out, [{ X: [[1, 0, 0]], Y: [[2, 0, 0]], validLens: [1] }], "结果");
  });

  test("随机的句子：每行对应一整句，顺序不变，什么也不丢", 1, ({ sentenceBatches }) => {
    const rng = d2l.seed(632);
    const T = 6;
    const sentences = Array.from({ length: 40 }, (_, i) => Array.from({ length: rng.randint(1, 10) }, (_, k) => 100 * i + k));
    const out = callBatches(sentenceBatches, sentences, 3, T, -1);
    const kept = sentences.filter((s) => s.length >= 2 && s.length <= T + 1);
    const rows = out.flatMap((b) => b.X.map((x, r) => ({ x, y: b.Y[r], len: b.validLens[r] })));
    assert.ok(rows.length === kept.length, `应有 ${kept.length} 行（放得下的句子各一行），实际 ${rows.length} 行`);
    out.forEach((b, i) => assert.ok(b.X.length === Math.min(3, kept.length - 3 * i), `第 ${i + 1} 个批量的行数不对：${b.X.length}`));
    rows.forEach((r, i) => {
      const s = kept[i];
      assert.equal(r.len, s.length - 1, `第 ${i} 行的有效长度`);
      assert.equal(r.x.slice(0, r.len), s.slice(0, -1), `第 ${i} 行 X 的有效部分`);
      assert.equal(r.y.slice(0, r.len), s.slice(1), `第 ${i} 行 Y 的有效部分`);
      assert.ok(r.x.length === T && r.x.slice(r.len).every((v) => v === -1), `第 ${i} 行 X 的填充部分不对`);
    });
  });
});
