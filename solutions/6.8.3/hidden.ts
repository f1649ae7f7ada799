// Hidden tests of exercise 6.8.3: the hidden states stay bounded although C_T does not.
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";
import { callGates, unroll } from "./public";

export default defineTests<Impl>("6.8.3", "hidden", (test) => {
  test("隐藏状态 H_t = O_t tanh(C_t) 仍在 (−1, 1) 内", 1, ({ gateSequence }) => {
    const { H } = unroll(callGates(gateSequence));
    H.forEach((h, t) => assert.ok(Math.abs(h) < 1, `H_${t + 1} = ${assert.num(h)} 超出了 (−1, 1)`));
  });
});
