// Public tests of exercise 6.2.1 (the number of outputs of a language-model RNN).
import * as tf from "@tensorflow/tfjs";
import { Rng, seed } from "d2lzh";
import { assert, defineTests } from "d2lzh/check";
import type { Params, Impl, Sizes } from "./exercise";
import { expectRecord } from "../shared/records";

/** Calls getParams and checks every shape, naming the axis. */
export function checkedParams(getParams: Impl["getParams"], sizes: Sizes, rng: Rng): Params {
  assert.ok(typeof getParams === "function", "getParams 应是一个函数");
  const p = getParams({ ...sizes }, rng) as unknown as Record<string, unknown>;
  expectRecord(p, "getParams", ["W_xh", "W_hh", "b_h", "W_hq", "b_q"]);
  const { numInputs: D, numHiddens: H, vocabSize: V } = sizes;
  const d = `输入长度 D = ${D}`;
  const h = `隐藏单元数 H = ${H}`;
  const v = `输出个数 = 词表大小 V = ${V}`;
  assert.shape(p.W_xh, [D, H], "W_xh", [d, h], "W_xh 读入长 D 的输入 X_t");
  assert.shape(p.W_hh, [H, H], "W_hh", [h, h]);
  assert.shape(p.b_h, [H], "b_h", [h]);
  const outHint =
    D === V
      ? "输出层要给词表中的每个词一个分数：W_hq 的列数是 V"
      : `输出层要给词表中的每个词一个分数：W_hq 的列数是词表大小 V = ${V}，与输入长度 D = ${D}、隐藏单元数 H = ${H} 都无关`;
  assert.shape(p.W_hq, [H, V], "W_hq", [h, v], outHint);
  assert.shape(p.b_q, [V], "b_q", [v], "b_q 的长度与 W_hq 的列数相同");
  return p as unknown as Params;
}

export function callStep(
  fn: Impl["rnnStepWithOutput"],
  params: Params,
  H: tf.Tensor2D,
  X: tf.Tensor2D,
  V: number,
): { H: tf.Tensor2D; O: tf.Tensor2D } {
  assert.ok(typeof fn === "function", "rnnStepWithOutput 应是一个函数");
  const out = fn(params, { H }, X) as unknown as Record<string, unknown>;
  expectRecord(out, "rnnStepWithOutput", ["H", "O"]);
  const B = X.shape[0];
  const nh = params.W_hh.shape[0];
  assert.shape(out.H, [B, nh], "返回的 H", [`批量大小 B = ${B}`, `隐藏单元数 H = ${nh}`]);
  assert.shape(
    out.O,
    [B, V],
    "返回的 O",
    [`批量大小 B = ${B}`, `输出个数 = 词表大小 V = ${V}`],
    "O_t 的每一列对应词表中的一个词（这里是字符）",
  );
  return out as { H: tf.Tensor2D; O: tf.Tensor2D };
}

export default defineTests<Impl>("6.2.1", "public", (test) => {
  test("参数形状（输入长度 D = 5、隐藏单元 H = 4、词表 V = 7）", 1, ({ getParams }) => {
    checkedParams(getParams, { numInputs: 5, numHiddens: 4, vocabSize: 7 }, seed(1));
  });

  test("权重来自 N(0, 0.01²)、偏置为 0，同一种子得到同样的参数", 1, ({ getParams }) => {
    const sizes = { numInputs: 40, numHiddens: 50, vocabSize: 60 };
    const p = checkedParams(getParams, sizes, seed(2));
    const q = checkedParams(getParams, sizes, seed(2));
    assert.close(
      q.W_xh,
      p.W_xh,
      "同一种子两次得到的 W_xh",
      { atol: 0, rtol: 0 },
      "所有随机数都要从传入的 rng 中取，不要用 Math.random 或 tf.randomNormal",
    );
    const w = Array.from(p.W_xh.dataSync());
    const mean = w.reduce((a, x) => a + x, 0) / w.length;
    const std = Math.sqrt(w.reduce((a, x) => a + (x - mean) ** 2, 0) / w.length);
    assert.ok(
      Math.abs(mean) < 0.002 && std > 0.008 && std < 0.012,
      `W_xh 的均值 ${assert.num(mean)}、标准差 ${assert.num(std)} 不像 N(0, 0.01²)`,
      "用 rng.normals(个数, 0, 0.01)",
    );
    assert.close(p.b_h, tf.zeros([50]), "b_h", {}, "偏置初始化为 0");
    assert.close(p.b_q, tf.zeros([60]), "b_q", {}, "偏置初始化为 0");
  });

  test("一个时间步的 H_t 与 O_t（手算的小例子）", 1, ({ rnnStepWithOutput }) => {
    // V = 2, H = 2: W_xh = I, W_hh = 0, b_h = 0, so H = tanh(X) = [tanh(1), 0] = [0.761594, 0];
    // O = H W_hq + b_q = [0.761594 + 0.5, 2·0.761594 − 0.5] with W_hq = [[1, 2], [3, 4]], b_q = [0.5, −0.5].
    const params = {
      W_xh: tf.tensor2d([
        [1, 0],
        [0, 1],
      ]),
      W_hh: tf.zeros([2, 2]) as tf.Tensor2D,
      b_h: tf.zeros([2]) as tf.Tensor1D,
      W_hq: tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      b_q: tf.tensor1d([0.5, -0.5]),
    };
    const out = callStep(rnnStepWithOutput, params, tf.zeros([1, 2]), tf.tensor2d([[1, 0]]), 2);
    assert.close(out.H, tf.tensor2d([[Math.tanh(1), 0]]), "H_t", {}, "H_t = tanh(X_t W_xh + H_{t−1} W_hh + b_h)");
    assert.close(out.O, tf.tensor2d([[Math.tanh(1) + 0.5, 2 * Math.tanh(1) - 0.5]]), "O_t", {}, "O_t = H_t W_hq + b_q");
  });
});
