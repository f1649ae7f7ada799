// Hidden tests of exercise 6.10.1: random sizes and values, reversing the input swaps the halves.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assert, defineTests, fixtures } from "d2lzh/check";
import type { Direction, Impl } from "./exercise";
import { callBi } from "./public";

function randomDirection(rng: d2l.Rng, D: number, H: number): Direction {
  return { W_xh: fixtures.normal2d(rng, D, H, 0.6), W_hh: fixtures.normal2d(rng, H, H, 0.6), b_h: fixtures.normal1d(rng, H, 0.3) };
}

function reference(p: { forward: Direction; backward: Direction }, xs: tf.Tensor2D[]): tf.Tensor2D[] {
  const run = (d: Direction, seq: tf.Tensor2D[]) => {
    let H = tf.zeros([seq[0].shape[0], d.W_hh.shape[0]]) as tf.Tensor2D;
    return seq.map((X) => (H = tf.tanh(X.matMul(d.W_xh).add(H.matMul(d.W_hh)).add(d.b_h)) as tf.Tensor2D));
  };
  const f = run(p.forward, xs);
  const b = run(p.backward, xs.slice().reverse()).reverse();
  return f.map((H, t) => tf.concat([H, b[t]], 1) as tf.Tensor2D);
}

export default defineTests<Impl>("6.10.1", "hidden", (test) => {
  test("随机参数、h1 = 3 与 h2 = 5 时与逐步计算一致", 1, ({ biRnn }) => {
    const rng = d2l.seed(6101);
    const params = { forward: randomDirection(rng, 4, 3), backward: randomDirection(rng, 4, 5) };
    const xs = Array.from({ length: 5 }, () => fixtures.normal2d(rng, 2, 4));
    const want = reference(params, xs);
    callBi(biRnn, params, xs).forEach((H, t) => assert.close(H, want[t], `第 ${t + 1} 个时间步的输出`));
  });

  test("两个方向参数相同时，把输入倒过来等于交换两半并倒序", 1, ({ biRnn }) => {
    const rng = d2l.seed(6102);
    const d = randomDirection(rng, 3, 4);
    const params = { forward: d, backward: d };
    const xs = Array.from({ length: 4 }, () => fixtures.normal2d(rng, 2, 3));
    const out = callBi(biRnn, params, xs);
    const rev = callBi(biRnn, params, xs.slice().reverse());
    // Zeros, or any output that ignores the input, would satisfy the relation below without an RNN.
    const spread = tf.stack(out).sub(tf.stack(rev)).abs().max().dataSync()[0];
    assert.ok(spread > 1e-3, "倒过来的输入应给出不同的输出：每一步的输出应取决于输入序列，而不是常数或全零");
    out.forEach((H, t) => {
      const [f, b] = tf.split(rev[xs.length - 1 - t], 2, 1);
      assert.close(H, tf.concat([b, f], 1), `第 ${t + 1} 个时间步`, {}, "反向层在第 t 步的输出应看到 X_t, …, X_T，正向层看到 X_1, …, X_t");
    });
  });
});
