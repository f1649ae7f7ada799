import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { Worker } from "node:worker_threads";
import {
  GemmPool,
  MAX_UNITS,
  awaitUnits,
  controlWords,
  openJob,
  takeUnit,
  unitLayout,
  unitRange,
  writeJob,
  runProgram,
  functionNames,
  argArrays,
} from "../../src/backend/kernels/gemm-pool";
import { GemmExports, gemmModuleBytes } from "../../src/backend/kernels/gemm-module";
import { sleb, uleb } from "../../src/backend/kernels/wasm-emit";

// Our GEMM (lib/src/backend/kernels/gemm*.ts) replaces XNNPACK for every float32 product on wasm.
// It claims XNNPACK's numbers to the bit (same operations, same order), so the oracle here is the
// stock kernel itself: `withStockWasmKernels` runs tfjs's own BatchMatMul, which takes XNNPACK
// for plain single-batch operands.

let onWasm = false;
const setup = async () => {
  onWasm = (await d2l.backend({ quiet: true })).name === "wasm";
};

/** Elements that differ in any bit, and the first of them. */
function bitDiff(got: Float32Array, want: Float32Array): string | undefined {
  const [g, w] = [new Uint32Array(got.buffer, got.byteOffset, got.length), new Uint32Array(want.buffer, want.byteOffset, want.length)];
  let count = 0;
  let first = -1;
  for (let i = 0; i < w.length; i++) {
    if (g[i] !== w[i]) {
      if (first < 0) first = i;
      count++;
    }
  }
  return count === 0 ? undefined : `${count} of ${w.length} elements differ, first at ${first}: ${got[first]} vs ${want[first]}`;
}

const values = (f: () => tf.Tensor) => tf.tidy(() => Float32Array.from(f().dataSync()));

// [M, K, N]: tile edges (M mod 4, N mod 8), a single k, a long k (several sweeps), the output layer.
const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 8],
  [5, 9, 17],
  [33, 1, 9],
  [7, 1500, 13],
  [37, 64, 1027],
  [32, 256, 1024],
  [1120, 256, 1027],
];

const products = suite("gemm: our float32 product on wasm");
products.before(setup);

products("gives XNNPACK's products to the bit (plain operands, every tile edge)", () => {
  if (!onWasm) return;
  const rng = d2l.seed(3);
  for (const [M, K, N] of SHAPES) {
    const a = tf.tensor2d(rng.normals(M * K, 0, 1), [M, K]);
    const b = tf.tensor2d(rng.normals(K * N, 0, 1), [K, N]);
    const ours = values(() => tf.matMul(a, b));
    const xnnpack = d2l.withStockWasmKernels(() => values(() => tf.matMul(a, b)));
    assert.is(bitDiff(ours, xnnpack), undefined, `[${M}, ${K}]·[${K}, ${N}]`);
    tf.dispose([a, b]);
  }
});

products("reads transposed operands in place: the numbers of the materialised transposes, to the bit", () => {
  if (!onWasm) return;
  const rng = d2l.seed(4);
  for (const [M, K, N] of SHAPES.slice(0, 8)) {
    for (const [tA, tB] of [
      [true, false],
      [false, true],
      [true, true],
    ]) {
      const a = tf.tensor2d(rng.normals(M * K, 0, 1), tA ? [K, M] : [M, K]);
      const b = tf.tensor2d(rng.normals(K * N, 0, 1), tB ? [N, K] : [K, N]);
      const ours = values(() => tf.matMul(a, b, tA, tB));
      const plain = d2l.withStockWasmKernels(() => values(() => tf.matMul(tA ? tf.transpose(a) : a, tB ? tf.transpose(b) : b)));
      assert.is(bitDiff(ours, plain), undefined, `[${M}, ${K}]·[${K}, ${N}] transposeA=${tA} transposeB=${tB}`);
      tf.dispose([a, b]);
    }
  }
});

products("starts a fused product's sums from its bias row, as XNNPACK does (bit-identical)", () => {
  if (!onWasm) return;
  const rng = d2l.seed(5);
  for (const [M, K, N] of [
    [5, 9, 17],
    [1120, 256, 1027],
  ]) {
    const a = tf.tensor2d(rng.normals(M * K, 0, 1), [M, K]);
    const b = tf.tensor2d(rng.normals(K * N, 0, 1), [K, N]);
    const bias = tf.tensor1d(rng.normals(N, 0, 1));
    for (const activation of ["linear", "relu"] as const) {
      const f = () => tf.fused.matMul({ a, b, bias, activation });
      assert.is(
        bitDiff(
          values(f),
          d2l.withStockWasmKernels(() => values(f)),
        ),
        undefined,
        `[${M}, ${K}]·[${K}, ${N}] + bias, ${activation}`,
      );
    }
    tf.dispose([a, b, bias]);
  }
});

