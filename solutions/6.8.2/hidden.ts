// Hidden tests of exercise 6.8.2: the book's sizes, batch dependence, the ratio between the cells.
import { assert, defineTests } from "d2lzh/check";
import { Impl, checkCost } from "../shared/cell-cost";
import { expectedCost } from "../shared/hidden-cell-cost-rules";

export default defineTests<Impl>("6.8.2", "hidden", (test) => {
  test("书中的规模（d = 1027, h = 256, n = 32）", 1, ({ cellCost }) => {
    for (const kind of ["rnn", "gru", "lstm"] as const) checkCost(cellCost, kind, 1027, 256, 32, expectedCost(kind, 1027, 256, 32));
  });
  test("乘法次数随批量大小 n 线性增长，参数个数与 n 无关", 1, ({ cellCost }) => {
    for (const n of [1, 7, 64])
      for (const kind of ["rnn", "gru", "lstm"] as const) checkCost(cellCost, kind, 5, 4, n, expectedCost(kind, 5, 4, n));
  });
  test("同样规模下 LSTM > GRU > RNN", 1, ({ cellCost }) => {
    // Anchored on the plain RNN's exact count: three guessed constants in order earn nothing.
    checkCost(cellCost, "rnn", 64, 32, 8, expectedCost("rnn", 64, 32, 8));
    const m = (["rnn", "gru", "lstm"] as const).map((k) => cellCost(k, 64, 32, 8).mults);
    assert.ok(m[0] < m[1] && m[1] < m[2], `乘法次数应满足 RNN < GRU < LSTM，实际 ${m.join(" / ")}`);
  });
});
