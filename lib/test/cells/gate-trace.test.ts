import { test } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

const close = (a: number[][], b: number[][], msg: string) =>
  a.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - b[i][j]) < 1e-6, `${msg} [${i}, ${j}]: ${v} vs ${b[i][j]}`)));

test("traceGates records every gate of a GRU as T arrays of [B][H]", async () => {
  await d2l.backend();
  const params = d2l.initGruParams(5, 3, d2l.seed(1));
  const state = d2l.initGruState(2, 3);
  const inputs = [tf.tensor1d([0, 4], "int32"), tf.tensor1d([2, 1], "int32"), tf.tensor1d([3, 3], "int32")];
  const trace = d2l.traceGates({ gates: d2l.gruGates, params, state, inputs });
  assert.equal(Object.keys(trace).sort(), ["H", "H_tilde", "R", "Z"]);
  assert.is(trace.Z.length, 3, "one entry per time step");
  assert.is(trace.Z[0].length, 2, "B rows");
  assert.is(trace.Z[0][0].length, 3, "H units");
  tf.dispose([...Object.values(params), state.H, ...inputs]);
});

test("traceGates carries the state: step 2 equals the gate function applied to step 1's H", async () => {
  const params = d2l.initGruParams(4, 3, d2l.seed(2));
  const state = { H: tf.tensor2d([[0.5, -0.2, 0.1]]) };
  const inputs = [tf.tensor2d([[1, 0, 0, 0]]), tf.tensor2d([[0, 0, 1, 0]])];
  const trace = d2l.traceGates({ gates: d2l.gruGates, params, state, inputs });
  const expected = tf.tidy(() => {
    const g1 = d2l.gruGates(params, state, inputs[0]);
    const g2 = d2l.gruGates(params, { H: g1.H }, inputs[1]);
    return { Z1: g1.Z.arraySync(), Z2: g2.Z.arraySync(), H2: g2.H.arraySync() };
  });
  close(trace.Z[0], expected.Z1, "Z at step 1");
  close(trace.Z[1], expected.Z2, "Z at step 2");
  close(trace.H[1], expected.H2, "H at step 2");
  tf.dispose([...Object.values(params), state.H, ...inputs]);
});

test("traceGates carries both H and C of an LSTM", () => {
  const params = d2l.initLstmParams(3, 2, d2l.seed(3));
  const state = d2l.initLstmState(1, 2);
  const inputs = [tf.tensor2d([[1, 0, 0]]), tf.tensor2d([[0, 1, 0]])];
  const trace = d2l.traceGates({ gates: d2l.lstmGates, params, state, inputs });
  const C2 = tf.tidy(() => {
    const g1 = d2l.lstmGates(params, state, inputs[0]);
    return d2l.lstmGates(params, { H: g1.H, C: g1.C }, inputs[1]).C.arraySync();
  });
  close(trace.C[1], C2, "C at step 2");
  assert.equal(Object.keys(trace).sort(), ["C", "C_tilde", "F", "H", "I", "O"]);
  tf.dispose([...Object.values(params), state.H, state.C, ...inputs]);
});

test("traceGates leaves no tensor behind and does not dispose its arguments", () => {
  const params = d2l.initGruParams(4, 3, d2l.seed(4));
  const state = d2l.initGruState(1, 3);
  const inputs = [tf.tensor2d([[1, 0, 0, 0]]), tf.tensor2d([[0, 1, 0, 0]]), tf.tensor2d([[0, 0, 1, 0]])];
  const before = tf.memory().numTensors;
  d2l.traceGates({ gates: d2l.gruGates, params, state, inputs });
  assert.is(tf.memory().numTensors, before);
  assert.not.ok(state.H.isDisposed, "the initial state is the caller's");
  tf.dispose([...Object.values(params), state.H, ...inputs]);
});

test("traceGates names a missing state field and an empty input list", () => {
  const params = d2l.initGruParams(2, 2, d2l.seed(5));
  const state = { H: tf.zeros([1, 2]) as tf.Tensor2D, C: tf.zeros([1, 2]) as tf.Tensor2D };
  const inputs = [tf.tensor2d([[1, 0]])];
  const before = tf.memory().numTensors;
  assert.throws(
    () => d2l.traceGates({ gates: d2l.gruGates, params, state, inputs }),
    /traceGates: gates: expected the record to contain the state's C/,
  );
  assert.is(tf.memory().numTensors, before, "nothing leaks when it throws");
  assert.throws(
    () => d2l.traceGates({ gates: d2l.gruGates, params, state, inputs: [] }),
    /traceGates: inputs: expected a non-empty list of T step inputs, got an empty list/,
  );
  tf.dispose([...Object.values(params), state.H, state.C, ...inputs]);
});

test.run();