products("leaves no tensor and no heap entry behind (packed panels and tiles are freed)", () => {
  if (!onWasm) return;
  const a = tf.ones([9, 300]);
  const b = tf.ones([300, 20]);
  const before = tf.memory().numTensors;
  const heap = (tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds();
  tf.tidy(() => {
    tf.matMul(a, b, false, false);
    tf.matMul(a, b.transpose(), false, true);
    tf.matMul(a.transpose(), b, true, false);
    tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y).sum())([a, b]);
  });
  assert.is(tf.memory().numTensors, before);
  assert.is((tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds(), heap);
  tf.dispose([a, b]);
});

products.run();

// ---------------------------------------------------------------------------------------------

const units = suite("gemm: units of a product");

units("cover every tile of C exactly once, for any size and thread count", () => {
  for (const [M, N, K] of [
    [1, 1, 1],
    [3, 9, 5],
    [32, 256, 256],
    [33, 1027, 7000],
    [1120, 1027, 256],
    [256, 1027, 1120],
    [64, 8 * 300000, 9000], // a very wide product: sweeps widen so that the units fit the counter
  ]) {
    for (const threads of [1, 2, 3, 4]) {
      const layout = unitLayout(M, N, K, threads);
      assert.ok(layout.units >= 1 && layout.units <= MAX_UNITS, `units ${layout.units}`);
      const seen = new Uint8Array(layout.mTiles * layout.nPanels);
      for (let u = 0; u < layout.units; u++) {
        const [i0, i1, j0, j1] = unitRange(layout, u);
        assert.ok(i0 < i1 && j0 < j1, `unit ${u} of [${M}, ${K}]·[${K}, ${N}] on ${threads} threads is empty`);
        for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) seen[i * layout.nPanels + j]++;
      }
      assert.ok(
        seen.every((n) => n === 1),
        `[${M}, ${K}]·[${K}, ${N}], ${threads} threads`,
      );
    }
  }
});

units("stay within the counter for every thread count up to 8 and very wide products", () => {
  for (const threads of [5, 6, 8]) {
    for (const [M, N, K] of [
      [1120, 49136, 4097],
      [4096, 8 * 300000, 9000],
    ]) {
      const layout = unitLayout(M, N, K, threads);
      assert.ok(layout.units <= MAX_UNITS, `${layout.units} units for [${M}, ${K}]·[${K}, ${N}] on ${threads} threads`);
    }
  }
});

units("give each thread several units of a large product, and one thread one unit per sweep", () => {
  const two = unitLayout(1120, 1027, 256, 2);
  assert.is(two.rowChunks, 8);
  assert.ok(two.units >= 16, `${two.units} units`);
  const one = unitLayout(1120, 1027, 256, 1);
  assert.is(one.rowChunks, 1);
  assert.is(one.units, Math.ceil(one.nPanels / one.panelsPerUnit));
});

units.run();

// ---------------------------------------------------------------------------------------------

const pool = suite("gemm: the helper pool");

/** The module and a helper on a small shared memory of its own, A = 1, B = 2 (so C = 2K everywhere). */
function standalonePool(M: number, K: number, N: number, helpers = 1) {
  const WA = (
    globalThis as unknown as {
      WebAssembly: {
        Memory: new (d: object) => { buffer: SharedArrayBuffer };
        Module: new (b: Uint8Array) => object;
        Instance: new (m: object, i: object) => { exports: unknown };
      };
    }
  ).WebAssembly;
  const memory = new WA.Memory({ initial: 64, maximum: 64, shared: true });
  const module = new WA.Module(gemmModuleBytes(true));
  const ex = new WA.Instance(module, { env: { memory } }).exports as GemmExports;
  const heap = new Float32Array(memory.buffer);
  const [a, b, packed, c] = [0, 4 * M * K, 8 * M * K, 8 * M * K + 4 * (K * (N + 8))];
  heap.fill(1, 0, M * K);
  heap.fill(2, b / 4, b / 4 + K * N);
  ex.packB(b, 4 * N, 4, K, N, packed);
  const args = [a, 4 * K, 4, 16 * K, packed, 0, c, 4 * N, M, N, K, 0, 0, 0, 0];
  return { ex, heap, args, c, module, pool: new GemmPool(module, memory, helpers) };
}

