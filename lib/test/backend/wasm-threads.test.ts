import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import * as d2l from "d2lzh";

// The thread count is fixed when the wasm module starts, so every run is a fresh process.
function run(env: Record<string, string>, code: string) {
  const { D2L_BACKEND: _b, D2L_WASM_THREADS: _t, ...rest } = process.env;
  return spawnSync(process.execPath, ["-e", code], { env: { ...rest, D2L_BACKEND: "wasm", ...env }, encoding: "utf8", timeout: 120_000 });
}

/** Trains the scratch RNN for two epochs on our small corpus and prints every number it produced. */
const TRAIN = `
const tf = require("@tensorflow/tfjs");
const d2l = require("d2lzh");
(async () => {
  const info = await d2l.backend({ quiet: true });
  console.log("reason " + info.reason);
  const corpus = await d2l.loadDataTinyLyrics();
  const model = d2l.scratchModel({ cell: "gru", vocabSize: corpus.vocabSize, numHiddens: 64, rng: d2l.seed(7) });
  const seen = [];
  await d2l.trainAndPredictRnn({ model, corpus, numEpochs: 2, numSteps: 8, numHiddens: 64, batchSize: 4, lr: 1, theta: 0.01,
    predPeriod: 1e6, quiet: true, seed: 8, onProgress: (r) => seen.push(r.perplexity) });
  const digest = (t) => require("node:crypto").createHash("sha256").update(Buffer.from(t.dataSync().buffer)).digest("hex");
  const bits = Object.values(model.variables).map(digest);
  const product = tf.matMul(tf.tensor2d(d2l.seed(1).normals(300 * 200, 0, 1), [300, 200]), tf.tensor2d(d2l.seed(2).normals(200 * 500, 0, 1), [200, 500]));
  const odd = tf.matMul(tf.tensor2d(d2l.seed(3).normals(203 * 301, 0, 1), [203, 301]), tf.tensor2d(d2l.seed(4).normals(517 * 203, 0, 1), [517, 203]), true, true);
  console.log("numbers " + JSON.stringify({ seen, bits, product: digest(product), odd: digest(odd) }));
})();`;

const threads = suite("wasm threads");

threads("two threads give bit-for-bit the numbers of one thread (training, a large product, a transposed odd-sized one)", () => {
  const one = run({ D2L_WASM_THREADS: "1" }, TRAIN);
  const two = run({ D2L_WASM_THREADS: "2" }, TRAIN);
  assert.is(one.status, 0, one.stderr);
  assert.is(two.status, 0, two.stderr);
  assert.match(one.stdout, /reason .*wasm SIMD, 1 thread \(D2L_WASM_THREADS\)\n/);
  assert.match(two.stdout, /reason .*wasm SIMD, 2 threads \(D2L_WASM_THREADS\)\n/);
  const numbers = (out: string) => out.split("\n").find((l) => l.startsWith("numbers ")) as string;
  assert.ok(numbers(one.stdout) !== undefined);
  assert.is(numbers(two.stdout), numbers(one.stdout));
});

/**
 * Runs the time-loop kernels forward and backward on random inputs at sizes where two threads
 * split a loop by rows (row-split.ts), one where a width of 130 leaves columns to JS and one too
 * small to be worth a helper (both run whole), and prints a digest of every output and how many
 * loops ran split.
 */
const LOOPS = `
const tf = require("@tensorflow/tfjs");
const d2l = require("d2lzh");
const path = require("node:path");
const { rowSplitCounts } = require(path.join(path.dirname(require.resolve("d2lzh")), "backend", "kernels", "row-split.js"));
(async () => {
  await d2l.backend({ quiet: true });
  const rng = d2l.seed(5);
  const t = (shape, scale = 0.5) => tf.tensor(rng.normals(shape[0] * shape[1], 0, scale), shape);
  const sig = (shape) => tf.sigmoid(t(shape, 2));
  const run = (name, inputs, T) => tf.engine().runKernel(name, inputs, { numSteps: T });
  const outs = [];
  const T = 6;
  for (const [cell, B, H] of [["rnn", 32, 192], ["gru", 30, 136], ["lstm", 32, 96], ["gru", 32, 130], ["gru", 8, 32]]) {
    if (cell === "rnn") {
      const h = run("D2lRnnForward", { xs: t([T * B, H]), h0: t([B, H]), w: t([H, H], 0.1) }, T);
      outs.push(h, ...run("D2lRnnBackward", { dy: t([T * B, H]), slope: sig([T * B, H]), wT: t([H, H], 0.1) }, T));
    } else if (cell === "gru") {
      const [h0, wrz, whh] = [t([B, H]), t([H, 2 * H], 0.1), t([H, H], 0.1)];
      const f = run("D2lGruForward", { xrz: t([T * B, 2 * H]), xh: t([T * B, H]), h0, wrz, whh }, T);
      outs.push(...f, ...run("D2lGruBackward", { dy: t([T * B, H]), gates: f[1], cand: f[2], out: f[0], h0, whh, wrz }, T));
    } else {
      const [c0, w4] = [t([B, H]), t([H, 4 * H], 0.1)];
      const f = run("D2lLstmForward", { x4: t([T * B, 4 * H]), h0: t([B, H]), c0, w4 }, T);
      outs.push(...f, ...run("D2lLstmBackward", { dy: t([(T + 1) * B, H]), act: f[2], tanhC: f[3], cs: f[1], c0, w4 }, T));
    }
  }
  const digest = (x) => require("node:crypto").createHash("sha256").update(Buffer.from(x.dataSync().buffer)).digest("hex");
  console.log("numbers " + JSON.stringify(outs.map(digest)));
  console.log("loops " + JSON.stringify(rowSplitCounts));
})();`;

