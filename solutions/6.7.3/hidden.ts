// Hidden tests of exercise 6.7.3: the book's sizes, batch dependence.
import { defineTests } from "d2lzh/check";
import { Impl, checkCost } from "../shared/cell-cost";
import { expectedCost } from "../shared/hidden-cell-cost-rules";

export default defineTests<Impl>("6.7.3", "hidden", (test) => {
  test("书中的规模（d = 1027, h = 256, n = 32）", 1, ({ cellCost }) => {
    checkCost(cellCost, "rnn", 1027, 256, 32, expectedCost("rnn", 1027, 256, 32));
    checkCost(cellCost, "gru", 1027, 256, 32, expectedCost("gru", 1027, 256, 32));
  });
  test("乘法次数随批量大小 n 线性增长，参数个数与 n 无关", 1, ({ cellCost }) => {
    for (const n of [1, 7, 64]) {
      checkCost(cellCost, "rnn", 5, 4, n, expectedCost("rnn", 5, 4, n));
      checkCost(cellCost, "gru", 5, 4, n, expectedCost("gru", 5, 4, n));
    }
  });
});
