// Hidden tests of exercise 6.3.0: sampler invariants over many seeds and sizes, determinism, and
// continuity of the consecutive sampler's rows.
import * as d2l from "d2lzh";
import { assert, defineTests } from "d2lzh/check";
import { checkBatches, epoch, range } from "../shared/samplers";
import type { Impl } from "./exercise";

export default defineTests<Impl>("6.3.0", "hidden", (test) => {
  test("随机采样：多种长度与种子下，起点是 T 的倍数、互不重复、批量个数正确", 2, ({ dataIterRandom }) => {
    for (let s = 0; s < 12; s++) {
      const rng = d2l.seed(630 + s);
      const [N, B, T] = [rng.randint(40, 160), rng.randint(1, 5), rng.randint(2, 8)];
      const corpus = range(N).map((i) => 1000 + i);
      const batches = epoch("dataIterRandom", () => dataIterRandom(corpus, B, T, d2l.seed(s)));
      checkBatches(batches, corpus, B, T);
      const numExamples = Math.floor((N - 1) / T);
      assert.ok(
        batches.length === Math.floor(numExamples / B),
        `N = ${N}, B = ${B}, T = ${T} 时应有 ${Math.floor(numExamples / B)} 个批量，实际 ${batches.length} 个`,
        "只产生完整的批量：⌊⌊(N − 1)/T⌋ / B⌋",
      );
      const starts = batches.flatMap((b) => b.X.map((row) => row[0] - 1000));
      starts.forEach((st) => assert.ok(st % T === 0, `N = ${N}, T = ${T} 时有样本从 ${st} 开始，不是 T 的倍数`));
      assert.ok(new Set(starts).size === starts.length, `N = ${N}, B = ${B}, T = ${T} 时有样本在一个 epoch 里出现了两次`);
    }
  });

  test("随机采样：同一种子得到同样的顺序，不同种子的顺序会变", 1, ({ dataIterRandom }) => {
    const order = (s: number) =>
      JSON.stringify(epoch("dataIterRandom", () => dataIterRandom(range(200), 4, 5, d2l.seed(s))).map((b) => b.X.map((r) => r[0])));
    assert.ok(order(3) === order(3), "同一个种子两次得到的批量不同", "所有随机性都要来自传入的 rng");
    const orders = new Set(Array.from({ length: 8 }, (_, s) => order(s)));
    assert.ok(orders.size > 1, "8 个不同的种子给出了完全相同的样本顺序", "用 rng.shuffle 打乱样本起点");
  });

  test("相邻采样：其他大小下每一行首尾相接，批量个数正确", 1, ({ dataIterConsecutive }) => {
    for (const [N, B, T] of [
      [37, 3, 4],
      [100, 4, 7],
      [64, 1, 10],
    ]) {
      const corpus = range(N).map((i) => 500 + i);
      const batches = epoch("dataIterConsecutive", () => dataIterConsecutive(corpus, B, T));
      checkBatches(batches, corpus, B, T);
      const batchLen = Math.floor(N / B);
      assert.ok(
        batches.length === Math.floor((batchLen - 1) / T),
        `N = ${N}, B = ${B}, T = ${T} 时应有 ${Math.floor((batchLen - 1) / T)} 个批量，实际 ${batches.length} 个`,
      );
      batches.forEach((b, i) =>
        b.X.forEach((row, r) =>
          assert.equal(
            row[0],
            500 + r * batchLen + i * T,
            `N = ${N}, B = ${B}, T = ${T} 时第 ${i + 1} 个批量第 ${r} 行的起点`,
            "第 b 行从 b·⌊N/B⌋ 开始，第 i 个批量往后移 iT",
          ),
        ),
      );
    }
  });
});
