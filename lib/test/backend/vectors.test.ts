import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { WasmBackend } from "../../src/backend/kernels/wasm-internals";
import { heapBlock } from "./heap-block";
import { addRowsInto, mulRowsInto, oneMinusRowsInto, shifted, subRowsInto } from "../../src/backend/kernels/vectors";
import { sigmoidRowsInto } from "../../src/backend/kernels/sigmoid";
import { sigmoidf } from "../../src/backend/kernels/sigmoid-simd";
import { tanhRowsInto } from "../../src/backend/kernels/tanh";
import { tanhf } from "../../src/backend/kernels/tanh-simd";

// The row-block functions of `vectors.ts`, `tanh.ts` and `sigmoid.ts` that the GRU and LSTM loops
// use to read and write a gate's columns where they lie: each element gets one float32 operation
// (the same as the 1-D functions), the columns around the block are left alone, and widths that
// fill no whole group (the JS tail) give the same numbers. Also the Square kernel built on `mulInto`.

let onWasm = false;
const setup = async () => {
  onWasm = (await d2l.backend({ quiet: true })).name === "wasm";
};

const f = Math.fround;
const rows = 5;
const cols = 41; // the blocks sit inside [5, 41] tensors, from column 3

const block = (seed: number) => heapBlock(seed, rows, cols, 2);

const vectors = suite("row-block vector functions on wasm");
vectors.before(setup);

vectors("add, subtract, multiply and 1 − z on strided row blocks, every width from 0 to 37", () => {
  if (!onWasm) return;
  const backend = tf.backend() as unknown as WasmBackend;
  const ops = [
    { name: "add", run: addRowsInto, scalar: (x: number, y: number) => f(x + y) },
    { name: "sub", run: subRowsInto, scalar: (x: number, y: number) => f(x - y) },
    { name: "mul", run: mulRowsInto, scalar: (x: number, y: number) => f(x * y) },
    { name: "1 − z", run: undefined, scalar: (x: number) => f(1 - x) },
  ];
  for (const op of ops) {
    for (let width = 0; width <= 37; width++) {
      const [a, b, out] = [block(1), block(2), block(3)];
      if (op.run === undefined) oneMinusRowsInto(backend, shifted(a.at, 3), shifted(out.at, 1), rows, width);
      else op.run(backend, shifted(a.at, 3), b.at, shifted(out.at, 1), rows, width);
      const got = out.t.dataSync();
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const inside = c >= 1 && c < 1 + width;
          const x = a.values[r * cols + 3 + c - 1];
          const y = b.values[r * cols + c - 1];
          const want = inside ? op.scalar(x, y) : out.values[r * cols + c];
          assert.is(got[r * cols + c], want, `${op.name}, width ${width}, row ${r}, column ${c}`);
        }
      }
      tf.dispose([a.t, b.t, out.t]);
    }
  }
});

vectors("tanh and σ on strided row blocks, in place and not, with widths past a 16-float group", () => {
  if (!onWasm) return;
  const backend = tf.backend() as unknown as WasmBackend;
  const ops = [
    { name: "tanh", run: tanhRowsInto, scalar: tanhf },
    { name: "σ", run: sigmoidRowsInto, scalar: sigmoidf },
  ];
  for (const op of ops) {
    for (const width of [0, 5, 16, 18, 32, 37]) {
      for (const inPlace of [false, true]) {
        const [a, out] = [block(4), block(5)];
        const to = inPlace ? shifted(a.at, 2) : shifted(out.at, 2);
        op.run(backend, shifted(a.at, 2), to, rows, width);
        const got = (inPlace ? a.t : out.t).dataSync();
        const before = inPlace ? a.values : out.values;
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            const inside = c >= 2 && c < 2 + width;
            const want = inside ? op.scalar(a.values[r * cols + c]) : before[r * cols + c];
            assert.is(got[r * cols + c], want, `${op.name}, width ${width}, in place ${inPlace}, row ${r}, column ${c}`);
          }
        }
        tf.dispose([a.t, out.t]);
      }
    }
  }
});

vectors("Square gives the stock kernel's x ⊙ x to the bit, every length and the specials", () => {
  if (!onWasm) return;
  for (const n of [0, 1, 3, 4, 5, 17, 1027 * 3]) {
    const xs = Float32Array.from(d2l.seed(n).normals(n, 0, 1e3));
    xs.set([0, -0, Infinity, -Infinity, NaN, 1e-30, 3e38].slice(0, n));
    const x = tf.tensor1d(xs);
    const ours = tf.tidy(() => tf.square(x).dataSync() as Float32Array);
    const stock = d2l.withStockWasmKernels(() => tf.tidy(() => tf.square(x).dataSync() as Float32Array));
    assert.equal(Array.from(ours), Array.from(stock), `n = ${n}`);
    x.dispose();
  }
});

vectors.run();
