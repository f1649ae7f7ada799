import { test } from "uvu";
import * as assert from "uvu/assert";
import * as d2l from "d2lzh";

test("trainConfig gives the book's defaults: 250 epochs / predPeriod 50 for the RNN, 160 / 40 for GRU and LSTM", () => {
  const rnn = d2l.trainConfig();
  assert.equal(
    {
      h: rnn.numHiddens,
      T: rnn.numSteps,
      B: rnn.batchSize,
      lr: rnn.lr,
      theta: rnn.theta,
      len: rnn.predLen,
      prefixes: rnn.prefixes,
      e: rnn.numEpochs,
      p: rnn.predPeriod,
    },
    { h: 256, T: 35, B: 32, lr: 100, theta: 0.01, len: 50, prefixes: ["分开", "不分开"], e: 250, p: 50 },
  );
  assert.is(rnn.clipping, true);
  assert.is(rnn.sampling, "random");
  for (const cell of ["gru", "lstm"] as const) {
    const c = d2l.trainConfig({}, cell);
    assert.equal([c.numEpochs, c.predPeriod], [160, 40], cell);
  }
});

test("trainConfig returns a frozen record with the overrides applied", () => {
  const c = d2l.trainConfig({ lr: 1, sampling: "consecutive" });
  assert.is(c.lr, 1);
  assert.is(c.sampling, "consecutive");
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.prefixes));
});

test("trainConfig names a misspelt field and a bad value", () => {
  assert.throws(
    () => d2l.trainConfig({ numEpoch: 3 } as never),
    /trainConfig: numEpoch: not a config field; expected one of numHiddens, numEpochs/,
  );
  assert.throws(() => d2l.trainConfig({ batchSize: 0 }), /trainConfig: batchSize: expected a positive integer, got 0/);
  assert.throws(
    () => d2l.trainConfig({ sampling: "adjacent" as never }),
    /trainConfig: sampling: expected "random" or "consecutive", got "adjacent"/,
  );
});

test.run();
