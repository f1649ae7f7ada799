// Hidden tests of exercise 6.4.4: random sizes against the two references (state as a constant, and
// one graph over both batches).
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assert, defineTests, fixtures } from "d2lzh/check";
import type { Impl, Params } from "./exercise";
import { callSecond } from "./public";

const stepRef = (p: Params, W_xh: tf.Tensor, H: tf.Tensor, X: tf.Tensor) => tf.tanh(X.matMul(W_xh).add(H.matMul(p.W_hh)).add(p.b_h));

function references(p: Params, b1: tf.Tensor2D[], b2: tf.Tensor2D[], H0: tf.Tensor2D): { detached: tf.Tensor; full: tf.Tensor } {
  const loss2 = (W_xh: tf.Tensor, H: tf.Tensor) =>
    b2.reduce((s: tf.Tensor, X) => {
      H = stepRef(p, W_xh, H, X);
      return s.add(H.matMul(p.W_hq).add(p.b_q).sum());
    }, tf.scalar(0));
  const through1 = (W_xh: tf.Tensor) => b1.reduce((H: tf.Tensor, X) => stepRef(p, W_xh, H, X), H0);
  const H1 = tf.tensor(through1(p.W_xh).arraySync() as number[][]); // a constant: no graph behind it
  return {
    detached: tf.grad((W: tf.Tensor) => loss2(W, H1) as tf.Scalar)(p.W_xh),
    full: tf.grad((W: tf.Tensor) => loss2(W, through1(W)) as tf.Scalar)(p.W_xh),
  };
}

export default defineTests<Impl>("6.4.4", "hidden", (test) => {
  const make = () => {
    const rng = d2l.seed(644);
    const [B, D, H, T] = [3, 5, 4, 3];
    const p = {
      W_xh: fixtures.normal2d(rng, D, H, 0.6),
      W_hh: fixtures.normal2d(rng, H, H, 0.6),
      b_h: fixtures.normal1d(rng, H, 0.1),
      W_hq: fixtures.normal2d(rng, H, D, 0.6),
      b_q: fixtures.normal1d(rng, D, 0.1),
    };
    const b1 = Array.from({ length: T }, () => fixtures.normal2d(rng, B, D));
    const b2 = Array.from({ length: T }, () => fixtures.normal2d(rng, B, D));
    return { p, b1, b2, H0: fixtures.normal2d(rng, B, H, 0.2) };
  };

  test("随机参数下，分离时与把第一批的末状态当作常数算出的梯度一致", 1, ({ secondBatchGrad }) => {
    const { p, b1, b2, H0 } = make();
    const want = references(p, b1, b2, H0).detached;
    assert.close(
      callSecond(secondBatchGrad, p, b1, b2, H0, true),
      want,
      "detach = true 时的梯度",
      { atol: 1e-4, rtol: 1e-3 },
      "分离不是把状态清零：第二批仍从第一批的末状态出发，只是不再对它求导",
    );
  });

  test("随机参数下，不分离时与在两个批量上整体求导一致", 1, ({ secondBatchGrad }) => {
    const { p, b1, b2, H0 } = make();
    const want = references(p, b1, b2, H0).full;
    assert.close(callSecond(secondBatchGrad, p, b1, b2, H0, false), want, "detach = false 时的梯度", { atol: 1e-4, rtol: 1e-3 });
  });
});
