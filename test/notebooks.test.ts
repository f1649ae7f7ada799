import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { executeNotebook, formatProblems, listNotebooks, notebookSupport } from "../scripts/run-notebooks";
import { ARTIFACTS, BROWSER_PATH, expectedVisuals, exportWithAssets, inspectPage, launchBrowser } from "./browser";

// Every notebook is executed by Jupyter with this checkout's private tslab kernel (quick mode) and
// saved; the saved file must stay under 1 MB. Its HTML export is then opened in headless Chromium
// (where installed): every plot draws, every figure loads, and a screenshot per notebook is kept in
// reports/ci-artifacts/notebooks/. Without Jupyter the tests are skipped with one line saying what
// to install, except in CI (CI=true) where a missing Jupyter or Chromium is a failure.
const root = path.resolve(__dirname, "..");
const MAX_BYTES = 1024 * 1024;
const missing = notebookSupport();
const chromium = fs.existsSync(BROWSER_PATH);
if (missing !== undefined || !chromium) {
  const message =
    missing !== undefined
      ? `${missing}; the notebook tests are skipped`
      : `Chromium was not found at ${BROWSER_PATH}: the notebooks' HTML exports are not opened (apt-get install chromium)`;
  if (process.env.CI === "true") throw new Error(message);
  console.log(message);
}
const run = missing === undefined ? test : test.skip;
// D2L_NOTEBOOKS=<regex> narrows the run to the notebooks (and fixture) whose file name matches.
const wanted = (file: string) => new RegExp(process.env.D2L_NOTEBOOKS ?? "").test(path.basename(file));
let browser: Browser | undefined;

test.before(async () => {
  if (missing === undefined && chromium) browser = await launchBrowser();
});
test.after(async () => {
  await browser?.close();
});

if (wanted("import-smoke.ipynb"))
  run("a notebook executed by Jupyter with the tslab kernel imports d2lzh and picks a backend", () => {
    const result = executeNotebook(path.join(root, "test", "fixtures", "import-smoke.ipynb"));
    assert.equal(result.problems, [], formatProblems(result));
    const out = result.executed!.cells[1].outputs!.map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text)).join("");
    assert.match(out, /backend=(wasm|tensorflow) randint=\d sum=6/);
  });

for (const notebook of listNotebooks(path.join(root, "notebooks")).filter(wanted)) {
  const name = path.basename(notebook, ".ipynb");
  run(`${name} executes in quick mode with nothing on stderr, saves under 1 MB and draws every plot and figure`, async () => {
    const result = executeNotebook(notebook);
    assert.equal(result.problems.length, 0, formatProblems(result));
    assert.ok(result.bytes! <= MAX_BYTES, `${name}: the executed notebook is ${result.bytes} bytes, more than ${MAX_BYTES}`);
    if (!browser) return;
    const expected = expectedVisuals(result.executed as never);
    const dir = path.join(ARTIFACTS, "notebooks");
    const html = exportWithAssets(result.executed!, path.dirname(notebook), dir, name);
    const page = await inspectPage(browser, html, expected.plots, path.join(dir, `${name}.png`));
    assert.equal(page.errors, [], `${name}: no script errors on the page`);
    assert.is(page.plotsMissingBundle, 0, `${name}: plotly.js loaded from beside the export`);
    assert.is(page.plotsDrawn, expected.plots, `${name}: every plot draws a trace`);
    assert.equal(page.imagesBroken, [], `${name}: every image loads`);
    assert.equal(page.imagesLoaded.sort(), [...expected.images].sort(), `${name}: the figures the Markdown refers to`);
    assert.is(page.inlineSvgsVisible, expected.inlineSvgs, `${name}: every inline figure is visible`);
  });
}

test.run();
