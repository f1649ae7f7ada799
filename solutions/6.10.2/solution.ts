import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.10.2
type Direction = { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D };
type BiLayer = { forward: Direction; backward: Direction };

/** 多层双向 RNN 每层的输入个数（hiddens[l] 是第 l + 1 层两个方向的隐藏单元个数 [h_f, h_b]；第 1 层读 numInputs 个）。 */
function layerInputSizes(numInputs: number, hiddens: readonly [number, number][]): number[] {
  // BEGIN SOLUTION 每层的输入来自哪里？
  return hiddens.map((_, l) => (l === 0 ? numInputs : hiddens[l - 1][0] + hiddens[l - 1][1]));
  // END SOLUTION
}

/**
 * 把若干双向层叠起来（tanh，两个方向都从零状态开始）：每层的正向从 t = 1 读到 T、反向从 T 读到 1，
 * 每层第 t 步的输出是本节定义的 H_t = [→H_t, ←H_t]。返回最上层每个时间步的输出。
 */
function deepBiRnn(params: BiLayer[], inputs: tf.Tensor2D[]): tf.Tensor2D[] {
  // BEGIN SOLUTION 先写好一个双向层，再让每层的输出作为下一层的输入
  return tf.tidy(() => {
    const run = (p: Direction, xs: tf.Tensor2D[]) => {
      let H = tf.zeros([xs[0].shape[0], p.W_hh.shape[0]]) as tf.Tensor2D;
      return xs.map((X) => (H = tf.tanh(tf.add(tf.add(tf.matMul(X, p.W_xh), tf.matMul(H, p.W_hh)), p.b_h)) as tf.Tensor2D));
    };
    let seq = inputs;
    for (const layer of params) {
      const f = run(layer.forward, seq);
      const b = run(layer.backward, seq.slice().reverse()).reverse();
      seq = f.map((H, t) => tf.concat([H, b[t]], 1) as tf.Tensor2D);
    }
    return seq;
  });
  // END SOLUTION
}
