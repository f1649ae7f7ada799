// Hidden tests of exercise 6.7.0: random values against the book's formula (reset gate before W_hh).
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assert, defineTests, fixtures } from "d2lzh/check";
import type { GruParams, Impl } from "./exercise";
import { callGru } from "./public";

export default defineTests<Impl>("6.7.0", "hidden", (test) => {
  test("随机参数下与书中公式一致（重置门作用在 H_{t−1} 上再乘 W_hh）", 2, ({ gruStep }) => {
    const rng = d2l.seed(670);
    const [B, D, H] = [3, 4, 5];
    const w = (r: number, c: number) => fixtures.normal2d(rng, r, c, 0.8);
    const b = (n: number) => fixtures.normal1d(rng, n, 0.5);
    const p: GruParams = {
      W_xr: w(D, H),
      W_hr: w(H, H),
      b_r: b(H),
      W_xz: w(D, H),
      W_hz: w(H, H),
      b_z: b(H),
      W_xh: w(D, H),
      W_hh: w(H, H),
      b_h: b(H),
    };
    const H0 = fixtures.normal2d(rng, B, H, 0.7);
    const X = fixtures.normal2d(rng, B, D);
    const R = tf.sigmoid(X.matMul(p.W_xr).add(H0.matMul(p.W_hr)).add(p.b_r));
    const Z = tf.sigmoid(X.matMul(p.W_xz).add(H0.matMul(p.W_hz)).add(p.b_z));
    const Ht = tf.tanh(X.matMul(p.W_xh).add(R.mul(H0).matMul(p.W_hh)).add(p.b_h));
    const want = Z.mul(H0).add(tf.sub(1, Z).mul(Ht));
    assert.close(callGru(gruStep, p, H0, X), want, "H_t", {}, "书中的写法是 (R ⊙ H) W_hh，不是 R ⊙ (H W_hh)");
  });
});
