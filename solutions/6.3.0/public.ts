// Public tests of exercise 6.3.0 (the book's random and consecutive samplers), on the book's 0..29.
import { checkBatches, epoch, range } from "../shared/samplers";
import { seed } from "d2lzh";
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";

export default defineTests<Impl>("6.3.0", "public", (test) => {
  test("相邻采样在 0..29、B = 2、T = 6 上给出书中的两个批量", 2, ({ dataIterConsecutive }) => {
    const batches = epoch("dataIterConsecutive", () => dataIterConsecutive(range(30), 2, 6));
    assert.ok(
      batches.length === 2,
      `应产生 2 个批量，实际 ${batches.length} 个`,
      "每行 15 个字符；Y 要多看一位，所以只放得下 ⌊(15 − 1)/6⌋ = 2 个批量",
    );
    assert.equal(
      batches[0].X,
      [
        [0, 1, 2, 3, 4, 5],
        [15, 16, 17, 18, 19, 20],
      ],
      "第 1 个批量的 X",
      "把语料均分成 B 行：第二行从 15 开始",
    );
    assert.equal(
      batches[0].Y,
      [
        [1, 2, 3, 4, 5, 6],
        [16, 17, 18, 19, 20, 21],
      ],
      "第 1 个批量的 Y",
    );
    assert.equal(
      batches[1].X,
      [
        [6, 7, 8, 9, 10, 11],
        [21, 22, 23, 24, 25, 26],
      ],
      "第 2 个批量的 X",
      "第 i 个批量取每行的第 iT 到 iT + T − 1 个字符",
    );
    assert.equal(
      batches[1].Y,
      [
        [7, 8, 9, 10, 11, 12],
        [22, 23, 24, 25, 26, 27],
      ],
      "第 2 个批量的 Y",
    );
  });

  test("随机采样在 0..29、B = 2、T = 6 上：两个批量，样本从 0、6、12、18 开始且各出现一次", 2, ({ dataIterRandom }) => {
    const batches = epoch("dataIterRandom", () => dataIterRandom(range(30), 2, 6, seed(0)));
    checkBatches(batches, range(30), 2, 6);
    assert.ok(batches.length === 2, `应产生 2 个批量，实际 ${batches.length} 个`, "样本个数 ⌊(30 − 1)/6⌋ = 4，每批 2 个");
    const starts = batches.flatMap((b) => b.X.map((row) => row[0])).sort((a, b) => a - b);
    assert.equal(starts, [0, 6, 12, 18], "所有样本的起点（排序后）", "样本从 0, T, 2T, … 开始，每个样本在一个 epoch 里只出现一次");
  });
});
