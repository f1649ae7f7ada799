// Hidden tests of exercise 6.7.2: the training curve of the same (memoised) run.
import { defineTests } from "d2lzh/check";
import { checkCurve, checkedTuning } from "../shared/tuning";
import type { Impl } from "./exercise";

export default defineTests<Impl>("6.7.2", "hidden", (test) => {
  test(
    "训练中困惑度一直是有限值，最后降到第一个 epoch 的一半以下",
    1,
    async ({ gruTuning }) => {
      await checkCurve("gru", checkedTuning(gruTuning, "gruTuning"));
    },
    { timeoutMs: 120_000 },
  );
});
