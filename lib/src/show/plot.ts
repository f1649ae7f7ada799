/**
 * Plots over plotly.js: line charts, bar charts and heatmaps.
 *
 * `show(figure)` emits one output with three representations:
 * - `application/vnd.plotly.v1+json`: drawn natively by JupyterLab / Notebook 7 with plotly's renderer;
 * - `text/html`: a div and a script for classic Notebook and nbconvert HTML exports. The plotly
 *   bundle is inlined into the first figure of a kernel session only; later figures wait for it;
 * - `text/plain`: a short summary, which is what a terminal prints.
 * `writeHtml(figure, file)` writes a standalone page (bundle included) from a script.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { displayBundle } from "./display";

/** A plotly trace or layout: plain JSON handed to plotly.js as is. */
export type PlotlyJson = Record<string, unknown>;

export interface Figure {
  readonly data: readonly PlotlyJson[];
  readonly layout: PlotlyJson;
  /** The text shown where no plot can be drawn. */
  readonly summary: string;
}

export interface Series {
  readonly name: string;
  readonly y: readonly number[];
  /** x values; default 1, 2, …, y.length. */
  readonly x?: readonly number[];
}

export interface AxesOptions {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly logX?: boolean;
  readonly logY?: boolean;
}

function axes(options: AxesOptions): PlotlyJson {
  return {
    title: { text: options.title ?? "" },
    xaxis: { title: { text: options.xLabel ?? "" }, ...(options.logX ? { type: "log" } : {}) },
    yaxis: { title: { text: options.yLabel ?? "" }, ...(options.logY ? { type: "log" } : {}) },
    margin: { t: options.title ? 50 : 20, r: 20 },
    height: 360,
  };
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(4));

function checkNumbers(fn: string, arg: string, values: readonly number[]): void {
  if (values.length === 0) throw new Error(`${fn}: ${arg}: expected at least one number, got none`);
  const bad = values.findIndex((v) => typeof v !== "number" || Number.isNaN(v));
  if (bad >= 0) throw new Error(`${fn}: ${arg}[${bad}]: expected a number, got ${String(values[bad])}`);
}

/** Lines, one per series (e.g. perplexity per epoch, gradient norm per time step). */
export function lineChart(series: readonly Series[], options: AxesOptions = {}): Figure {
  if (series.length === 0) throw new Error("lineChart: series: expected at least one series, got none");
  const data = series.map((s, i) => {
    checkNumbers("lineChart", `series[${i}].y`, s.y);
    const x = s.x ?? s.y.map((_, j) => j + 1);
    if (x.length !== s.y.length) {
      throw new Error(`lineChart: series[${i}].x: expected ${s.y.length} values (as many as y), got ${x.length}`);
    }
    return { type: "scatter", mode: "lines+markers", name: s.name, x: [...x], y: [...s.y], marker: { size: 4 } };
  });
  const lines = series.map((s) => {
    const ys = s.y.filter(Number.isFinite);
    const lo = Math.min(...ys), hi = Math.max(...ys);
    return `  ${s.name}: ${s.y.length} points, ${fmt(s.y[0])} -> ${fmt(s.y[s.y.length - 1])} (min ${fmt(lo)}, max ${fmt(hi)})`;
  });
  return { data, layout: axes(options), summary: [`[line chart] ${options.title ?? ""}`.trimEnd(), ...lines].join("\n") };
}

/** Bars with labels (e.g. n-gram frequencies); `logY` for Zipf plots. */
export function barChart(labels: readonly string[], values: readonly number[], options: AxesOptions = {}): Figure {
  checkNumbers("barChart", "values", values);
  if (labels.length !== values.length) {
    throw new Error(`barChart: labels: expected ${values.length} labels (one per value), got ${labels.length}`);
  }
  const data = [{ type: "bar", x: [...labels], y: [...values] }];
  const top = labels.slice(0, 10).map((l, i) => `${JSON.stringify(l)} ${fmt(values[i])}`).join(", ");
  const more = labels.length > 10 ? `, … (${labels.length} bars)` : "";
  return { data, layout: axes(options), summary: `[bar chart] ${options.title ?? ""}\n  ${top}${more}` };
}

