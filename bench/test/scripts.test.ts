import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
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

test("bench.ts stops a row that outlives D2L_BENCH_ROW_TIMEOUT_MS, naming it, and refuses a bad value", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "d2l-bench-test-"));
  const out = path.join(tmp, "results");
  // What a stuck row's child said on stderr is passed on (a preload speaks in the child only).
  const preload = path.join(tmp, "speak.cjs");
  writeFileSync(preload, `if (process.argv.includes("--child")) process.stderr.write("the child speaks\\n");\n`);
  const run = (timeout: string) =>
    spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(root, "bench", "bench.ts"), "--quick", "--only", "rnn/scratch", "--no-pytorch", "--out", out],
      {
        cwd: root,
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, D2L_BENCH_ROW_TIMEOUT_MS: timeout, NODE_OPTIONS: `--require ${preload}` },
      },
    );
  const stopped = run("300");
  assert.is(stopped.status, 1, stopped.stdout + stopped.stderr);
  assert.match(stopped.stderr, "bench: the rnn/scratch run (hidden 256, steps 35) did not finish in 0.3 s and was stopped");
  assert.match(stopped.stderr, "its stderr ended with:\nthe child speaks");
  assert.not.ok(existsSync(out), "nothing written");
  const bad = run("ten");
  assert.is(bad.status, 1);
  assert.match(bad.stderr, 'bench: D2L_BENCH_ROW_TIMEOUT_MS: expected a positive whole number of milliseconds, got "ten"');
});

test.run();