threads("time loops split by rows on two threads give the numbers of one thread (a width of 130 and a small loop run whole)", () => {
  const one = run({ D2L_WASM_THREADS: "1" }, LOOPS);
  const two = run({ D2L_WASM_THREADS: "2" }, LOOPS);
  assert.is(one.status, 0, one.stderr);
  assert.is(two.status, 0, two.stderr);
  const line = (out: string, key: string) => out.split("\n").find((l) => l.startsWith(key + " ")) as string;
  assert.ok(line(one.stdout, "numbers") !== undefined, one.stdout);
  assert.is(line(two.stdout, "numbers"), line(one.stdout, "numbers"));
  assert.is(line(one.stdout, "loops"), 'loops {"whole":10,"split":0}');
  assert.is(
    line(two.stdout, "loops"),
    'loops {"whole":4,"split":6}',
    "RNN, GRU and LSTM split both ways; the width of 130 and the small loop whole",
  );
});

threads("a threaded process exits by itself, and an error after start-up prints its own short stack", () => {
  const ok = run({ D2L_WASM_THREADS: "2" }, 'require("d2lzh").backend().then(() => console.log("done"))');
  assert.is(ok.status, 0, ok.stderr);
  assert.ok(ok.stdout.includes("done"));
  const bad = run(
    { D2L_WASM_THREADS: "2" },
    'require("d2lzh").backend({ quiet: true }).then(() => { throw new Error("boom from the user") })',
  );
  assert.is.not(bad.status, 0);
  assert.ok(bad.stderr.includes("boom from the user"), bad.stderr);
  assert.ok(bad.stderr.length < 2000, `stderr has ${bad.stderr.length} characters:\n${bad.stderr.slice(0, 500)}`);
});

threads("D2L_WASM_THREADS and the wasmThreads option are checked (an integer from 1 to 4)", async () => {
  const r = run({ D2L_WASM_THREADS: "many" }, 'require("d2lzh").backend().catch((e) => { console.error(e.message); process.exit(3) })');
  assert.is(r.status, 3);
  assert.match(r.stderr, /D2L_WASM_THREADS: expected an integer from 1 to 4 \(wasm threads\), got "many"/);
  assert.throws(
    () => d2l.checkWasmThreads(0, "backend({wasmThreads})"),
    /backend\(\{wasmThreads\}\): expected an integer from 1 to 4 \(wasm threads\), got 0/,
  );
  assert.throws(() => d2l.checkWasmThreads(2.5, "x"), /got 2.5/);
  assert.is(d2l.checkWasmThreads(4, "x"), 4);
});

threads("a sandboxed process (no workers, no eval) defaults to one thread and refuses more with the reason", () => {
  const code =
    'require("d2lzh").backend({ quiet: true }).then((i) => console.log(i.reason), (e) => { console.log("error " + e.message); })';
  const sandboxed = (env: Record<string, string>) => {
    const { D2L_BACKEND: _b, D2L_WASM_THREADS: _t, ...rest } = process.env;
    return spawnSync(process.execPath, ["--disallow-code-generation-from-strings", "-e", code], {
      env: { ...rest, D2L_BACKEND: "wasm", ...env },
      encoding: "utf8",
      timeout: 60_000,
    });
  };
  const plain = sandboxed({});
  assert.is(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /wasm SIMD, 1 thread \(no threads: code generation from strings is disallowed\)\n/);
  const asked = sandboxed({ D2L_WASM_THREADS: "2" });
  assert.match(
    asked.stdout,
    /error prepareWasmThreads: 2 wasm threads were asked for, but code generation from strings is disallowed; use 1 \(D2L_WASM_THREADS=1\)/,
  );
});

threads("by default, one thread per core that other processes leave free", () => {
  // round(cores − busy elsewhere), from 1 to min(cores, 4)
  assert.is(d2l.threadsForFreeCores(2, 0), 2);
  assert.is(d2l.threadsForFreeCores(2, 0.4), 2);
  assert.is(d2l.threadsForFreeCores(2, 0.6), 1, "more than half a core busy: one thread");
  assert.is(d2l.threadsForFreeCores(2, 7), 1, "never below one");
  assert.is(d2l.threadsForFreeCores(8, 1), 4, "never above XNNPACK's 4");
  assert.is(d2l.threadsForFreeCores(1, 0), 1);
  assert.is(d2l.defaultWasmThreads(64), 1);
});

threads("reads the busy and total time of all cores from /proc/stat", async () => {
  // user nice system idle iowait irq softirq steal guest guest_nice: busy = all but idle and iowait
  const stat = "cpu  100 5 20 300 7 1 2 3 9 0\ncpu0 50 2 10 150 3 0 1 1 4 0\n";
  assert.equal(d2l.cpuTimes(stat), { busy: 131, total: 438 });
  assert.is(d2l.cpuTimes("intr 1 2 3"), undefined);
  assert.is(d2l.cpuTimes("cpu 1 2 x 4"), undefined);
  const busy = await d2l.busyCoresElsewhere(50);
  if (busy !== undefined) assert.ok(busy >= 0 && busy <= 2 * require("node:os").cpus().length, String(busy));
});

threads("the bundle prelude defines the module names tfjs's factory borrows", () => {
  const source =
    "/** x */\nvar tfjsCore = require('@tensorflow/tfjs-core');\nvar require$$0 = require('fs');\nvar require$$4 = require('os');\nfunction f() {}\n";
  assert.is(
    d2l.bundlePrelude(source),
    "var require$$0 = require('fs');\nvar require$$4 = require('os');\nvar commonjsGlobal = globalThis;\n",
  );
});

threads.run();