/**
 * A program (gemm-pool.ts) of one `gemm` call per row tile of C's rows [r0, r1), in the pool's
 * words from `start`: the call list that row-split.ts records for a block of rows.
 */
function rowsProgram(module: object, words: Int32Array, start: number, args: readonly number[], r0: number, r1: number): [number, number] {
  const fn = functionNames(module).indexOf("gemm");
  let at = start;
  for (let i = r0 / 4; i < r1 / 4; i++) {
    const call = [...args.slice(0, 11), i, i + 1, 0, Math.ceil(args[9] / 8)];
    words.set([fn, call.length, ...call], at);
    at += 2 + call.length;
  }
  return [start, at];
}

pool("runs programs on the helper and the caller's own block on the caller, loop after loop", () => {
  const [M, K, N] = [64, 32, 80];
  const { ex, heap, args, c, module, pool: p } = standalonePool(M, K, N);
  for (let rep = 0; rep < 50; rep++) {
    heap.fill(0, c / 4, c / 4 + M * N);
    // Rows 0–15 here, three programs of 16 rows for one helper: the caller takes what it has not started.
    const ranges = [16, 32, 48].reduce<[number, number][]>(
      (r, r0) => [...r, rowsProgram(module, p.program, r.at(-1)?.[1] ?? 0, args, r0, r0 + 16)],
      [],
    );
    let mine = false;
    p.runPrograms(ex, ranges, () => {
      for (let i = 0; i < 4; i++) ex.gemm(...args.slice(0, 11), i, i + 1, 0, N / 8);
      mine = true;
    });
    assert.ok(mine);
    const out = heap.subarray(c / 4, c / 4 + M * N);
    const wrong = out.findIndex((v) => v !== 2 * K);
    assert.is(wrong, -1, `loop ${rep}: element ${wrong} is ${out[wrong]}`);
  }
});

pool("with no helper every program runs on the caller", () => {
  const [M, K, N] = [32, 16, 40];
  const { ex, heap, args, c, module, pool: p } = standalonePool(M, K, N, 0);
  heap.fill(0, c / 4, c / 4 + M * N);
  p.runPrograms(ex, [rowsProgram(module, p.program, 0, args, 8, 32)], () => ex.gemm(...args.slice(0, 11), 0, 2, 0, N / 8));
  assert.ok(heap.subarray(c / 4, c / 4 + M * N).every((v) => v === 2 * K));
});

pool("a program that traps throws on the caller, whichever thread ran it; a job needs 1 to 7 programs", () => {
  const [M, K, N] = [64, 32, 80];
  const { ex, args, module, pool: p } = standalonePool(M, K, N);
  const bad = [...args];
  bad[6] = 64 * 65536 + 4096; // C past the end of the memory
  const ranges = [rowsProgram(module, p.program, 0, bad, 32, 64)];
  assert.throws(
    () => p.runPrograms(ex, ranges, () => ex.gemm(...args.slice(0, 11), 0, 8, 0, N / 8)),
    /out of bounds|failed in a time loop/,
  );
  assert.throws(() => p.runPrograms(ex, [], () => undefined), /0 programs, expected 1 to 7/);
});

pool("runProgram makes each recorded call with its own arguments, in order", () => {
  const seen: number[][] = [];
  const fns = [0, 1].map(
    (k) =>
      (...a: number[]) =>
        void seen.push([k, ...a]),
  );
  const words = new Int32Array([1, 2, 10, 20, 0, 0, 0, 3, 7, 8, 9, 1, 1, -5]);
  runProgram(fns, argArrays(), words, 0, words.length);
  assert.equal(seen, [[1, 10, 20], [0], [0, 7, 8, 9], [1, -5]]);
  seen.length = 0;
  runProgram(fns, argArrays(), words, 4, 11);
  assert.equal(seen, [[0], [0, 7, 8, 9]]);
});

pool("computes every unit once with a helper, product after product", () => {
  const [M, K, N] = [64, 32, 80];
  const { ex, heap, args, c, pool: p } = standalonePool(M, K, N);
  for (let rep = 0; rep < 50; rep++) {
    heap.fill(0, c / 4, c / 4 + M * N);
    p.run(ex, args, unitLayout(M, N, K, 2));
    const out = heap.subarray(c / 4, c / 4 + M * N);
    assert.ok(
      out.every((v) => v === 2 * K),
      `product ${rep}`,
    );
  }
});

