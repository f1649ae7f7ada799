/**
 * Helpers of the browser tests: export an executed notebook to HTML beside copies of what it loads
 * (the figures and plotly.js, as they sit beside the notebooks), open it in headless Chromium and
 * report what drew. Screenshots and exports go to reports/ci-artifacts/ (ignored by git).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Browser, chromium } from "playwright-core";
import { exportHtml } from "../scripts/run-notebooks";

export const ROOT = path.resolve(__dirname, "..");
export const ARTIFACTS = path.join(ROOT, "reports", "ci-artifacts");
export const BROWSER_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Chromium's own configuration and crash reports go to a temporary folder, never the user's home (issue 14). */
const BROWSER_HOME = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-chromium-"));
process.once("exit", () => fs.rmSync(BROWSER_HOME, { recursive: true, force: true }));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: BROWSER_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-breakpad",
      "--disable-crash-reporter",
    ],
    env: {
      ...process.env,
      HOME: BROWSER_HOME,
      XDG_CONFIG_HOME: path.join(BROWSER_HOME, "config"),
      XDG_CACHE_HOME: path.join(BROWSER_HOME, "cache"),
    },
  });
}

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
}

/** What an executed notebook should show: plots, inline figures (data-URI SVG images) and figure files. */
export function expectedVisuals(executed: { cells: Cell[] }): { plots: number; inlineSvgs: number; images: string[] } {
  let plots = 0,
    inlineSvgs = 0;
  const images: string[] = [];
  for (const cell of executed.cells) {
    for (const out of cell.outputs ?? []) {
      if (out.data?.["application/vnd.plotly.v1+json"] !== undefined) plots++;
      const html = out.data?.["text/html"];
      const text = Array.isArray(html) ? html.join("") : html;
      if (typeof text === "string" && text.startsWith('<img class="d2l-figure"')) inlineSvgs++;
    }
    if (cell.cell_type === "markdown") {
      const text = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      for (const m of text.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) images.push(m[1]);
    }
  }
  return { plots, inlineSvgs, images };
}

/**
 * Exports `executed` to `<dir>/<name>.html` and copies beside it what the notebook folder holds for
 * it: figures/*.svg and plotly-*.min.js. Returns the HTML file.
 */
export function exportWithAssets(executed: object, notebookDir: string, dir: string, name: string): string {
  const html = path.join(dir, `${name}.html`);
  exportHtml(executed, html);
  const figures = path.join(notebookDir, "figures");
  if (fs.existsSync(figures)) {
    fs.mkdirSync(path.join(dir, "figures"), { recursive: true });
    for (const f of fs.readdirSync(figures)) fs.copyFileSync(path.join(figures, f), path.join(dir, "figures", f));
  }
  for (const f of fs.readdirSync(notebookDir).filter((f) => /^plotly-.*\.min\.js$/.test(f))) {
    fs.copyFileSync(path.join(notebookDir, f), path.join(dir, f));
  }
  return html;
}

export interface PageReport {
  readonly errors: string[];
  /** Plots whose SVG holds at least one trace (line, bar or heatmap). */
  readonly plotsDrawn: number;
  /** Images that loaded (naturalWidth > 0), by src. */
  readonly imagesLoaded: string[];
  readonly imagesBroken: string[];
  /** Inline figures (img.d2l-figure) that loaded, with a non-empty box. */
  readonly inlineSvgsVisible: number;
  /** Plots that say plotly.js was not found. */
  readonly plotsMissingBundle: number;
}

/** Opens `html`, waits for `plots` plots to draw (or 30 s), takes a screenshot and reports. */
export async function inspectPage(browser: Browser, html: string, plots: number, screenshot: string): Promise<PageReport> {
  const tab = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  tab.on("pageerror", (e) => errors.push(String(e)));
  try {
    await tab.goto(`file://${html}`);
    // Strings, not functions: the test runner's transpiler adds helpers that the page lacks.
    if (plots > 0) {
      await tab
        .waitForFunction(`document.querySelectorAll(".js-plotly-plot .main-svg").length >= ${plots}`, undefined, { timeout: 30_000 })
        .catch(() => {});
    }
    await tab.waitForFunction(`[...document.images].every((i) => i.complete)`, undefined, { timeout: 10_000 }).catch(() => {});
    const report = (await tab.evaluate(`(() => {
      const traced = [...document.querySelectorAll(".js-plotly-plot")].filter((p) =>
        p.querySelector(".scatterlayer .trace .point, .barlayer .trace .point path, .heatmaplayer .hm image")).length;
      const imgs = [...document.images].filter((i) => !i.classList.contains("d2l-figure"));
      const svgs = [...document.querySelectorAll("img.d2l-figure")].filter((i) => {
        const b = i.getBoundingClientRect();
        return i.complete && i.naturalWidth > 0 && b.width > 0 && b.height > 0;
      }).length;
      const missing = [...document.querySelectorAll('div[id^="d2l-plot-"]')].filter((d) => d.textContent.includes("没有找到")).length;
      return {
        plotsDrawn: traced,
        imagesLoaded: imgs.filter((i) => i.complete && i.naturalWidth > 0).map((i) => i.getAttribute("src")),
        imagesBroken: imgs.filter((i) => !(i.complete && i.naturalWidth > 0)).map((i) => i.getAttribute("src")),
        inlineSvgsVisible: svgs,
        plotsMissingBundle: missing,
      };
    })()`)) as Omit<PageReport, "errors">;
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await tab.screenshot({ path: screenshot, fullPage: true });
    return { errors, ...report };
  } finally {
    await tab.close();
  }
}
