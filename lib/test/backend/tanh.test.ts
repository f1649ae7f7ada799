import { suite } from "uvu";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { everyLengthLikeStock, millionLikeStock } from "./stock";
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
  millionLikeStock(tf.tanh, tanhf, { seed: 6, spread: 3, scales: [0.01, 10, 1e-6], special: SPECIAL });
});

kernel("handles every length (the last n mod 16 elements one by one), in place inside the time loops", () => {
  if (!onWasm) return;
  everyLengthLikeStock(tf.tanh, 3);
});

kernel.run();
