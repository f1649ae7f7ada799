// Hidden tests of exercise 6.10.2: random values against a reference stack, one layer = 6.10.1.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assert, defineTests, fixtures } from "d2lzh/check";
import type { BiLayer, Direction, Impl } from "./exercise";
import { callDeepBi } from "./public";

function randomDirection(rng: d2l.Rng, D: number, H: number): Direction {
  return { W_xh: fixtures.normal2d(rng, D, H, 0.6), W_hh: fixtures.normal2d(rng, H, H, 0.6), b_h: fixtures.normal1d(rng, H, 0.3) };
}

function reference(params: BiLayer[], xs: tf.Tensor2D[]): tf.Tensor[] {
  const run = (d: Direction, seq: tf.Tensor[]) => {
    let H: tf.Tensor = tf.zeros([seq[0].shape[0], d.W_hh.shape[0]]);
    return seq.map((X) => (H = tf.tanh(X.matMul(d.W_xh).add(H.matMul(d.W_hh)).add(d.b_h))));
  };
  let seq: tf.Tensor[] = xs;
  for (const l of params) {
    const f = run(l.forward, seq);
    const b = run(l.backward, seq.slice().reverse()).reverse();
    seq = f.map((H, t) => tf.concat([H, b[t]], 1));
  }
  return seq;
}

export default defineTests<Impl>("6.10.2", "hidden", (test) => {
  test("随机参数、三层、每层两个方向大小不同时与逐层计算一致", 1, ({ deepBiRnn }) => {
    const rng = d2l.seed(6102);
    const sizes: [number, number][] = [
      [3, 2],
      [4, 4],
      [2, 5],
    ];
    let d = 3;
    const params = sizes.map(([hf, hb]) => {
      const l = { forward: randomDirection(rng, d, hf), backward: randomDirection(rng, d, hb) };
      d = hf + hb;
      return l;
    });
    const xs = Array.from({ length: 4 }, () => fixtures.normal2d(rng, 2, 3));
    const want = reference(params, xs);
    callDeepBi(deepBiRnn, params, xs).forEach((H, t) =>
      assert.close(H, want[t], `第 ${t + 1} 步的输出`, {}, "每一层的两个方向都读上一层的整个输出 [→H, ←H]"),
    );
  });

  test("layerInputSizes 只有一层时就是输入个数", 1, ({ layerInputSizes }) => {
    assert.equal(layerInputSizes(7, [[2, 3]]), [7], "layerInputSizes(7, [[2, 3]])");
  });
});
