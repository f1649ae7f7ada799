import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { chromium } from "playwright-core";
import { executeNotebook, exportHtml, formatProblems, notebookSupport } from "../scripts/run-notebooks";

// A notebook with two plots is executed, exported to HTML by nbconvert and opened in headless
// Chromium (Debian's package); the plots must draw (plotly SVG with data points). The screenshot
// stays in reports/ci-artifacts/ for people to look at.
const root = path.resolve(__dirname, "..");
const browserPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ready = notebookSupport() === undefined && fs.existsSync(browserPath);
if (!ready) {
  const message = `plot browser test needs Jupyter and Chromium (${browserPath}): apt-get install chromium jupyter-nbconvert`;
  if (process.env.CI === "true") throw new Error(message);
  console.log(`${message}; skipped`);
}
const run = ready ? test : test.skip;

run("plots in an nbconvert HTML export draw in a real browser, with plotly.js inlined once", async () => {
  const result = executeNotebook(path.join(root, "test", "fixtures", "plots.ipynb"));
  assert.equal(result.problems, [], formatProblems(result));
  const artifacts = path.join(root, "reports", "ci-artifacts");
  const html = path.join(artifacts, "plots.html");
  exportHtml(result.executed!, html);
  const page = fs.readFileSync(html, "utf8");
  assert.is(page.split("window.Plotly = Plotly").length - 1, 1, "plotly.js must be inlined exactly once");

  const browser = await chromium.launch({
    executablePath: browserPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  try {
    const tab = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
    const errors: string[] = [];
    tab.on("pageerror", (e) => errors.push(String(e)));
    await tab.goto(`file://${html}`);
    await tab.waitForFunction(`document.querySelectorAll(".js-plotly-plot .main-svg").length >= 2`, undefined, { timeout: 30_000 });
    // A string, not a function: the test runner's transpiler adds helpers that the page lacks.
    const drawn = (await tab.evaluate(`(() => {
      const visible = (selector) => [...document.querySelectorAll(selector)].filter((e) => {
        const box = e.getBoundingClientRect();
        return box.width > 0 && box.height > 0;
      }).length;
      return {
        plots: document.querySelectorAll(".js-plotly-plot").length,
        linePoints: visible(".scatterlayer .trace .point"),
        bars: visible(".barlayer .trace .point path"),
      };
    })()`)) as { plots: number; linePoints: number; bars: number };
    await tab.screenshot({ path: path.join(artifacts, "plots.png"), fullPage: true });
    assert.equal(errors, [], "no script errors on the page");
    assert.is(drawn.plots, 2);
    assert.is(drawn.linePoints, 5, "five visible markers on the line");
    assert.is(drawn.bars, 3, "three visible bars");
  } finally {
    await browser.close();
  }
});

test.run();
