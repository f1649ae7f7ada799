// Public tests of exercise 6.8.1 (tuning the LSTM on the small corpus): the ranges and one seeded run.
import { checkReaches, checkedTuning } from "../shared/tuning";
import { defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";

/** The perplexity the seed-0 run must reach. */
export const THRESHOLD = 30;

export default defineTests<Impl>("6.8.1", "public", (test) => {
  test("超参数在允许的范围内，且每个 epoch 至少有一个批量", 1, ({ lstmTuning }) => {
    checkedTuning(lstmTuning, "lstmTuning");
  });

  test(
    "用种子 0 训练后困惑度不超过 30",
    2,
    async ({ lstmTuning }) => {
      await checkReaches("lstm", checkedTuning(lstmTuning, "lstmTuning"), THRESHOLD);
    },
    { timeoutMs: 120_000 },
  );
});
