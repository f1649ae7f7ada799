import { suite } from "uvu";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { everyLengthLikeStock, millionLikeStock } from "./stock";
import { sigmoidf } from "../../src/backend/kernels/sigmoid-simd";

// Our Sigmoid (lib/src/backend/kernels/sigmoid*.ts) claims the stock wasm kernel's numbers to the
// bit: the stock kernel runs XNNPACK's sigmoid, and ours runs the same float operations lane by lane.

let onWasm = false;
const setup = async () => {
  onWasm = (await d2l.backend({ quiet: true })).name === "wasm";
};

// Zero and the signs, the rounding of n at ±½·ln 2 steps, the cut-off where e^−z stops being a
// normal float (±87.3365…) and where σ rounds to 1, the specials.
const SPECIAL = [
  0,
  -0,
  1e-45,
  -1e-45,
  1e-30,
  -1e-30,
  0.34657359,
  -0.34657359,
  0.5,
  -0.5,
  1,
  -1,
  5,
  -5,
  16.635532,
  17,
  -17,
  30,
  -30,
  87.33654,
  87.336548,
  87.33655,
  -87.33654,
  -87.336548,
  -87.33655,
  88.7,
  -88.7,
  103.9,
  -103.9,
  104,
  -104,
  1e30,
  -1e30,
  Infinity,
  -Infinity,
  NaN,
];

const kernel = suite("Sigmoid on wasm");
kernel.before(setup);

kernel("gives the stock kernel's σ to the bit on a million inputs and the edges", () => {
  if (!onWasm) return;
  millionLikeStock(tf.sigmoid, sigmoidf, { seed: 16, spread: 4, scales: [0.001, 25, 1e-7], special: SPECIAL });
});

kernel("handles every length (the last n mod 16 elements one by one) and leaves no tensor behind", () => {
  if (!onWasm) return;
  everyLengthLikeStock(tf.sigmoid, 9);
});

kernel.run();
