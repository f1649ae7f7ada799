// Hidden tests of exercise 6.4.3: a model whose hidden state carries the context, random models.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assert, defineTests, fixtures } from "d2lzh/check";
import type { Impl, Params } from "./exercise";
import { callPredict } from "./public";

function reference(prefix: string, numChars: number, p: Params, chars: string): string {
  const idxToChar = Array.from(chars);
  const V = idxToChar.length;
  let H: tf.Tensor = tf.zeros([1, p.W_hh.shape[0]]);
  const feed = (i: number) => (H = tf.tanh(tf.oneHot([i], V).toFloat().matMul(p.W_xh).add(H.matMul(p.W_hh)).add(p.b_h)));
  const out = Array.from(prefix).map((c) => idxToChar.indexOf(c));
  out.forEach(feed);
  for (let k = 0; k < numChars; k++) {
    const logits = Array.from(H.matMul(p.W_hq).add(p.b_q).dataSync());
    const next = logits.indexOf(Math.max(...logits));
    out.push(next);
    feed(next);
  }
  return out.map((i) => idxToChar[i]).join("");
}

export default defineTests<Impl>("6.4.3", "hidden", (test) => {
  test("隐藏状态在生成时一直传下去", 1, ({ predictRnnGreedy }) => {
    const rng = d2l.seed(643);
    const chars = "春夏秋冬风雨";
    const p = {
      W_xh: fixtures.normal2d(rng, 6, 8, 1.5),
      W_hh: fixtures.normal2d(rng, 8, 8, 1.2),
      b_h: fixtures.normal1d(rng, 8, 0.2),
      W_hq: fixtures.normal2d(rng, 8, 6, 1.5),
      b_q: fixtures.normal1d(rng, 6, 0.2),
    };
    for (const prefix of ["春", "风雨", "冬秋夏"]) {
      assert.equal(
        callPredict(predictRnnGreedy, prefix, 12, p, chars),
        reference(prefix, 12, p, chars),
        `前缀「${prefix}」生成的文字`,
        "每个生成的字符都要作为输入更新隐藏状态，不要每步从零状态重新开始",
      );
    }
  });

  test("numChars = 0 时只返回前缀", 1, ({ predictRnnGreedy }) => {
    const rng = d2l.seed(6431);
    const p = {
      W_xh: fixtures.normal2d(rng, 3, 4),
      W_hh: fixtures.normal2d(rng, 4, 4),
      b_h: fixtures.normal1d(rng, 4),
      W_hq: fixtures.normal2d(rng, 4, 3),
      b_q: fixtures.normal1d(rng, 3),
    };
    assert.equal(callPredict(predictRnnGreedy, "ab", 0, p, "abc"), "ab", 'predictRnnGreedy("ab", 0, …)');
  });
});
