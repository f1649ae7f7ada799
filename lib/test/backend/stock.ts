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

/**
 * About a million seeded inputs around `spread` (every 7th scaled by `scales[0]`, every 11th by
 * `scales[1]`, every 13th by `scales[2]`), `special` first: `op` gives the stock kernel's numbers
 * to the bit, and so does `scalar` (the same function one number at a time, for the tails) on the
 * first 4,096.
 */
export function millionLikeStock(
  op: (x: tf.Tensor) => tf.Tensor,
  scalar: (x: number) => number,
  inputs: { seed: number; spread: number; scales: readonly [number, number, number]; special: readonly number[] },
): void {
  const n = (1 << 20) + 7;
  const g = d2l.seed(inputs.seed).normals(n, 0, inputs.spread);
  const [a, b, c] = inputs.scales;
  const xs = Float32Array.from(g, (v, i) => (i % 7 === 0 ? v * a : i % 11 === 0 ? v * b : i % 13 === 0 ? v * c : v));
  xs.set(inputs.special);
  const x = tf.tensor1d(xs);
  const [ours, stock] = oursAndStock(op, x);
  x.dispose();
  assert.is(bitDiff(ours, stock), undefined);
  assert.is(
    bitDiff(Float32Array.from(xs.subarray(0, 4096), scalar), stock.subarray(0, 4096)),
    undefined,
    "the scalar function (the tail's)",
  );
}