pool("returns with the error when units throw, and the next product is whole", () => {
  const [M, K, N] = [64, 32, 80];
  const { ex, heap, args, c, pool: p } = standalonePool(M, K, N);
  const bad = [...args];
  bad[6] = 64 * 65536 + 4096; // C past the end of the memory: every unit traps, the helper's too
  assert.throws(() => p.run(ex, bad, unitLayout(M, N, K, 2)), /out of bounds|helper thread failed/);
  heap.fill(0, c / 4, c / 4 + M * N);
  if (p.helpers > 0) p.run(ex, args, unitLayout(M, N, K, 2));
  else for (let u = 0, l = unitLayout(M, N, K, 1); u < l.units; u++) ex.gemm(...args.slice(0, 11), ...unitRange(l, u));
  assert.ok(heap.subarray(c / 4, c / 4 + M * N).every((v) => v === 2 * K));
});

pool("a helper still in the previous product takes no unit while the next product's words are written", () => {
  // The interleaving a descheduled helper can meet, step by step with the pool's own functions.
  const w = controlWords();
  const args = Array.from({ length: 15 }, (_, i) => i);
  const small = unitLayout(32, 256, 256, 2);
  const large = unitLayout(1120, 1027, 256, 2);
  assert.ok(large.units > small.units + 1, `${large.units} units against ${small.units}`);
  writeJob(w, 1, args, small);
  assert.is(takeUnit(w, 1), -1, "nothing is taken before the product is opened");
  openJob(w, 1);
  const taken = Array.from({ length: small.units }, () => takeUnit(w, 1));
  assert.equal(taken, [...Array(small.units).keys()], "each unit once, in order");
  assert.is(takeUnit(w, 1), -1, "no unit past the end");
  // Product 2's words are written while a helper of product 1 looks for more work.
  writeJob(w, 2, args.reverse(), large);
  assert.is(takeUnit(w, 1), -1, "the late helper of product 1 finds no unit in product 2's larger count");
  assert.is(takeUnit(w, 2), -1, "product 2 is closed until it is opened");
  openJob(w, 2);
  assert.is(takeUnit(w, 1), -1, "nor once product 2 is open");
  assert.is(takeUnit(w, 2), 0, "product 2 starts at its first unit");
  // Job numbers wrap at 16 bits, with the high bit set in between.
  writeJob(w, 0xffff, args, small);
  openJob(w, 0xffff);
  assert.is(takeUnit(w, 0xffff), 0);
  writeJob(w, 0, args, small);
  assert.is(takeUnit(w, 0xffff), -1);
  openJob(w, 0);
  assert.is(takeUnit(w, 0), 0);
});

/** Indices of the pool's control words that the stand-in helper uses (gemm-pool.ts), and two spare argument words. */
const [NEXT, DONE, UNITS, TAKEN, WRITTEN] = [1, 2, 3, 23, 24];

/**
 * A stand-in helper on the pool's control words: takes `count` units of product `job` one after
 * another and holds each `holdMs` ms ("descheduled mid-unit") before its last write and DONE.
 * Resolves once it holds its first unit.
 */
async function slowHelper(w: Int32Array, job: number, count: number, holdMs: number): Promise<Worker> {
  Atomics.store(w, TAKEN, 0);
  Atomics.store(w, WRITTEN, 0);
  const helper = new Worker(
    `const { workerData } = require("node:worker_threads");
     const [NEXT, UNITS] = [${NEXT}, ${UNITS}];
     ${takeUnit.toString()}
     const w = new Int32Array(workerData);
     const pause = new Int32Array(new SharedArrayBuffer(4));
     for (let k = 0; k < ${count}; k++) {
       const u = takeUnit(w, ${job});
       Atomics.store(w, ${TAKEN}, u + 1);
       Atomics.notify(w, ${TAKEN});
       Atomics.wait(pause, 0, 0, ${holdMs});
       Atomics.add(w, ${WRITTEN}, 1); // "its block of C", written at the end of the unit
       Atomics.add(w, ${DONE}, 1);
       Atomics.notify(w, ${DONE});
     }`,
    { eval: true, workerData: w.buffer },
  );
  // Only once the helper holds a unit (a helper that failed before would leave nothing to wait for).
  const taken = await Promise.race([
    Atomics.waitAsync(w, TAKEN, 0, 10_000).value,
    new Promise((_, reject) => helper.once("error", reject)),
  ]);
  assert.is.not(taken, "timed-out", "the helper took a unit");
  return helper;
}

