// Public tests of exercise 6.9.1 (an RNN with two hidden layers, from scratch).
import * as tf from "@tensorflow/tfjs";
import { Rng, seed } from "d2lzh";
import { assert, defineTests } from "d2lzh/check";
import type { DeepParams, DeepOut, Impl } from "./exercise";
import { expectRecord } from "../shared/records";

export function checkedDeepParams(fn: Impl["getDeepParams"], V: number, H: number, rng: Rng): DeepParams {
  assert.ok(typeof fn === "function", "getDeepParams 应是一个函数");
  const p = fn(V, H, rng) as unknown as Record<string, unknown>;
  expectRecord(p, "getDeepParams", ["layers", "W_hq", "b_q"]);
  assert.ok(Array.isArray(p.layers), `getDeepParams 返回的 layers 应是每层一个参数记录的数组，实际得到 ${assert.describe(p.layers)}`);
  const layers = p.layers as Record<string, unknown>[];
  assert.ok(layers.length === 2, `应有 2 个隐藏层，实际 ${layers.length} 个`);
  const v = `词表大小 V = ${V}`;
  const h = `隐藏单元数 H = ${H}`;
  assert.shape(layers[0].W_xh, [V, H], "第 1 层的 W_xh", [v, h]);
  assert.shape(
    layers[1].W_xh,
    [H, H],
    "第 2 层的 W_xh",
    [`第 1 层的隐藏单元数 H = ${H}`, h],
    "第 2 层的输入是第 1 层的隐藏状态，不是 one-hot 向量",
  );
  layers.forEach((l, i) => {
    assert.shape(l.W_hh, [H, H], `第 ${i + 1} 层的 W_hh`, [h, h]);
    assert.shape(l.b_h, [H], `第 ${i + 1} 层的 b_h`, [h]);
  });
  assert.shape(p.W_hq, [H, V], "W_hq", [h, v]);
  assert.shape(p.b_q, [V], "b_q", [v]);
  return p as unknown as DeepParams;
}

export function callDeep(fn: Impl["deepRnn"], inputs: tf.Tensor2D[], state: { H: tf.Tensor2D }[], params: DeepParams): DeepOut {
  assert.ok(typeof fn === "function", "deepRnn 应是一个函数");
  const out = fn(inputs, state, params) as unknown as Record<string, unknown>;
  expectRecord(out, "deepRnn", ["outputs", "state"]);
  assert.ok(
    Array.isArray(out.outputs) && out.outputs.length === inputs.length,
    `outputs 应有 ${inputs.length} 个（每个时间步一个），实际得到 ${assert.describe(out.outputs)}`,
  );
  assert.ok(
    Array.isArray(out.state) && out.state.length === 2,
    `state 应是两层的状态 [{ H }, { H }]，实际得到 ${assert.describe(out.state)}`,
  );
  const [B, V] = [inputs[0].shape[0], params.W_hq.shape[1]];
  (out.outputs as unknown[]).forEach((o, t) => assert.shape(o, [B, V], `第 ${t + 1} 步的输出`, [`批量大小 B = ${B}`, `词表大小 V = ${V}`]));
  (out.state as { H: unknown }[]).forEach((s, l) => assert.shape(s?.H, state[l].H.shape, `第 ${l + 1} 层的最终状态 H`));
  return out as DeepOut;
}

/** One unit per layer: layer 1 W_xh = 1, W_hh = 0.5; layer 2 W_xh = 2, W_hh = 0; W_hq = 1, b_q = 0.1. */
export const scalarDeep = (): DeepParams => ({
  layers: [
    { W_xh: tf.tensor2d([[1]]), W_hh: tf.tensor2d([[0.5]]), b_h: tf.tensor1d([0]) },
    { W_xh: tf.tensor2d([[2]]), W_hh: tf.tensor2d([[0]]), b_h: tf.tensor1d([0]) },
  ],
  W_hq: tf.tensor2d([[1]]),
  b_q: tf.tensor1d([0.1]),
});

export default defineTests<Impl>("6.9.1", "public", (test) => {
  test("参数形状：第 2 层读第 1 层的 H 个隐藏状态", 1, ({ getDeepParams }) => {
    checkedDeepParams(getDeepParams, 7, 4, seed(1));
  });

  test("两层逐层计算、每层的状态沿时间传递（手算的小例子）", 2, ({ deepRnn }) => {
    // x = (1, −1): h¹_1 = tanh(1) = 0.761594, h²_1 = tanh(2·h¹_1) = 0.909252, O_1 = 1.009252;
    // h¹_2 = tanh(−1 + 0.5·h¹_1) = −0.550573, h²_2 = tanh(2·h¹_2) = −0.800910, O_2 = −0.700910.
    const zero = () => ({ H: tf.zeros([1, 1]) as tf.Tensor2D });
    const out = callDeep(deepRnn, [tf.tensor2d([[1]]), tf.tensor2d([[-1]])], [zero(), zero()], scalarDeep());
    const hint =
      "每个时间步：H¹_t 用 X_t 和 H¹_{t−1}，H²_t 用同一步的 H¹_t 和 H²_{t−1}，输出只读最上层；两层的激活函数都是 tanh（不是 relu）";
    assert.close(out.outputs[0], tf.tensor2d([[1.0092517]]), "O_1", {}, hint);
    assert.close(out.outputs[1], tf.tensor2d([[-0.7009102]]), "O_2", {}, hint);
    assert.close(out.state[0].H, tf.tensor2d([[-0.5505728]]), "第 1 层的最终状态");
    assert.close(out.state[1].H, tf.tensor2d([[-0.8009102]]), "第 2 层的最终状态");
  });
});
