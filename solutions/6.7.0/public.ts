// Public tests of exercise 6.7.0 (one GRU step), derived by hand.
import * as tf from "@tensorflow/tfjs";
import { assert, defineTests } from "d2lzh/check";
import type { GruParams, Impl } from "./exercise";
import { expectRecord } from "../shared/records";

/** All weights and biases zero except the given ones, for D inputs and H units. */
export function gruParams(D: number, H: number, set: Partial<Record<keyof GruParams, number[][] | number[]>> = {}): GruParams {
  const make = (name: keyof GruParams, shape: number[]) => {
    const v = set[name];
    return (v === undefined ? tf.zeros(shape) : tf.tensor(v as number[][], shape)) as never;
  };
  return {
    W_xr: make("W_xr", [D, H]),
    W_hr: make("W_hr", [H, H]),
    b_r: make("b_r", [H]),
    W_xz: make("W_xz", [D, H]),
    W_hz: make("W_hz", [H, H]),
    b_z: make("b_z", [H]),
    W_xh: make("W_xh", [D, H]),
    W_hh: make("W_hh", [H, H]),
    b_h: make("b_h", [H]),
  };
}

export function callGru(fn: Impl["gruStep"], p: GruParams, H: tf.Tensor2D, X: tf.Tensor2D): tf.Tensor2D {
  assert.ok(typeof fn === "function", "gruStep 应是一个函数");
  const out = fn(p, { H }, X) as unknown as Record<string, unknown>;
  expectRecord(out, "gruStep", ["H"]);
  assert.shape(out.H, H.shape, "返回的 H", [`批量大小 B = ${H.shape[0]}`, `隐藏单元数 H = ${H.shape[1]}`]);
  return out.H as tf.Tensor2D;
}

export default defineTests<Impl>("6.7.0", "public", (test) => {
  test("所有参数为 0 时 R = Z = 0.5、候选为 0，新状态是旧状态的一半", 1, ({ gruStep }) => {
    // R = Z = σ(0) = 0.5, H̃ = tanh(0) = 0, H_new = 0.5·H + 0.5·0.
    const H = callGru(gruStep, gruParams(2, 2), tf.tensor2d([[0.8, -0.4]]), tf.tensor2d([[1, 2]]));
    assert.close(H, tf.tensor2d([[0.4, -0.2]]), "H_t", {}, "H_t = Z ⊙ H_{t−1} + (1 − Z) ⊙ H̃_t");
  });

  test("更新门接近 0 时新状态就是候选隐藏状态", 1, ({ gruStep }) => {
    // b_z = −30 makes Z ≈ 0; W_xh = 1, b_r = 30 (R ≈ 1), W_hh = 0.5: H̃ = tanh(x + 0.5·h) = tanh(1 + 0.5·0.6) = tanh(1.3).
    const p = gruParams(1, 1, { b_z: [-30], W_xh: [[1]], b_r: [30], W_hh: [[0.5]] });
    const H = callGru(gruStep, p, tf.tensor2d([[0.6]]), tf.tensor2d([[1]]));
    assert.close(
      H,
      tf.tensor2d([[Math.tanh(1.3)]]),
      "H_t",
      {},
      "H̃_t = tanh(X_t W_xh + (R_t ⊙ H_{t−1}) W_hh + b_h)；Z_t 为 0 时完全采用 H̃_t",
    );
  });
});
