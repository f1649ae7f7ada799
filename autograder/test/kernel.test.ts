/**
 * Every public test also runs inside the notebook kernel: a notebook with every exercise's code
 * cell and check cell, executed by Jupyter with the tslab kernel. With the reference solutions each
 * check prints "公开测试通过 n/n"; with the stubs each check prints its failures — and neither
 * notebook has an error output or anything on stderr. Skipped (with a notice) without Jupyter,
 * except in CI.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { executeNotebook, formatProblems, notebookSupport } from "../../scripts/run-notebooks";
import { codeExercises, codeReady } from "../catalogue";
import { stubCode, wholeChapterNotebook } from "../synthetic";

const missing = notebookSupport();
if (missing !== undefined) {
  if (process.env.CI === "true") throw new Error(missing);
  console.log(`${missing}; the in-kernel check tests are skipped`);
}
const run = missing === undefined ? test : test.skip;
const ids = codeExercises()
  .filter((e) => codeReady(e.id))
  .map((e) => e.id);

type Out = { output_type: string; name?: string; text?: string | string[] };
function checkOutputs(executed: {
  cells: { metadata?: { d2l?: { exercise?: string; part?: string } }; outputs?: Out[] }[];
}): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of executed.cells) {
    if (c.metadata?.d2l?.part !== "check") continue;
    const text = (c.outputs ?? []).map((o) => (Array.isArray(o.text) ? o.text.join("") : (o.text ?? ""))).join("");
    out.set(c.metadata.d2l.exercise!, text);
  }
  return out;
}

function execute(text: string): ReturnType<typeof executeNotebook> {
  // Inside the workbook: tslab resolves (and type-checks) imports from the notebook's folder.
  const dir = fs.mkdtempSync(path.join(__dirname, "..", ".kernel-test-"));
  const file = path.join(dir, "all-exercises.ipynb");
  fs.writeFileSync(file, text);
  try {
    return executeNotebook(file, { timeoutSeconds: 600 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

run("in the tslab kernel every check cell passes all public tests of the reference solutions", () => {
  const result = execute(wholeChapterNotebook());
  assert.equal(result.problems, [], formatProblems(result));
  const outputs = checkOutputs(result.executed as never);
  for (const id of ids) {
    const text = outputs.get(id) ?? "";
    const m = /公开测试通过 (\d+)\/(\d+)/.exec(text);
    assert.ok(m && m[1] === m[2] && Number(m[2]) > 0, `check ${id}:\n${text}`);
  }
});

run("in the tslab kernel the stubs' check cells report every public case, without errors or stderr", () => {
  const result = execute(wholeChapterNotebook({ code: stubCode, written: "student" }));
  assert.equal(result.problems, [], formatProblems(result));
  const outputs = checkOutputs(result.executed as never);
  for (const id of ids) {
    const text = outputs.get(id) ?? "";
    assert.match(text, /公开测试通过 0\/\d+/, `check ${id}:\n${text}`);
    assert.match(text, /尚未完成/, `check ${id} names the unfinished stub`);
  }
});

test.run();
