// Public tests of exercise 6.7.2 (tuning the GRU on the small corpus): the ranges and one seeded run.
import { checkReaches, checkedTuning } from "../shared/tuning";
import { defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";

/** The perplexity the seed-0 run must reach. */
export const THRESHOLD = 10;

export default defineTests<Impl>("6.7.2", "public", (test) => {
  test("超参数在允许的范围内，且每个 epoch 至少有一个批量", 1, ({ gruTuning }) => {
    checkedTuning(gruTuning, "gruTuning");
  });

  test(
    "用种子 0 训练后困惑度不超过 10",
    2,
    async ({ gruTuning }) => {
      await checkReaches("gru", checkedTuning(gruTuning, "gruTuning"), THRESHOLD);
    },
    { timeoutMs: 120_000 },
  );
});