export interface HeatmapOptions extends AxesOptions {
  readonly xTicks?: readonly (string | number)[];
  readonly yTicks?: readonly (string | number)[];
  readonly zMin?: number;
  readonly zMax?: number;
}

/** A matrix as colours: `z[row][column]` (e.g. gate activations, time steps by hidden units). */
export function heatmap(z: readonly (readonly number[])[], options: HeatmapOptions = {}): Figure {
  if (z.length === 0) throw new Error("heatmap: z: expected at least one row, got none");
  const width = z[0].length;
  z.forEach((row, i) => {
    if (row.length !== width) throw new Error(`heatmap: z[${i}]: expected ${width} columns like z[0], got ${row.length}`);
    checkNumbers("heatmap", `z[${i}]`, row);
  });
  const trace: PlotlyJson = { type: "heatmap", z: z.map((r) => [...r]), colorscale: "Viridis" };
  if (options.xTicks) trace.x = [...options.xTicks];
  if (options.yTicks) trace.y = [...options.yTicks];
  if (options.zMin !== undefined) trace.zmin = options.zMin;
  if (options.zMax !== undefined) trace.zmax = options.zMax;
  const flat = z.flat();
  const summary = `[heatmap] ${options.title ?? ""}\n  ${z.length} x ${width}, values in [${fmt(Math.min(...flat))}, ${fmt(Math.max(...flat))}]`;
  return { data: [trace], layout: axes(options), summary };
}

let bundleSent = false;
let bundleText: string | undefined;

/** The plotly.js bundle from the installed `plotly.js-dist`. */
export function plotlyBundle(): string {
  if (bundleText === undefined) bundleText = fs.readFileSync(require.resolve("plotly.js-dist"), "utf8");
  return bundleText;
}

/** Inline script that defines `window.Plotly` even where RequireJS is loaded (classic Notebook). */
function bundleScript(): string {
  const js = plotlyBundle().replace(/<\/script/gi, "<\\/script");
  return `<script>(function(){var define=undefined,module=undefined,exports=undefined;\n${js}\n}).call(window);</script>`;
}

function drawScript(divId: string, figure: Figure): string {
  const spec = JSON.stringify({ data: figure.data, layout: figure.layout }).replace(/</g, "\\u003c");
  return (
    `<script>(function(){var spec=${spec};function draw(){if(window.Plotly){window.Plotly.newPlot(` +
    `${JSON.stringify(divId)},spec.data,spec.layout,{responsive:true});}else{setTimeout(draw,50);}}draw();})();</script>`
  );
}

/** The HTML for one figure; `withBundle` inlines plotly.js. */
export function figureHtml(figure: Figure, withBundle: boolean): string {
  const divId = `d2l-plot-${randomBytes(6).toString("hex")}`;
  const bundle = withBundle ? bundleScript() : "";
  return `${bundle}<div id="${divId}" style="width:100%;min-height:360px"></div>${drawScript(divId, figure)}`;
}

/** Shows a figure in the notebook (plotly MIME, HTML fallback, text) or prints its summary. */
export function show(figure: Figure): void {
  const bundle = {
    "application/vnd.plotly.v1+json": { data: figure.data, layout: figure.layout, config: { responsive: true } },
    "text/html": figureHtml(figure, !bundleSent),
    "text/plain": figure.summary,
  };
  if (displayBundle(bundle) === "notebook") bundleSent = true;
}

/** Writes a standalone HTML page with the figure (and plotly.js) to `file`. */
export function writeHtml(figure: Figure, file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const title = String((figure.layout.title as { text?: string } | undefined)?.text ?? "figure");
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${figureHtml(figure, true)}</body></html>\n`;
  fs.writeFileSync(file, page);
}
