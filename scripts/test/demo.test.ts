import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseArgs } from "../demo";

test("parseArgs gives the book's run by default", () => {
  assert.equal(parseArgs([]), { cell: "rnn", seed: 0 });
});

test("parseArgs reads the cell, epochs, sampling and seed", () => {
  assert.equal(parseArgs(["--cell", "lstm", "--epochs", "3", "--sampling", "consecutive", "--seed", "7"]), {
    cell: "lstm",
    numEpochs: 3,
    sampling: "consecutive",
    seed: 7,
  });
});

test("parseArgs names the argument and the accepted values", () => {
  assert.throws(() => parseArgs(["--cell", "cnn"]), /demo: --cell: expected rnn, gru or lstm, got "cnn"/);
  assert.throws(() => parseArgs(["--epochs", "0"]), /demo: --epochs: expected a positive integer, got "0"/);
  assert.throws(() => parseArgs(["--epochs"]), /demo: --epochs: expected a positive integer, got nothing/);
  assert.throws(() => parseArgs(["--fast"]), /demo: unknown argument "--fast"/);
});

test.run();
