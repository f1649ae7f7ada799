// Public tests of exercise 6.7.3 (per-step cost of the RNN and GRU cells), small sizes by hand.
import { checkCost } from "../shared/cell-cost";
import { defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";

export default defineTests<Impl>("6.7.3", "public", (test) => {
  // d = 2, h = 3, n = 1: W_xh has 6 entries, W_hh 9, b_h 3; X W_xh costs 6 multiplications, H W_hh 9.
  test("普通 RNN 单元的参数个数和乘法次数", 1, ({ cellCost }) => checkCost(cellCost, "rnn", 2, 3, 1, { params: 18, mults: 15 }));
  // Three such blocks (54, 45) plus three element-wise products of 3 entries each.
  test("GRU 单元的参数个数和乘法次数", 1, ({ cellCost }) => checkCost(cellCost, "gru", 2, 3, 1, { params: 54, mults: 54 }));
});
