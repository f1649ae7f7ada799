// Public tests of exercise 6.3.1 (the random-offset sampler): invariants on small corpora.
import { Batch, checkBatches, epoch, range } from "../shared/samplers";
import { seed } from "d2lzh";
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";

/** The starts of all examples of one epoch, and the epoch's offset (the common remainder mod T). */
export function startsOf(batches: Batch[], T: number): { starts: number[]; offsets: Set<number> } {
  const starts = batches.flatMap((b) => b.X.map((row) => row[0]));
  return { starts, offsets: new Set(starts.map((s) => s % T)) };
}

export default defineTests<Impl>("6.3.1", "public", (test) => {
  test("每个批量形状为 [B, T]，Y 是 X 后移一位", 1, ({ dataIterRandomOffset }) => {
    checkBatches(
      epoch("dataIterRandomOffset", () => dataIterRandomOffset(range(60), 2, 5, seed(1))),
      range(60),
      2,
      5,
    );
  });

  test("一个 epoch 内样本互不重叠，起点相差 T 的倍数", 1, ({ dataIterRandomOffset }) => {
    for (let s = 0; s < 5; s++) {
      const { starts, offsets } = startsOf(
        epoch("dataIterRandomOffset", () => dataIterRandomOffset(range(60), 2, 5, seed(s))),
        5,
      );
      assert.ok(starts.length > 0, "一个批量也没有产生");
      assert.ok(
        offsets.size === 1,
        `种子 ${s}：同一个 epoch 的样本起点除以 T 的余数应相同，实际有 ${[...offsets].join("、")}`,
        "每个 epoch 只取一次偏移 o，样本从 o, o + T, o + 2T, … 开始",
      );
      assert.ok(new Set(starts).size === starts.length, `种子 ${s}：有样本在一个 epoch 里出现了两次`);
    }
  });
  test("同一个 rng 连续取 12 个 epoch，偏移不总是同一个", 3, ({ dataIterRandomOffset }) => {
    // One rng for the whole run and one call per epoch, the way a training loop uses a sampler.
    const rng = seed(31);
    const offsets: number[] = [];
    for (let e = 0; e < 12; e++) {
      const { starts, offsets: o } = startsOf(
        epoch("dataIterRandomOffset", () => dataIterRandomOffset(range(60), 2, 5, rng)),
        5,
      );
      assert.ok(starts.length > 0, `第 ${e + 1} 个 epoch 一个批量也没有产生`);
      offsets.push(...o);
    }
    const distinct = [...new Set(offsets)].sort((a, b) => a - b);
    assert.ok(
      distinct.length >= 3,
      `T = 5 时 12 个 epoch 的偏移只出现过 ${distinct.join("、")}（共 ${distinct.length} 种）`,
      "偏移要在每个 epoch 开始时用 rng 随机地取，不能每次都一样",
    );
  });
});
