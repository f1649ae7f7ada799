// Public tests of exercise 6.8.0 (one LSTM step), derived by hand.
import * as tf from "@tensorflow/tfjs";
import { assert, defineTests } from "d2lzh/check";
import type { LstmParams, LstmState, Impl } from "./exercise";
import { expectRecord } from "../shared/records";

export function lstmParams(D: number, H: number, set: Partial<Record<keyof LstmParams, number[][] | number[]>> = {}): LstmParams {
  const out: Record<string, tf.Tensor> = {};
  for (const g of ["i", "f", "o", "c"]) {
    for (const [name, shape] of [
      [`W_x${g}`, [D, H]],
      [`W_h${g}`, [H, H]],
      [`b_${g}`, [H]],
    ] as [string, number[]][]) {
      const v = set[name as keyof LstmParams];
      out[name] = v === undefined ? tf.zeros(shape) : tf.tensor(v as number[][], shape);
    }
  }
  return out as unknown as LstmParams;
}

export function callLstm(fn: Impl["lstmStep"], p: LstmParams, state: LstmState, X: tf.Tensor2D): LstmState {
  assert.ok(typeof fn === "function", "lstmStep 应是一个函数");
  const out = fn(p, state, X) as unknown as Record<string, unknown>;
  expectRecord(out, "lstmStep", ["H", "C"]);
  const axes = [`批量大小 B = ${state.H.shape[0]}`, `隐藏单元数 H = ${state.H.shape[1]}`];
  assert.shape(out.H, state.H.shape, "返回的 H", axes);
  assert.shape(out.C, state.C.shape, "返回的 C", axes, "记忆细胞 C 与 H 形状相同");
  return out as LstmState;
}

export default defineTests<Impl>("6.8.0", "public", (test) => {
  test("所有参数为 0 时三个门都是 0.5、候选记忆细胞为 0", 2, ({ lstmStep }) => {
    // I = F = O = 0.5, C̃ = 0: C = 0.5·0.6 = 0.3, H = 0.5·tanh(0.3) = 0.145656.
    const s = callLstm(lstmStep, lstmParams(2, 1), { H: tf.tensor2d([[0.9]]), C: tf.tensor2d([[0.6]]) }, tf.tensor2d([[1, -1]]));
    assert.close(s.C, tf.tensor2d([[0.3]]), "C_t", {}, "C_t = F_t ⊙ C_{t−1} + I_t ⊙ C̃_t");
    assert.close(s.H, tf.tensor2d([[0.5 * Math.tanh(0.3)]]), "H_t", {}, "H_t = O_t ⊙ tanh(C_t)：记忆细胞要先过 tanh");
  });
});
