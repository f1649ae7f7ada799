// Public tests of exercise 6.8.3 (the memory cell can leave [−1, 1] while every gate is valid).
import { assert, defineTests } from "d2lzh/check";
import type { Gates, Impl } from "./exercise";
import { expectRecord } from "../shared/records";

/** Calls gateSequence and checks the arrays: equal lengths 1..20 of finite numbers. */
export function callGates(gateSequence: Impl["gateSequence"]): Gates {
  assert.ok(typeof gateSequence === "function", "gateSequence 应是一个函数");
  const g = gateSequence() as unknown as Record<string, unknown>;
  expectRecord(g, "gateSequence()", ["I", "F", "O", "C_tilde"]);
  const T = Array.isArray(g.I) ? g.I.length : -1;
  for (const name of ["I", "F", "O", "C_tilde"]) {
    const a = g[name];
    assert.ok(Array.isArray(a), `${name} 应是数组（每个时间步一个数），实际得到 ${assert.describe(a)}`);
    assert.ok(a.length === T, `I、F、O、C_tilde 的长度应相同（时间步数 T），实际 I 有 ${T} 个、${name} 有 ${a.length} 个`);
    a.forEach((x: unknown, t: number) => assert.finiteNumber(x, `${name}[${t}]`));
  }
  assert.ok(T >= 1 && T <= 20, `时间步数 T 应在 1 到 20 之间，实际为 ${T}`);
  return g as unknown as Gates;
}

/** The memory cells C_1..C_T from C_0 = 0, and the hidden states H_t = O_t tanh(C_t). */
export function unroll(g: Gates): { C: number[]; H: number[] } {
  const C: number[] = [];
  const H: number[] = [];
  let c = 0;
  for (let t = 0; t < g.I.length; t++) {
    c = g.F[t] * c + g.I[t] * g.C_tilde[t];
    C.push(c);
    H.push(g.O[t] * Math.tanh(c));
  }
  return { C, H };
}

export default defineTests<Impl>("6.8.3", "public", (test) => {
  test("门严格在 (0, 1) 内，候选记忆细胞严格在 (−1, 1) 内", 1, ({ gateSequence }) => {
    const g = callGates(gateSequence);
    for (const name of ["I", "F", "O"] as const) {
      g[name].forEach((x, t) =>
        assert.ok(x > 0 && x < 1, `${name}[${t}] = ${x} 不在 (0, 1) 内`, "门由 sigmoid 给出，取值严格在 0 和 1 之间，取不到端点"),
      );
    }
    g.C_tilde.forEach((x, t) =>
      assert.ok(x > -1 && x < 1, `C_tilde[${t}] = ${x} 不在 (−1, 1) 内`, "候选记忆细胞由 tanh 给出，取值严格在 −1 和 1 之间"),
    );
  });

  test("记忆细胞 C_T 超出 [−1, 1]", 2, ({ gateSequence }) => {
    const { C } = unroll(callGates(gateSequence));
    const last = C[C.length - 1];
    assert.ok(
      Math.abs(last) > 1,
      `从 C_0 = 0 出发，C_T = ${assert.num(last)}，没有超出 [−1, 1]`,
      "C_t = F_t C_{t−1} + I_t C̃_t：F_t 与 I_t 之和可以超过 1，这时记忆细胞会一步步累加",
    );
  });
});
