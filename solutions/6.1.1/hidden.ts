// Hidden tests of exercise 6.1.1: corpora the student has not seen, keys that must not collide,
// corpora shorter than n, and the bound when V^n is the smaller term.
import * as d2l from "d2lzh";
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";
import { callStorage } from "./public";

/** Distinct n-grams counted the plain way (arrays compared element by element). */
function distinct(tokens: readonly string[], n: number): number {
  const seen: string[][] = [];
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n);
    if (!seen.some((g) => g.every((w, k) => w === gram[k]))) seen.push(gram);
  }
  return seen.length;
}

export default defineTests<Impl>("6.1.1", "hidden", (test) => {
  test("随机生成的词序列上与逐个比较的计数一致", 1, ({ ngramStorage }) => {
    const rng = d2l.seed(611);
    for (const [N, V] of [
      [60, 3],
      [200, 8],
      [300, 40],
    ]) {
      const words = Array.from({ length: V }, (_, k) => `w${String(k).padStart(2, "0")}`);
      const tokens = Array.from({ length: N }, () => words[rng.randint(0, V)]);
      const rows = callStorage(ngramStorage, tokens, 4);
      rows.forEach((r, i) => {
        assert.equal(r.positions, N - i, `N = ${N} 时 n = ${i + 1} 的 positions`);
        assert.equal(r.distinct, distinct(tokens, i + 1), `N = ${N}、V = ${V} 时 n = ${i + 1} 的 distinct`);
      });
    }
  });

  test("不同的 n 元组不会因为拼接成同一个字符串而被合并", 1, ({ ngramStorage }) => {
    // (ab, c) and (a, bc) are different bigrams although both concatenate to "abc".
    const rows = callStorage(ngramStorage, ["ab", "c", "x", "a", "bc"], 2);
    assert.equal(
      rows[1].distinct,
      4,
      "n = 2 的 distinct",
      '把词直接拼接成键会让 ["ab", "c"] 与 ["a", "bc"] 变成同一个键：用分隔符或 JSON.stringify 作键',
    );
  });

  test("语料比 n 短时这一阶为 0", 1, ({ ngramStorage }) => {
    const rows = callStorage(ngramStorage, ["我", "想"], 4);
    assert.equal(
      rows.map((r) => [r.distinct, r.positions]),
      [
        [2, 2],
        [1, 1],
        [0, 0],
        [0, 0],
      ],
      "各阶的 [distinct, positions]",
      "N < n 时没有长度为 n 的片段（不是负数）",
    );
  });

  test("V^n 较小时上界是 V^n，N < n 时上界是 0", 1, ({ storageBound }) => {
    assert.equal(storageBound(1000, 2, 3), 8, "storageBound(1000, 2, 3)", "只有 2 个词时三元组最多 2³ = 8 种");
    assert.equal(storageBound(10, 3, 2), 9, "storageBound(10, 3, 2)");
    assert.equal(storageBound(10, 4, 2), 9, "storageBound(10, 4, 2)", "10 个词只有 9 个二元组位置");
    assert.equal(storageBound(3, 5, 4), 0, "storageBound(3, 5, 4)", "N < n 时没有 n 元组");
  });
});
