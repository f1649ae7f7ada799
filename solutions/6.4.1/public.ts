// Public tests of exercise 6.4.1 (tuning the RNN on the small corpus): the ranges and one seeded run.
import { checkReaches, checkedTuning } from "../shared/tuning";
import { defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";

/** The perplexity the seed-0 run must reach. */
export const THRESHOLD = 45;

export default defineTests<Impl>("6.4.1", "public", (test) => {
  test("超参数在允许的范围内，且每个 epoch 至少有一个批量", 1, ({ rnnTuning }) => {
    checkedTuning(rnnTuning, "rnnTuning");
  });

  test(
    "用种子 0 训练后困惑度不超过 45",
    2,
    async ({ rnnTuning }) => {
      await checkReaches("rnn", checkedTuning(rnnTuning, "rnnTuning"), THRESHOLD);
    },
    { timeoutMs: 120_000 },
  );
});
