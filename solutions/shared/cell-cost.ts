// Shared by the public tests of exercises 6.7.3 and 6.8.2 (per-step cost of RNN, GRU and LSTM cells).
import { assert } from "d2lzh/check";

export type Kind = "rnn" | "gru" | "lstm";
export type CellCost = (kind: Kind, d: number, h: number, n: number) => { params: number; mults: number };
export interface Impl {
  cellCost: CellCost;
}

const HINTS: Record<Kind, { params: string; mults: string }> = {
  rnn: { params: "普通 RNN 只有一组 W_xh [d, h]、W_hh [h, h]、b_h [h]", mults: "X W_xh 有 n·d·h 次乘法，H W_hh 有 n·h·h 次" },
  gru: {
    params: "GRU 有三组 (W_x*, W_h*, b_*)：重置门、更新门和候选隐藏状态",
    mults: "三组矩阵乘法，再加 R⊙H、Z⊙H、(1 − Z)⊙H̃ 三个按元素乘法，各 n·h 次",
  },
  lstm: {
    params: "LSTM 有四组：输入门、遗忘门、输出门和候选记忆细胞",
    mults: "四组矩阵乘法，再加 F⊙C、I⊙C̃、O⊙tanh(C) 三个按元素乘法，各 n·h 次",
  },
};

/** Checks cellCost(kind, d, h, n) against the expected counts, with a hint per kind. */
export function checkCost(cellCost: CellCost, kind: Kind, d: number, h: number, n: number, want: { params: number; mults: number }): void {
  assert.ok(typeof cellCost === "function", "cellCost 应是一个函数");
  const got = cellCost(kind, d, h, n) as unknown as Record<string, unknown>;
  const call = `cellCost("${kind}", ${d}, ${h}, ${n})`;
  assert.ok(got !== null && typeof got === "object", `${call} 应返回 { params, mults }，实际得到 ${assert.describe(got)}`);
  assert.equal(got.params, want.params, `${call}.params`, HINTS[kind].params);
  assert.equal(got.mults, want.mults, `${call}.mults`, HINTS[kind].mults);
}
