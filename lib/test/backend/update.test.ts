import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { bitDiff } from "./stock";

// The update step's kernels (lib/src/backend/kernels/update.ts): D2lSumOfSquares and D2lSgdUpdate
// claim the numbers of the ops they replace to the bit, sum(square(x)) and
// sub(param, mul(mul(grad, scale), lr)) with tfjs's own kernels, at every length (the JS tail
// takes n mod 4), with NaN and ±∞ among the inputs; and d2l.sgd / globalNorm give the same
// numbers with them (on wasm) as without (the ops).

let onWasm = false;
const setup = async () => {
  onWasm = (await d2l.backend({ quiet: true })).name === "wasm";
};

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1e-45, 3.4e38];

/** n seeded normals of spread `spread`, the specials first when `special`. */
function values(n: number, seed: number, spread: number, special = false): Float32Array {
  const xs = Float32Array.from(d2l.seed(seed).normals(n, 0, spread));
  if (special) xs.set(SPECIAL.slice(0, Math.min(n, SPECIAL.length)));
  return xs;
}

const stockOps = <T extends tf.TensorContainer>(fn: () => T): T => d2l.withStockWasmKernels(() => tf.tidy(fn));
const run = (name: string, inputs: tf.NamedTensorMap) => tf.engine().runKernel(name, inputs) as tf.Tensor;

const update = suite("D2lSumOfSquares and D2lSgdUpdate on wasm");
update.before(setup);

update("Σ x² is sum(square(x)) to the bit, every length 0…37 and longer, specials included", () => {
  if (!onWasm) return;
  for (const n of [...Array.from({ length: 38 }, (_, i) => i), 1000, 4099, 65_541]) {
    for (const special of [false, true]) {
      const x = tf.tensor1d(values(n, 7 + n, 3, special && n > 0));
      const ours = tf.tidy(() => run("D2lSumOfSquares", { x }).dataSync() as Float32Array);
      const stock = stockOps(() => tf.sum(tf.square(x)).dataSync() as Float32Array);
      assert.is(ours.length, 1, "a scalar");
      if (n === 0) {
        // The stock wasm Sum of nothing returns whatever its output's memory held; the sum is 0.
        assert.ok(Object.is(ours[0], 0), "the sum of nothing is +0");
        x.dispose();
        continue;
      }
      assert.is(bitDiff(ours, stock), undefined, `n = ${n}${special ? ", with NaN and ±∞" : ""}`);
      x.dispose();
    }
  }
  const m = tf.tensor2d(values(5 * 13, 3, 1), [5, 13]);
  const [ours, stock] = [tf.tidy(() => run("D2lSumOfSquares", { x: m }).dataSync()), stockOps(() => tf.sum(tf.square(m)).dataSync())];
  assert.is(bitDiff(ours as Float32Array, stock as Float32Array), undefined, "a matrix is summed over all of it, row after row");
  m.dispose();
});

update("param − (grad · scale) · lr is the ops' update to the bit, every length, scale 1 and not", () => {
  if (!onWasm) return;
  for (const n of [...Array.from({ length: 38 }, (_, i) => i), 1027]) {
    for (const [scale, lr] of [
      [1, 100],
      [0.3719, 100],
      [0.0123, 1e-3],
    ]) {
      const param = tf.tensor1d(values(n, 11 + n, 0.1));
      const grad = tf.tensor1d(values(n, 13 + n, 5, n > 8));
      const [s, r] = [tf.scalar(scale), tf.scalar(lr)];
      const ours = tf.tidy(() => run("D2lSgdUpdate", { param, grad, scale: s, lr: r }).dataSync() as Float32Array);
      const stock = stockOps(() => tf.sub(param, tf.mul(tf.mul(grad, s), r)).dataSync() as Float32Array);
      assert.is(ours.length, n);
      assert.is(bitDiff(ours, stock), undefined, `n = ${n}, scale ${scale}, lr ${lr}`);
      if (scale === 1) {
        const unscaled = stockOps(() => tf.sub(param, tf.mul(grad, r)).dataSync() as Float32Array);
        assert.is(bitDiff(ours, unscaled), undefined, `n = ${n}: a scale of 1 is no scale at all`);
      }
      tf.dispose([param, grad, s, r]);
    }
  }
});

update("the comparison can fail: grad · (scale · lr) rounds differently somewhere", () => {
  if (!onWasm) return;
  const n = 4096;
  const param = tf.tensor1d(values(n, 1, 0.1));
  const grad = tf.tensor1d(values(n, 2, 5));
  const [s, r] = [tf.scalar(0.3719), tf.scalar(100)];
  const ours = tf.tidy(() => run("D2lSgdUpdate", { param, grad, scale: s, lr: r }).dataSync() as Float32Array);
  const reordered = stockOps(() => tf.sub(param, tf.mul(grad, tf.mul(s, r))).dataSync() as Float32Array);
  assert.ok(bitDiff(ours, reordered) !== undefined, "another order of the same products must be told apart");
  tf.dispose([param, grad, s, r]);
});

