import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { assertClose } from "../cell-support";

const params = suite("affine / oneHotFloat / normalWeight / toVariables / tensorsOf / checkShape");
params.before(async () => {
  await d2l.backend({ quiet: true });
});

params("affine computes X·W + b, and int32 indices pick rows of W as one-hot rows would", () => {
  const W = tf.tensor2d([
    [0, 1],
    [2, 3],
    [4, 5],
  ]);
  const b = tf.tensor1d([10, 20]);
  const idx = tf.tensor1d([2, 0, 2], "int32");
  tf.tidy(() => {
    // [1, 1, 0]·W = [2, 4]; + b = [12, 24]
    assert.equal(Array.from(d2l.affine(tf.tensor2d([[1, 1, 0]]), W, b).dataSync()), [12, 24]);
    assert.equal(Array.from(d2l.affine(idx, W).dataSync()), [4, 5, 0, 1, 4, 5]);
    assertClose(d2l.affine(idx, W, b), d2l.affine(d2l.oneHotFloat(idx, 3) as tf.Tensor2D, W, b), "lookup vs one-hot product", 0);
  });
  tf.dispose([W, b, idx]);
});

params("oneHotFloat gives float32 rows of ones and zeros (wasm's float32 oneHot does not)", () => {
  const idx = tf.tensor1d([1, 0], "int32");
  const rows = d2l.oneHotFloat(idx, 3);
  assert.is(rows.dtype, "float32");
  assert.equal(Array.from(rows.dataSync()), [0, 1, 0, 1, 0, 0]);
  tf.dispose([idx, rows]);
});

params("normalWeight is reproducible from the seed; uniformWeight stays inside its limit", () => {
  const a = d2l.normalWeight(d2l.seed(5), 3, 4);
  const b = d2l.normalWeight(d2l.seed(5), 3, 4);
  assert.equal(a.dataSync(), b.dataSync());
  const u = d2l.uniformWeight(d2l.seed(5), 30, 40, 0.07);
  assert.ok(u.dataSync().every((x) => Math.abs(x) <= 0.07));
  tf.dispose([a, b, u]);
});

params("toVariables makes trainable variables and frees the tensors given", () => {
  const record = { W: tf.ones([2, 2]), b: tf.zeros([2]) };
  const vars = d2l.toVariables(record);
  assert.ok(vars.W instanceof tf.Variable && vars.W.trainable);
  assert.ok(record.W.isDisposed);
  assert.is(d2l.countParams(vars), 6);
  tf.dispose(Object.values(vars));
});

params("tensorsOf lists the tensors of nested records and arrays in order", () => {
  const [a, b, c] = [tf.scalar(1), tf.scalar(2), tf.scalar(3)];
  assert.equal(d2l.tensorsOf([{ H: a, C: b }, { H: c }]), [a, b, c]);
  tf.dispose([a, b, c]);
});

params("checkShape names the function, the argument and both shapes", () => {
  const t = tf.zeros([2, 3]);
  assert.throws(() => d2l.checkShape("gruStep", "state.H", t, [3, 2]), /gruStep: state.H: expected shape \[3, 2\], got \[2, 3\]/);
  t.dispose();
});

params.run();
