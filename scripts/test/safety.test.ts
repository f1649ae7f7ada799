/**
 * Issue 14, one test per row: what a new user did, run in a throw-away copy of the workbook. Each
 * checks the exit status, the message, and that nothing the user had was lost.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { workbookCopy, WorkbookCopy } from "./workbook-copy";

let copy: WorkbookCopy;
test.before(() => {
  copy = workbookCopy();
});
test.after(() => copy.remove());

const read = (f: string) => fs.readFileSync(path.join(copy.root, f), "utf8");

test("bench --only foo exits non-zero, names the argument and the choices, and leaves bench/results alone", () => {
  const before = read("bench/results/latest.json");
  const r = copy.tsx("bench/bench.ts", ["--quick", "--no-pytorch", "--only", "foo"]);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, 'bench: --only: expected text contained in one of rnn/scratch, rnn/concise, gru/scratch, gru/concise, lstm/scratch, lstm/concise, got "foo"');
  assert.is(read("bench/results/latest.json"), before);
  assert.is(copy.changes(), "", "nothing in the copy changed");
});

test("bench --out on a folder it did not make is refused before any training", () => {
  fs.mkdirSync(path.join(copy.root, "mine"));
  fs.writeFileSync(path.join(copy.root, "mine", "notes.txt"), "keep");
  const r = copy.tsx("bench/bench.ts", ["--quick", "--no-pytorch", "--only", "rnn/scratch", "--out", "mine"]);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, "bench: --out mine: expected an empty folder or one made by npm run bench (with .d2l-output.json), got a folder of 1 entries it did not make (notes.txt)");
  assert.equal(fs.readdirSync(path.join(copy.root, "mine")), ["notes.txt"]);
  assert.is(read("mine/notes.txt"), "keep");
  fs.rmSync(path.join(copy.root, "mine"), { recursive: true });
});

test("quality --only foo exits non-zero naming the runs, and reports/ is untouched", () => {
  const r = copy.tsx("scripts/quality.ts", ["--quick", "--only", "foo"]);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, 'quality: --only: expected texts contained in rnn-scratch-random, rnn-scratch-consecutive, gru-scratch-consecutive');
  assert.match(r.stderr, 'got "foo" (matches no run; nothing was run or written)');
  assert.not.match(r.stdout, "wrote");
  assert.is(copy.changes(), "");
});

test.run();
