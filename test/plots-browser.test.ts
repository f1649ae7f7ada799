import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { executeNotebook, formatProblems, notebookSupport } from "../scripts/run-notebooks";
import { ARTIFACTS, BROWSER_PATH, exportWithAssets, inspectPage, launchBrowser } from "./browser";

// A notebook with two plots is executed, exported to HTML by nbconvert and opened in headless
// Chromium (Debian's package). The saved notebook must not carry plotly.js; the export loads it
// from plotly-<version>.min.js beside it (as it is beside the notebook after the first plot), and
// the plots must draw (plotly SVG with data points). Without that file each plot says so.
const root = path.resolve(__dirname, "..");
const ready = notebookSupport() === undefined && fs.existsSync(BROWSER_PATH);
if (!ready) {
  const message = `plot browser test needs Jupyter and Chromium (${BROWSER_PATH}): apt-get install chromium jupyter-nbconvert`;
  if (process.env.CI === "true") throw new Error(message);
  console.log(`${message}; skipped`);
}
const run = ready ? test : test.skip;

run("plots in an nbconvert HTML export draw in a real browser from the bundle beside it, and say so without it", async () => {
  const fixture = path.join(root, "test", "fixtures", "plots.ipynb");
  const result = executeNotebook(fixture);
  assert.equal(result.problems, [], formatProblems(result));
  assert.ok(result.bytes! < 40_000, `the saved notebook is ${result.bytes} bytes: plotly.js must not be in it`);
  const asset = fs.readdirSync(path.dirname(fixture)).find((f) => /^plotly-.*\.min\.js$/.test(f));
  assert.ok(asset, "the first plot wrote plotly-<version>.min.js beside the notebook");

  const browser = await launchBrowser();
  try {
    const withBundle = exportWithAssets(result.executed!, path.dirname(fixture), ARTIFACTS, "plots");
    const drawn = await inspectPage(browser, withBundle, 2, path.join(ARTIFACTS, "plots.png"));
    assert.equal(drawn.errors, [], "no script errors on the page");
    assert.is(drawn.plotsDrawn, 2, "both plots draw a trace");

    const bare = path.join(ARTIFACTS, "plots-without-bundle");
    fs.rmSync(bare, { recursive: true, force: true });
    const nothing = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-no-assets-"));
    const without = exportWithAssets(result.executed!, nothing, bare, "plots");
    fs.rmSync(nothing, { recursive: true, force: true });
    const missing = await inspectPage(browser, without, 0, path.join(bare, "plots.png"));
    assert.is(missing.plotsDrawn, 0);
    assert.is(missing.plotsMissingBundle, 2, "each plot says that plotly.js was not found");
  } finally {
    await browser.close();
  }
});

test.run();
