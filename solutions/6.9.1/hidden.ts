// Hidden tests of exercise 6.9.1: initialisation from the seed, random values against the recursion.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assert, defineTests, fixtures } from "d2lzh/check";
import type { DeepParams, Impl } from "./exercise";
import { callDeep, checkedDeepParams } from "./public";

export default defineTests<Impl>("6.9.1", "hidden", (test) => {
  test("权重来自 N(0, 0.01²)、偏置为 0，同一种子得到同样的参数", 1, ({ getDeepParams }) => {
    const p = checkedDeepParams(getDeepParams, 30, 40, d2l.seed(9));
    const q = checkedDeepParams(getDeepParams, 30, 40, d2l.seed(9));
    assert.close(q.layers[1].W_xh, p.layers[1].W_xh, "同一种子两次得到的第 2 层 W_xh", { atol: 0, rtol: 0 }, "随机数都要从传入的 rng 中取");
    const w = Array.from(p.layers[1].W_hh.dataSync());
    const std = Math.sqrt(w.reduce((a, x) => a + x * x, 0) / w.length);
    assert.ok(std > 0.008 && std < 0.012, `第 2 层 W_hh 的标准差 ${assert.num(std)} 不像 0.01`);
    assert.close(p.layers[1].b_h, tf.zeros([40]), "第 2 层的 b_h");
  });

  test("随机参数下与逐层递推一致", 2, ({ deepRnn }) => {
    const rng = d2l.seed(691);
    const [B, V, H, T] = [2, 5, 3, 4];
    const layer = (d: number) => ({
      W_xh: fixtures.normal2d(rng, d, H, 0.7),
      W_hh: fixtures.normal2d(rng, H, H, 0.7),
      b_h: fixtures.normal1d(rng, H, 0.2),
    });
    const p: DeepParams = { layers: [layer(V), layer(H)], W_hq: fixtures.normal2d(rng, H, V), b_q: fixtures.normal1d(rng, V) };
    const xs = Array.from({ length: T }, () => fixtures.normal2d(rng, B, V));
    const init = [fixtures.normal2d(rng, B, H, 0.3), fixtures.normal2d(rng, B, H, 0.3)];
    const Hs: tf.Tensor[] = init.slice();
    const want = xs.map((X) => {
      let below: tf.Tensor = X;
      p.layers.forEach((l, k) => (below = Hs[k] = tf.tanh(below.matMul(l.W_xh).add(Hs[k].matMul(l.W_hh)).add(l.b_h))));
      return below.matMul(p.W_hq).add(p.b_q);
    });
    const out = callDeep(
      deepRnn,
      xs,
      init.map((H0) => ({ H: H0 })),
      p,
    );
    out.outputs.forEach((o, t) => assert.close(o, want[t], `第 ${t + 1} 步的输出`));
    out.state.forEach((s, k) => assert.close(s.H, Hs[k], `第 ${k + 1} 层的最终状态`));
  });
});
