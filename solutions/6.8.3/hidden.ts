// Hidden tests of exercise 6.8.3: gates sigmoid and tanh can really produce, bounded hidden states.
import { assert, defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";
import { callGates, unroll } from "./public";

export default defineTests<Impl>("6.8.3", "hidden", (test) => {
  test("门值严格在 0 与 1 之间（sigmoid 取不到端点）", 1, ({ gateSequence }) => {
    const g = callGates(gateSequence);
    for (const name of ["I", "F", "O"] as const) {
      g[name].forEach((x, t) => assert.ok(x > 0 && x < 1, `${name}[${t}] = ${x}：sigmoid 的值严格在 (0, 1) 内，取不到 0 或 1`, "试试 0.9 这样接近 1 但小于 1 的门值"));
    }
  });

  test("隐藏状态 H_t = O_t tanh(C_t) 仍在 (−1, 1) 内", 1, ({ gateSequence }) => {
    const { H } = unroll(callGates(gateSequence));
    H.forEach((h, t) => assert.ok(Math.abs(h) < 1, `H_${t + 1} = ${assert.num(h)} 超出了 (−1, 1)`));
  });
});
