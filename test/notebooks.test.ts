import { test } from "uvu";
import * as assert from "uvu/assert";
import * as path from "node:path";
import { executeNotebook, formatProblems, listNotebooks, notebookSupport } from "../scripts/run-notebooks";

// Every notebook is executed by Jupyter with this checkout's private tslab kernel (quick mode).
// Without Jupyter the tests are skipped with one line saying what to install, except in CI (CI=true)
// where a missing Jupyter is a failure.
const root = path.resolve(__dirname, "..");
const missing = notebookSupport();
if (missing !== undefined) {
  if (process.env.CI === "true") throw new Error(missing);
  console.log(`${missing}; the notebook tests are skipped`);
}
const run = missing === undefined ? test : test.skip;
// D2L_NOTEBOOKS=<regex> narrows the run to the notebooks (and fixture) whose file name matches.
const wanted = (file: string) => new RegExp(process.env.D2L_NOTEBOOKS ?? "").test(path.basename(file));

if (wanted("import-smoke.ipynb")) run("a notebook executed by Jupyter with the tslab kernel imports d2lzh and picks a backend", () => {
  const result = executeNotebook(path.join(root, "test", "fixtures", "import-smoke.ipynb"));
  assert.equal(result.problems, [], formatProblems(result));
  const out = result.executed!.cells[1].outputs!.map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text)).join("");
  assert.match(out, /backend=(wasm|tensorflow) randint=\d sum=6/);
});

for (const notebook of listNotebooks(path.join(root, "notebooks")).filter(wanted)) {
  run(`${path.basename(notebook)} executes in quick mode with no error and nothing on stderr`, () => {
    const result = executeNotebook(notebook);
    assert.equal(result.problems.length, 0, formatProblems(result));
  });
}

test.run();
