// Public tests of exercise 6.8.2 (per-step cost of RNN, GRU and LSTM cells), small sizes by hand.
import { checkCost } from "../shared/cell-cost";
import { defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";

export default defineTests<Impl>("6.8.2", "public", (test) => {
  // d = 2, h = 3, n = 1: four blocks of (18 parameters, 15 multiplications) and three ⊙ of 3 entries.
  test("LSTM 单元的参数个数和乘法次数", 1, ({ cellCost }) => checkCost(cellCost, "lstm", 2, 3, 1, { params: 72, mults: 69 }));
  // d = h = n = 1: a block has 3 parameters and 2 multiplications.
  test("三种单元都能算", 1, ({ cellCost }) => {
    checkCost(cellCost, "rnn", 1, 1, 1, { params: 3, mults: 2 });
    checkCost(cellCost, "gru", 1, 1, 1, { params: 9, mults: 9 });
    checkCost(cellCost, "lstm", 1, 1, 1, { params: 12, mults: 11 });
  });
});
