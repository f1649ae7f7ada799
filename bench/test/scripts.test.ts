import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

// The diagnostic scripts beside the bench refuse a mistyped argument before they start the backend
// or train anything, naming the argument, what they expected and what they got, with a non-zero exit.

const root = path.join(__dirname, "..", "..");
const tsx = (script: string, args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", path.join(root, "bench", script), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });

test("profile.ts names a bad --epochs and an unknown argument", () => {
  const epochs = tsx("profile.ts", ["rnn", "--epochs", "0"]);
  assert.is(epochs.status, 1);
  assert.match(epochs.stderr, "profile: --epochs: expected a positive integer, got 0");
  const typo = tsx("profile.ts", ["rnn", "--fused-concis"]);
  assert.is(typo.status, 1);
  assert.match(typo.stderr, "profile: arguments: expected rnn, gru, lstm, --epochs N, --loops or --fused-concise, got --fused-concis");
});

test("concise-on-kernels.ts names a bad --rounds and an unknown cell", () => {
  const rounds = tsx("concise-on-kernels.ts", ["--rounds", "two"]);
  assert.is(rounds.status, 1);
  assert.match(rounds.stderr, "concise-on-kernels: --rounds: expected a positive integer, got two");
  const cell = tsx("concise-on-kernels.ts", ["rnn", "tanh"]);
  assert.is(cell.status, 1);
  assert.match(cell.stderr, "concise-on-kernels: cells: expected rnn, gru or lstm, got tanh");
});

test.run();
