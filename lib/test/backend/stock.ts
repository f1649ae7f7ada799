import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// What the element-wise kernels' tests share: their claim is the stock wasm kernel's numbers to the bit.

/** Differences in any bit (NaN against NaN counts as equal: wasm does not fix a NaN's bits). */
export function bitDiff(got: Float32Array, want: Float32Array): string | undefined {
  const [g, w] = [new Uint32Array(got.buffer, got.byteOffset, got.length), new Uint32Array(want.buffer, want.byteOffset, want.length)];
  for (let i = 0; i < w.length; i++) {
    if (g[i] !== w[i] && !(Number.isNaN(got[i]) && Number.isNaN(want[i]))) return `element ${i}: ${got[i]} vs ${want[i]}`;
  }
  return undefined;
}

/** `op` on `x` with our kernels and with tfjs's own (`withStockWasmKernels`). */
export function oursAndStock(op: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): [Float32Array, Float32Array] {
  const ours = tf.tidy(() => op(x).dataSync() as Float32Array);
  const stock = d2l.withStockWasmKernels(() => tf.tidy(() => op(x).dataSync() as Float32Array));
  return [ours, stock];
}

/**
 * `op` gives the stock kernel's numbers for every length 0…35 on [−r, r] (the last n mod 16
 * elements go one by one), and its gradient leaves no tensor behind.
 */
export function everyLengthLikeStock(op: (x: tf.Tensor) => tf.Tensor, r: number): void {
  for (let n = 0; n <= 35; n++) {
    const x = n === 0 ? tf.tensor1d([]) : tf.linspace(-r, r, n);
    assert.is(bitDiff(...oursAndStock(op, x)), undefined, `n = ${n}`);
    x.dispose();
  }
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    tf.grad((v: tf.Tensor) => op(v).sum())(tf.ones([3, 5]));
  });
  assert.is(tf.memory().numTensors, before, "no tensor left behind");
}
