// Hidden tests of exercise 6.3.1: the offsets cover 0..T−1 over seeds, full batches only, determinism.
import * as d2l from "d2lzh";
import { assert, defineTests } from "d2lzh/check";
import { checkBatches, epoch, range } from "../shared/samplers";
import type { Impl } from "./exercise";
import { startsOf } from "./public";

export default defineTests<Impl>("6.3.1", "hidden", (test) => {
  test("很多个种子下偏移取遍 0 到 T − 1", 2, ({ dataIterRandomOffset }) => {
    const T = 5;
    const seen = new Set<number>();
    for (let s = 0; s < 60; s++)
      for (const o of startsOf(
        epoch("dataIterRandomOffset", () => dataIterRandomOffset(range(80), 2, T, d2l.seed(s))),
        T,
      ).offsets)
        seen.add(o);
    const missing = [0, 1, 2, 3, 4].filter((o) => !seen.has(o));
    const seenText = [...seen].sort((a, b) => a - b).join("、");
    assert.ok(
      missing.length === 0 && seen.size === T,
      `T = ${T}：60 个种子下出现过的偏移是 ${seenText}，应恰好是 0 到 ${T - 1}${missing.length > 0 ? `（从没出现过 ${missing.join("、")}）` : ""}`,
      "偏移要从 0 到 T − 1（含两端）中随机取；注意 rng.randint(0, T) 的上界不含 T",
    );
  });

  test("多种大小下只产生完整的批量，样本个数对得上", 1, ({ dataIterRandomOffset }) => {
    for (let s = 0; s < 10; s++) {
      const rng = d2l.seed(631 + s);
      const [N, B, T] = [rng.randint(40, 150), rng.randint(1, 5), rng.randint(2, 7)];
      const corpus = range(N).map((i) => 2000 + i);
      const batches = epoch("dataIterRandomOffset", () => dataIterRandomOffset(corpus, B, T, d2l.seed(s)));
      checkBatches(batches, corpus, B, T);
      const { starts, offsets } = startsOf(
        batches.map((b) => ({ X: b.X.map((r) => r.map((v) => v - 2000)), Y: b.Y })),
        T,
      );
      assert.ok(offsets.size <= 1, `N = ${N}, T = ${T}：一个 epoch 里出现了不同的偏移`);
      const o = [...offsets][0] ?? 0;
      const expected = Math.floor(Math.floor((N - o - 1) / T) / B);
      assert.ok(
        batches.length === expected,
        `N = ${N}, B = ${B}, T = ${T}, 偏移 ${o} 时应有 ${expected} 个批量，实际 ${batches.length} 个`,
        "去掉前 o 个字符后再做随机采样：⌊⌊(N − o − 1)/T⌋ / B⌋ 个完整批量",
      );
      assert.ok(new Set(starts).size === starts.length, `N = ${N}：有样本出现了两次`);
    }
  });

  test("同一种子得到同样的批量", 1, ({ dataIterRandomOffset }) => {
    const run = () => epoch("dataIterRandomOffset", () => dataIterRandomOffset(range(90), 3, 4, d2l.seed(7)));
    const first = run();
    // Two empty epochs would be equal too.
    assert.ok(first.length > 0, "一个批量也没有产生");
    assert.ok(JSON.stringify(first) === JSON.stringify(run()), "同一个种子两次得到的批量不同", "偏移和打乱都要用传入的 rng");
  });
});
