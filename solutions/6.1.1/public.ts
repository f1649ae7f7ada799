// Public tests of exercise 6.1.1 (how many frequencies an n-gram model stores).
import { assert, defineTests } from "d2lzh/check";
import type { Row, Impl } from "./exercise";

/** Calls ngramStorage and checks the rows' layout (one row per n, in order). */
export function callStorage(ngramStorage: Impl["ngramStorage"], tokens: readonly string[], maxN: number): Row[] {
  assert.ok(typeof ngramStorage === "function", "ngramStorage 应是一个函数");
  const rows = ngramStorage(tokens.slice(), maxN) as unknown;
  assert.ok(Array.isArray(rows), `ngramStorage 应返回数组（每个 n 一行），实际得到 ${assert.describe(rows)}`);
  assert.ok(rows.length === maxN, `ngramStorage(tokens, ${maxN}) 应返回 ${maxN} 行（n = 1…${maxN}），实际 ${rows.length} 行`);
  rows.forEach((r: unknown, i: number) => {
    assert.ok(r !== null && typeof r === "object", `第 ${i} 行应是 { n, distinct, positions }，实际得到 ${assert.describe(r)}`);
    assert.equal((r as Row).n, i + 1, `第 ${i} 行的 n`);
  });
  return rows as Row[];
}

export default defineTests<Impl>("6.1.1", "public", (test) => {
  test("小语料上各阶 n 元组的个数与位置数", 1, ({ ngramStorage }) => {
    // 我 想 你 我 想: unigrams {我, 想, 你}; bigrams 我想, 想你, 你我, 我想 → 3 distinct of 4;
    // trigrams 我想你, 想你我, 你我想 → 3 of 3; no 4-gram repeats: 2 of 2.
    const rows = callStorage(ngramStorage, ["我", "想", "你", "我", "想"], 4);
    const want = [
      { n: 1, distinct: 3, positions: 5 },
      { n: 2, distinct: 3, positions: 4 },
      { n: 3, distinct: 3, positions: 3 },
      { n: 4, distinct: 2, positions: 2 },
    ];
    rows.forEach((r, i) => {
      assert.equal(r.positions, want[i].positions, `n = ${i + 1} 的 positions`, "N 个词中长度为 n 的片段有 N − n + 1 个");
      assert.equal(r.distinct, want[i].distinct, `n = ${i + 1} 的 distinct`, "要存储的是不同 n 元组的频率：重复出现的 n 元组只存一次");
    });
  });

  test("10 万个词、词表 1 万时 1 到 4 阶的上界", 1, ({ storageBound }) => {
    assert.ok(typeof storageBound === "function", "storageBound 应是一个函数");
    // n = 1: at most V = 10,000 distinct words although there are 100,000 positions.
    const want = [10_000, 99_999, 99_998, 99_997];
    want.forEach((w, i) =>
      assert.equal(
        storageBound(100_000, 10_000, i + 1),
        w,
        `storageBound(100000, 10000, ${i + 1})`,
        "不同 n 元组不会多于 V^n 种，也不会多于 N − n + 1 个位置",
      ),
    );
  });
});
