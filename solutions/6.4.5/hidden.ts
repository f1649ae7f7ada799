// Hidden tests of exercise 6.4.5: unbounded positive values, random values, ownership.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assert, defineTests, fixtures } from "d2lzh/check";
import type { Impl } from "./exercise";
import { callRelu } from "./public";

export default defineTests<Impl>("6.4.5", "hidden", (test) => {
  test("大于 1 的值不被截断（ReLU 没有上界）", 1, ({ rnnReluStep }) => {
    const params = { W_xh: tf.tensor2d([[3, 0.5]]), W_hh: tf.zeros([2, 2]) as tf.Tensor2D, b_h: tf.tensor1d([1, 0]) };
    const H = callRelu(rnnReluStep, params, tf.zeros([2, 2]), tf.tensor2d([[2], [0.5]]));
    assert.close(
      H,
      tf.tensor2d([
        [7, 1],
        [2.5, 0.25],
      ]),
      "H_t",
      {},
      "ReLU(x) = max(x, 0) 对正数原样返回，不像 tanh 那样压到 (−1, 1)",
    );
  });

  test("随机参数下与公式一致", 1, ({ rnnReluStep }) => {
    const rng = d2l.seed(645);
    const [B, D, H] = [4, 5, 3];
    const params = { W_xh: fixtures.normal2d(rng, D, H), W_hh: fixtures.normal2d(rng, H, H), b_h: fixtures.normal1d(rng, H) };
    const H0 = tf.relu(fixtures.normal2d(rng, B, H)) as tf.Tensor2D;
    const X = fixtures.normal2d(rng, B, D);
    const want = tf.relu(X.matMul(params.W_xh).add(H0.matMul(params.W_hh)).add(params.b_h));
    assert.close(callRelu(rnnReluStep, params, H0, X), want, "H_t");
  });

  test("不释放传入的参数和状态", 1, ({ rnnReluStep }) => {
    const params = { W_xh: tf.eye(2) as tf.Tensor2D, W_hh: tf.eye(2) as tf.Tensor2D, b_h: tf.zeros([2]) as tf.Tensor1D };
    const H0 = tf.ones([1, 2]) as tf.Tensor2D;
    const X = tf.ones([1, 2]) as tf.Tensor2D;
    const out = callRelu(rnnReluStep, params, H0, X);
    for (const [name, t] of Object.entries({ ...params, H: H0, X }))
      assert.ok(!t.isDisposed, `传入的 ${name} 被释放了：一步计算不应释放它的输入`);
    // The step must use its input (zeros or a constant would pass the checks above).
    const other = callRelu(rnnReluStep, params, H0, tf.fill([1, 2], 3) as tf.Tensor2D);
    assert.ok(tf.sub(out, other).abs().max().dataSync()[0] > 1e-6, "换一个输入 X_t，H_t 却没有变：一步计算应当用到 X_t");
  });
});
