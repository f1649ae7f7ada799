// Shared by the public tests of the sampler exercises (6.3.0, 6.3.1): reading batches and checking the
// invariants every sampler of the chapter keeps.
import { fixtures } from "d2lzh/check";
import { assert } from "d2lzh/check";
const { batchRows, take } = fixtures;

export type Batch = { X: number[][]; Y: number[][] };

/** Runs a sampler for one epoch and reads its batches as arrays. */
export function epoch(name: string, run: () => unknown): Batch[] {
  const iterable = run();
  return take(iterable, `${name}(…)`).map((b, i) => batchRows(b, `第 ${i + 1} 个批量`));
}

/** Shapes [B, T] and Y = X shifted by one position of the corpus (checked against the corpus). */
export function checkBatches(batches: Batch[], corpus: readonly number[], B: number, T: number): void {
  // An empty epoch would pass every check below.
  assert.ok(batches.length > 0, "一个批量也没有产生：语料足够长时至少应有一个批量");
  batches.forEach(({ X, Y }, i) => {
    const what = `第 ${i + 1} 个批量`;
    assert.ok(X.length === B && Y.length === B, `${what} 应有 ${B} 行（批量大小 B），实际 X 有 ${X.length} 行、Y 有 ${Y.length} 行`);
    X.forEach((row, r) => {
      assert.ok(
        row.length === T && Y[r].length === T,
        `${what} 第 ${r} 行应有 ${T} 列（时间步数 T），实际 X ${row.length} 列、Y ${Y[r].length} 列`,
      );
      const start = findRow(corpus, row);
      assert.ok(start >= 0, `${what} 的 X 第 ${r} 行 [${row.join(", ")}] 不是语料中连续的一段`, "每一行都应是语料中连续的 T 个字符");
      assert.equal(
        Y[r],
        corpus.slice(start + 1, start + 1 + T),
        `${what} 的 Y 第 ${r} 行`,
        "Y 是 X 在语料中往后移一位：Y[b][t] = 语料[X 的起点 + t + 1]",
      );
    });
  });
}

/** The position where `row` occurs in `corpus` (corpora in tests have distinct values), or −1. */
export function findRow(corpus: readonly number[], row: readonly number[]): number {
  const start = corpus.indexOf(row[0]);
  if (start < 0 || start + row.length > corpus.length) return -1;
  return row.every((v, k) => corpus[start + k] === v) ? start : -1;
}

/** 0, 1, …, n − 1: a corpus where every value is its own position. */
export const range = (n: number) => Array.from({ length: n }, (_, i) => i);
