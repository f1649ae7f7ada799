// Hidden tests of exercise 6.8.3: the hidden states stay bounded although C_T does not.
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";
import { callGates, unroll } from "./public";

export default defineTests<Impl>("6.8.3", "hidden", (test) => {
  test("隐藏状态 H_t = O_t tanh(C_t) 仍在 (−1, 1) 内", 1, ({ gateSequence }) => {
    const { C, H } = unroll(callGates(gateSequence));
    // The point of the exercise: H stays bounded although C_T leaves [−1, 1] (any valid gates keep H bounded).
    assert.ok(
      Math.abs(C[C.length - 1]) > 1,
      `C_T = ${assert.num(C[C.length - 1])} 没有超出 [−1, 1]：先让记忆细胞超出，才看得出 tanh 的作用`,
    );
    H.forEach((h, t) => assert.ok(Math.abs(h) < 1, `H_${t + 1} = ${assert.num(h)} 超出了 (−1, 1)`));
  });
});