pool("the caller waits for a slow helper's unit however long it takes, then runs later products alone", async () => {
  // A helper descheduled inside its unit still reads the packed operands and writes its block of
  // C when it resumes: the caller must not return (and free them) before that unit is counted.
  const w = controlWords();
  const args = Array.from({ length: 15 }, () => 0);
  const layout = unitLayout(32, 256, 256, 2);
  const units = layout.units;
  const said: number[] = [];
  const wait = (slowMs: number) => {
    const started = performance.now();
    const slow = awaitUnits(w, units, slowMs, (ms) => said.push(ms));
    return { slow, waited: performance.now() - started };
  };
  // Every unit but the last is done; the helper holds the last one for 400 ms.
  writeJob(w, 1, args, layout);
  openJob(w, 1);
  for (let u = 0; u < units - 1; u++) assert.is(takeUnit(w, 1), u);
  Atomics.store(w, DONE, units - 1);
  let helper = await slowHelper(w, 1, 1, 400);
  try {
    assert.is(Atomics.load(w, TAKEN), units, "the helper holds the last unit");
    const { slow, waited } = wait(100);
    assert.is(Atomics.load(w, DONE), units, "returns only once every unit is counted");
    assert.is(w[WRITTEN], 1, "the helper's last write happened before the caller returned");
    assert.ok(waited >= 250, `waited ${waited.toFixed(0)} ms for a unit that took 400`);
    assert.ok(slow, "400 ms with no unit finishing is slow, so that later products run on the caller alone");
    assert.is(said.length, 1, "and said once while it waits");
    assert.ok(said[0] >= 100);
    assert.not.ok(wait(100).slow, "nothing to wait for: not slow");
    assert.is(said.length, 1);
  } finally {
    await helper.terminate();
  }
  // Six units of 200 ms each: a long wait, but a unit finishes every 200 ms, so not slow at 800
  // (a margin of 600 ms for the helper's scheduling on a loaded machine; at 100 ms and 400 it once
  // read slow under CI load).
  writeJob(w, 2, args, layout);
  openJob(w, 2);
  for (let u = 0; u < units - 6; u++) assert.is(takeUnit(w, 2), u);
  Atomics.store(w, DONE, units - 6);
  helper = await slowHelper(w, 2, 6, 200);
  try {
    const { slow, waited } = wait(800);
    assert.is(Atomics.load(w, DONE), units);
    assert.is(w[WRITTEN], 6);
    assert.ok(waited >= 800, `waited ${waited.toFixed(0)} ms for six units of 200`);
    assert.not.ok(slow, "slow means no unit finishing for slowMs, not a long product");
    assert.is(said.length, 1);
  } finally {
    await helper.terminate();
  }
});

pool("a warning that throws (stderr unwritable) does not end the wait for a slow helper's unit", async () => {
  const w = controlWords();
  const layout = unitLayout(32, 256, 256, 2);
  const units = layout.units;
  writeJob(
    w,
    3,
    Array.from({ length: 15 }, () => 0),
    layout,
  );
  openJob(w, 3);
  for (let u = 0; u < units - 1; u++) assert.is(takeUnit(w, 3), u);
  Atomics.store(w, DONE, units - 1);
  const helper = await slowHelper(w, 3, 1, 300);
  try {
    const started = performance.now();
    const slow = awaitUnits(w, units, 50, () => {
      throw Object.assign(new Error("write EAGAIN"), { code: "EAGAIN" });
    });
    const waited = performance.now() - started;
    assert.ok(slow);
    assert.is(Atomics.load(w, DONE), units, "returns only once every unit is counted");
    assert.is(w[WRITTEN], 1, "the helper's last write happened before the caller returned");
    assert.ok(waited >= 200, `waited ${waited.toFixed(0)} ms for a unit that took 300`);
  } finally {
    await helper.terminate();
  }
});

pool.run();

// ---------------------------------------------------------------------------------------------

const emit = suite("wasm-emit: LEB128");

emit("encodes unsigned and signed integers as the WebAssembly spec's examples do", () => {
  assert.equal(uleb(0), [0]);
  assert.equal(uleb(127), [0x7f]);
  assert.equal(uleb(128), [0x80, 0x01]);
  assert.equal(uleb(624485), [0xe5, 0x8e, 0x26]);
  assert.equal(sleb(-1), [0x7f]);
  assert.equal(sleb(63), [0x3f]);
  assert.equal(sleb(64), [0xc0, 0x00]);
  assert.equal(sleb(-123456), [0xc0, 0xbb, 0x78]);
});

emit.run();
