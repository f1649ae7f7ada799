import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { WasmBackend } from "../../src/backend/kernels/wasm-internals";
import { heapBlock } from "./heap-block";
import { Rows, runPass, shifted } from "../../src/backend/kernels/vectors";
import { Expr, PASSES, PassName, PassSpec, add, mul, passFunction, sub } from "../../src/backend/kernels/row-passes";

// The time loops' fused element-wise passes (`row-passes.ts`): every element gets the float32
// operations of its expressions, one rounding each, in the wasm groups of four and in the JS tail
// alike; columns around a block are left alone; an output may be the memory of an input. (That the
// loops built on them give the one-operation-per-call numbers is `kernels.test.ts`'s check.)

let onWasm = false;
const setup = async () => {
  onWasm = (await d2l.backend({ quiet: true })).name === "wasm";
};

const f = Math.fround;
const rows = 4;
const cols = 43;

const block = (seed: number) => heapBlock(seed, rows, cols, 0.7);

/** The expected outputs of one element: each operation in float32, written apart from the library's evaluator. */
function expected(spec: PassSpec, inputs: readonly number[]): number[] {
  const env = new Map<string, number>(spec.inputs.map((n, k) => [n, inputs[k]]));
  const ev = (e: Expr): number => {
    if (e === 1) return 1;
    if (typeof e === "string") return env.get(e) as number;
    const [a, b] = [ev(e.a), ev(e.b)];
    return e.op === "add" ? f(a + b) : e.op === "sub" ? f(a - b) : f(a * b);
  };
  spec.temps.forEach(([n, e]) => env.set(n, ev(e)));
  return spec.outputs.map(([, e]) => ev(e));
}

const passes = suite("fused row passes on wasm");
passes.before(setup);

passes("every pass, every width from 0 to 21 and 37, on strided blocks inside wider rows", () => {
  if (!onWasm) return;
  const backend = tf.backend() as unknown as WasmBackend;
  for (const name of Object.keys(PASSES) as PassName[]) {
    const spec: PassSpec = PASSES[name];
    for (const width of [...Array.from({ length: 22 }, (_, w) => w), 37]) {
      const names = [...spec.inputs, ...spec.outputs.map(([n]) => n)];
      const blocks = names.map((_, k) => block(100 + k));
      const shift = (k: number) => k % 3; // blocks start at columns 0, 1 or 2 of their rows
      const at = Object.fromEntries(names.map((n, k) => [n, shifted(blocks[k].at, shift(k))]));
      runPass(backend, name, at, rows, width);
      const k0 = spec.inputs.length;
      const results = spec.outputs.map((_, j) => blocks[k0 + j].t.dataSync()); // read once after the pass
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          for (let j = 0; j < spec.outputs.length; j++) {
            const k = k0 + j;
            const col = c - shift(k); // the output block's column for tensor column c
            const inside = col >= 0 && col < width;
            const want = inside
              ? expected(
                  spec,
                  spec.inputs.map((_, i) => blocks[i].values[r * cols + shift(i) + col]),
                )[j]
              : blocks[k].values[r * cols + c];
            assert.is(results[j][r * cols + c], want, `${name}, width ${width}, output ${spec.outputs[j][0]}, row ${r}, column ${c}`);
          }
        }
      }
      tf.dispose(blocks.map((b) => b.t));
    }
  }
});

passes("an output may be the memory of an input (the LSTM's dC carried back in place)", () => {
  if (!onWasm) return;
  const backend = tf.backend() as unknown as WasmBackend;
  const spec: PassSpec = PASSES.lstmBack;
  const width = 30;
  const blocks = spec.inputs.map((_, k) => block(200 + k));
  const outs = spec.outputs.map((_, j) => block(300 + j));
  const at: Record<string, Rows> = Object.fromEntries(spec.inputs.map((n, k) => [n, blocks[k].at]));
  spec.outputs.forEach(([n], j) => (at[n] = outs[j].at));
  at.dCback = at.dCnext; // written where it was read
  runPass(backend, "lstmBack", at, rows, width);
  const dCnextAt = spec.inputs.indexOf("dCnext");
  const got = blocks[dCnextAt].t.dataSync();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) {
      const want = expected(
        spec,
        spec.inputs.map((_, i) => blocks[i].values[r * cols + c]),
      )[spec.outputs.length - 1];
      assert.is(got[r * cols + c], want, `dCback in place, row ${r}, column ${c}`);
    }
  }
  tf.dispose([...blocks, ...outs].map((b) => b.t));
});

passes("a pass names an operand it does not know, and runPass a block it is not given", () => {
  const bad: PassSpec = { name: "bad", inputs: ["a"], temps: [], outputs: [["y", add("a", mul("b", sub(1, "a")))]] };
  assert.throws(() => passFunction(bad), /passFunction bad: b: expected an input or an earlier temporary/);
  if (!onWasm) return;
  const backend = tf.backend() as unknown as WasmBackend;
  const a = block(1);
  assert.throws(
    () => runPass(backend, "gruOut", { z: a.at, hPrev: a.at }, rows, 4),
    /runPass gruOut: cand: expected a row block, got nothing/,
  );
  a.t.dispose();
});

passes.run();