update("names the input that is wrong: shape, dtype, a scale or lr that is not a scalar", () => {
  if (!onWasm) return;
  tf.tidy(() => {
    const [param, s, r] = [tf.zeros([2, 3]), tf.scalar(1), tf.scalar(0.1)];
    assert.throws(
      () => run("D2lSgdUpdate", { param, grad: tf.zeros([3, 2]), scale: s, lr: r }),
      /D2lSgdUpdate: grad: expected float32 \[2,3\] \(the param's shape\), got float32 \[3,2\]/,
    );
    assert.throws(
      () => run("D2lSgdUpdate", { param, grad: tf.zeros([2, 3], "int32"), scale: s, lr: r }),
      /D2lSgdUpdate: grad: expected float32 \[2,3\] \(the param's shape\), got int32 \[2,3\]/,
    );
    assert.throws(
      () => run("D2lSgdUpdate", { param, grad: tf.zeros([2, 3]), scale: tf.zeros([2]), lr: r }),
      /D2lSgdUpdate: scale: expected a float32 scalar, got float32 \[2\]/,
    );
    assert.throws(
      () => run("D2lSgdUpdate", { param, grad: tf.zeros([2, 3]), scale: s }),
      /D2lSgdUpdate: lr: expected a float32 scalar, got nothing/,
    );
    assert.throws(
      () => run("D2lSgdUpdate", { param: tf.zeros([2], "int32"), grad: tf.zeros([2]), scale: s, lr: r }),
      /D2lSgdUpdate: param: expected a float32 tensor, got int32 \[2\]/,
    );
    assert.throws(
      () => run("D2lSumOfSquares", { x: tf.zeros([2], "int32") }),
      /D2lSumOfSquares: x: expected a float32 tensor, got int32 \[2\]/,
    );
  });
});

const trainer = suite("sgd with a clipping factor, globalNorm and clippingScale");
trainer.before(setup);

/** Seeded parameters and gradients of a small GRU-like set of shapes, some with n mod 4 ≠ 0. */
function problem(seed: number) {
  const shapes: Record<string, number[]> = { W_xz: [29, 16], W_hz: [16, 16], b_z: [16], W_hq: [16, 29], b_q: [29], odd: [3, 7] };
  const params: Record<string, Float32Array> = {};
  const grads: Record<string, Float32Array> = {};
  Object.entries(shapes).forEach(([name, shape], i) => {
    const n = shape.reduce((a, b) => a * b, 1);
    params[name] = values(n, seed + 2 * i, 0.1);
    grads[name] = values(n, seed + 2 * i + 1, 0.5);
  });
  const variables = () => Object.fromEntries(Object.entries(shapes).map(([k, shape]) => [k, tf.variable(tf.tensor(params[k], shape))]));
  const gradients = () => Object.fromEntries(Object.entries(shapes).map(([k, shape]) => [k, tf.tensor(grads[k], shape)]));
  return { variables, gradients };
}

trainer("clipping then sgd, or sgd with clippingScale: the same parameters to the bit, with and without our kernels", () => {
  const { variables, gradients } = problem(21);
  const theta = 0.01;
  const results: Float32Array[][] = [];
  for (const way of ["gradClipping, then sgd, stock ops", "sgd with a scale, stock ops", "sgd with a scale, our kernels"]) {
    const vars = variables();
    const grads = gradients();
    const step = () => {
      if (way.startsWith("gradClipping")) {
        const clipped = d2l.gradClipping(grads, theta);
        d2l.sgd(vars, clipped.grads, 100);
        tf.dispose(Object.values(clipped.grads));
      } else {
        const norm = d2l.globalNorm(grads);
        assert.ok(norm > theta, "the gradients are clipped");
        d2l.sgd(vars, grads, 100, d2l.clippingScale(norm, theta));
      }
    };
    if (way.endsWith("stock ops")) d2l.withStockWasmKernels(step);
    else step();
    results.push(Object.values(vars).map((v) => v.dataSync() as Float32Array));
    tf.dispose([...Object.values(vars), ...Object.values(grads)]);
  }
  for (let k = 0; k < results[0].length; k++) {
    assert.is(bitDiff(results[1][k], results[0][k]), undefined, `parameter ${k}: a scale in sgd is clipping first`);
    assert.is(bitDiff(results[2][k], results[0][k]), undefined, `parameter ${k}: our kernels are the ops`);
  }
});

trainer("globalNorm is the same number with and without our kernels", () => {
  const grads = problem(5).gradients();
  const ours = d2l.globalNorm(grads);
  const stock = d2l.withStockWasmKernels(() => d2l.globalNorm(grads));
  assert.is(ours, stock);
  assert.ok(ours > 0);
  tf.dispose(Object.values(grads));
});

trainer("clippingScale is min(θ / ‖g‖, 1), and 1 for a NaN norm", () => {
  assert.is(d2l.clippingScale(5, 1), 0.2);
  assert.is(d2l.clippingScale(1, 1), 1);
  assert.is(d2l.clippingScale(0, 1), 1);
  assert.is(d2l.clippingScale(NaN, 1), 1);
  assert.is(d2l.clippingScale(Infinity, 1), 0);
  assert.throws(() => d2l.clippingScale(1, 0), /clippingScale: theta: expected a positive number, got 0/);
  assert.throws(() => d2l.clippingScale(1, NaN), /clippingScale: theta: expected a positive number, got NaN/);
});

trainer("sgd names a scale that is not a finite number and leaves no tensor behind", () => {
  const params = { W: tf.variable(tf.ones([5])) };
  const grads = { W: tf.ones([5]) };
  assert.throws(() => d2l.sgd(params, grads, 1, NaN), /sgd: scale: expected a finite number, got NaN/);
  assert.throws(() => d2l.sgd(params, grads, 1, Infinity), /sgd: scale: expected a finite number, got Infinity/);
  assert.equal(Array.from(params.W.dataSync()), [1, 1, 1, 1, 1], "nothing was updated");
  const before = tf.memory().numTensors;
  d2l.sgd(params, grads, 2, 0.25);
  assert.is(tf.memory().numTensors, before);
  assert.equal(Array.from(params.W.dataSync()), [0.5, 0.5, 0.5, 0.5, 0.5]);
  tf.dispose([params.W, grads.W]);
});

update.run();
trainer.run();
