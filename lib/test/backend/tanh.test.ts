import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { bitDiff, everyLengthLikeStock, oursAndStock } from "./stock";
import { tanhf } from "../../src/backend/kernels/tanh-simd";

// Our Tanh (lib/src/backend/kernels/tanh*.ts) claims the stock wasm kernel's numbers to the bit:
// the stock kernel calls musl's tanhf, and ours runs the same float operations lane by lane.

let onWasm = false;
const setup = async () => {
  onWasm = (await d2l.backend({ quiet: true })).name === "wasm";
};

// Each of tanhf's five ranges and their edges, expm1f's k = 0, ±1, 2…22 and ≥ 23, the specials.
const SPECIAL = [
  0,
  -0,
  1e-45,
  -1e-45,
  1e-39,
  1.1754942e-38,
  1.17549435e-38,
  3e-8,
  -3e-8,
  0.2554128,
  0.25541282,
  0.2554129,
  0.5493061,
  0.54930615,
  0.5493062,
  0.17,
  0.35,
  0.52,
  1.0,
  7.8,
  8.0,
  9.999999,
  10,
  10.000001,
  20,
  88,
  1e30,
  Infinity,
  -Infinity,
  NaN,
  -0.3,
  -5,
  -12,
];

const kernel = suite("Tanh on wasm");
kernel.before(setup);

kernel("gives the stock kernel's tanh to the bit on a million inputs and every range's edges", () => {
  if (!onWasm) return;
  const rng = d2l.seed(6);
  const n = (1 << 20) + 7;
  const xs = new Float32Array(n);
  const g = rng.normals(n, 0, 3);
  for (let i = 0; i < n; i++) xs[i] = i % 7 === 0 ? g[i] * 0.01 : i % 11 === 0 ? g[i] * 10 : i % 13 === 0 ? g[i] * 1e-6 : g[i];
  xs.set(SPECIAL);
  const x = tf.tensor1d(xs);
  const [ours, stock] = oursAndStock(tf.tanh, x);
  assert.is(bitDiff(ours, stock), undefined);
  const scalar = Float32Array.from(xs.subarray(0, 4096), tanhf);
  assert.is(bitDiff(scalar, stock.subarray(0, 4096)), undefined, "the scalar tanhf (the tail's)");
  x.dispose();
});

kernel("handles every length (the last n mod 16 elements one by one), in place inside the time loops", () => {
  if (!onWasm) return;
  everyLengthLikeStock(tf.tanh, 3);
});

kernel.run();
