// Public tests of exercise 6.4.5 (an RNN step with ReLU), derived by hand.
import * as tf from "@tensorflow/tfjs";
import { assert, defineTests } from "d2lzh/check";
import type { Params, Impl } from "./exercise";
import { expectRecord } from "../shared/records";

export function callRelu(fn: Impl["rnnReluStep"], params: Params, H: tf.Tensor2D, X: tf.Tensor2D): tf.Tensor2D {
  assert.ok(typeof fn === "function", "rnnReluStep 应是一个函数");
  const out = fn(params, { H }, X) as unknown as Record<string, unknown>;
  expectRecord(out, "rnnReluStep", ["H"]);
  assert.shape(out.H, [X.shape[0], params.W_hh.shape[0]], "返回的 H", [
    `批量大小 B = ${X.shape[0]}`,
    `隐藏单元数 H = ${params.W_hh.shape[0]}`,
  ]);
  return out.H as tf.Tensor2D;
}

export default defineTests<Impl>("6.4.5", "public", (test) => {
  test("正的预激活原样保留，负的变成 0（手算的小例子）", 2, ({ rnnReluStep }) => {
    // X W_xh = [1, −1], H W_hh = [0.5, 0.5], b_h = [0, −2]: pre-activation [1.5, −2.5] → ReLU [1.5, 0].
    const params = { W_xh: tf.eye(2) as tf.Tensor2D, W_hh: tf.eye(2) as tf.Tensor2D, b_h: tf.tensor1d([0, -2]) };
    const H = callRelu(rnnReluStep, params, tf.tensor2d([[0.5, 0.5]]), tf.tensor2d([[1, -1]]));
    assert.close(H, tf.tensor2d([[1.5, 0]]), "H_t", {}, "H_t = ReLU(X_t W_xh + H_{t−1} W_hh + b_h)：ReLU 作用在加上偏置之后的整体上");
  });
});
