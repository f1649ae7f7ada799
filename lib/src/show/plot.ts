/**
 * Plots over plotly.js: line charts, bar charts and heatmaps.
 *
 * `show(figure)` emits one output with three representations:
 * - `application/vnd.plotly.v1+json`: drawn natively by JupyterLab / Notebook 7 with plotly's renderer;
 * - `text/html`: a div and a small script for classic Notebook, nbconvert HTML exports and JupyterLab
 *   without plotly's renderer. The script does not carry plotly.js (4.9 MB minified): it loads the
 *   bundle once per page from `plotly-<version>.min.js` beside the notebook, through the Jupyter
 *   server's files URL (classic Notebook, JupyterLab, Notebook 7) or as a relative URL (an HTML
 *   export in the notebook's folder). The first `show` of a kernel writes that file into the
 *   kernel's working folder (the notebook's folder under tslab) unless it is there already;
 * - `text/plain`: a short summary, which is what a terminal prints.
 * `writeHtml(figure, file)` writes a standalone page (bundle included) from a script.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { displayBundle, inNotebook } from "./display";

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

/**
 * Ticks at whole numbers for an axis whose values are all integers (epochs, n, time steps): plotly
 * would otherwise put ticks at 2.5 on a short axis. The step is 1, 2 or 5 × 10^k, about 8 ticks.
 */
export function integerTicks(values: readonly number[]): PlotlyJson {
  if (values.length === 0 || !values.every(Number.isInteger)) return {};
  const span = Math.max(...values) - Math.min(...values);
  const raw = Math.max(1, span / 8);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) as number;
  return { tickmode: "linear", tick0: 0, dtick: step, tickformat: "d" };
}

function withTicks(layout: PlotlyJson, axis: "xaxis" | "yaxis", ticks: PlotlyJson): PlotlyJson {
  if (Object.keys(ticks).length === 0) return layout;
  return { ...layout, [axis]: { ...(layout[axis] as PlotlyJson), ...ticks } };
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
    const lo = Math.min(...ys),
      hi = Math.max(...ys);
    return `  ${s.name}: ${s.y.length} points, ${fmt(s.y[0])} -> ${fmt(s.y[s.y.length - 1])} (min ${fmt(lo)}, max ${fmt(hi)})`;
  });
  const xs = data.flatMap((d) => d.x);
  const layout = options.logX ? axes(options) : withTicks(axes(options), "xaxis", integerTicks(xs));
  return { data, layout, summary: [`[line chart] ${options.title ?? ""}`.trimEnd(), ...lines].join("\n") };
}

/** Bars with labels (e.g. n-gram frequencies); `logY` for Zipf plots. */
export function barChart(labels: readonly string[], values: readonly number[], options: AxesOptions = {}): Figure {
  checkNumbers("barChart", "values", values);
  if (labels.length !== values.length) {
    throw new Error(`barChart: labels: expected ${values.length} labels (one per value), got ${labels.length}`);
  }
  const data = [{ type: "bar", x: [...labels], y: [...values] }];
  const top = labels
    .slice(0, 10)
    .map((l, i) => `${JSON.stringify(l)} ${fmt(values[i])}`)
    .join(", ");
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
  const numeric = (ticks: readonly (string | number)[] | undefined, n: number) =>
    ticks === undefined ? Array.from({ length: n }, (_, i) => i) : ticks.every((v) => typeof v === "number") ? (ticks as number[]) : [];
  let layout = withTicks(axes(options), "xaxis", integerTicks(numeric(options.xTicks, width)));
  layout = withTicks(layout, "yaxis", integerTicks(numeric(options.yTicks, z.length)));
  return { data: [trace], layout, summary };
}

let bundleText: string | undefined;

/** The plotly.js bundle from the installed `plotly.js-dist`. */
export function plotlyBundle(): string {
  if (bundleText === undefined) bundleText = fs.readFileSync(require.resolve("plotly.js-dist"), "utf8");
  return bundleText;
}

/** The version of the installed plotly.js. */
function plotlyVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(require.resolve("plotly.js-dist/package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/** The file name the HTML fallback loads plotly.js from, beside the notebook. */
export function plotlyAssetName(): string {
  return `plotly-${plotlyVersion()}.min.js`;
}

/** plotly.js minified with esbuild where it is installed (4.9 MB instead of 11.2 MB), else as shipped. */
function minifiedBundle(): string {
  try {
    const esbuild = require("esbuild") as { transformSync(code: string, options: object): { code: string } };
    return esbuild.transformSync(plotlyBundle(), { minify: true, legalComments: "inline", logLevel: "silent" }).code;
  } catch {
    return plotlyBundle();
  }
}

/**
 * Writes `plotly-<version>.min.js` into `dir` (default: the working folder) unless a file of that
 * name is there; returns its path, or undefined where the folder is not writable (the plots of
 * that notebook then say where the file is expected). Written to a temporary sibling, then renamed.
 */
export function ensurePlotlyAsset(dir = process.cwd()): string | undefined {
  const target = path.join(dir, plotlyAssetName());
  if (fs.existsSync(target)) return target;
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, minifiedBundle());
    fs.renameSync(tmp, target);
    return target;
  } catch {
    fs.rmSync(tmp, { force: true });
    return undefined;
  }
}

/** Inline script that defines `window.Plotly` even where RequireJS is loaded (classic Notebook). */
function bundleScript(): string {
  const js = plotlyBundle().replace(/<\/script/gi, "<\\/script");
  return `<script>(function(){var define=undefined,module=undefined,exports=undefined;\n${js}\n}).call(window);</script>`;
}

/**
 * The loader shared by every plot of a page: the first plot tries the candidate URLs of the bundle
 * one after the other (classic Notebook's files URL from the page's data attributes, JupyterLab's
 * and Notebook 7's from the page config and the document URL, the kernel's session path, then a
 * relative URL) and draws every plot that waited. Where RequireJS is on the page (classic Notebook)
 * the bundle is loaded as a RequireJS module, since plotly.js then registers itself there instead of
 * setting `window.Plotly`. Where nothing loads, each plot says so in Chinese.
 */
function loaderScript(asset: string, session: string | undefined): string {
  const js = `
var w=window,A=${JSON.stringify(asset)},S=${JSON.stringify(session ?? "")};
function seg(p){return p.split("/").filter(function(x){return x!=="";}).map(encodeURIComponent);}
function files(base,dir){var p=seg(base).concat(["files"],seg(dir),[A]);return "/"+p.join("/");}
function dirOf(p){var i=p.lastIndexOf("/");return i<0?"":p.slice(0,i);}
function urls(){var out=[],b=document.body,c=document.getElementById("jupyter-config-data");
if(b&&b.getAttribute("data-notebook-path")!==null){out.push(files(b.getAttribute("data-base-url")||"/",dirOf(b.getAttribute("data-notebook-path"))));}
if(c){var base="/";try{base=JSON.parse(c.textContent).baseUrl||"/";}catch(e){}
var m=new RegExp("/(?:lab/(?:workspaces/[^/]+/)?tree|notebooks|doc/tree)/(.*)$").exec(decodeURIComponent(location.pathname));
if(m){out.push(files(base,dirOf(m[1])));}if(S&&S.charAt(0)!=="/"){out.push(files(base,dirOf(S)));}out.push(files(base,""));}
out.push(A);return out.filter(function(u,i){return out.indexOf(u)===i;});}
function fetchOne(u,ok,bad){if(typeof w.define==="function"&&w.define.amd&&typeof w.requirejs==="function"){
var name="d2l-plotly-"+(w.d2lPlotly.n++),paths={};paths[name]=new URL(u,location.href).href.replace(/\\.js$/,"");
w.requirejs.config({paths:paths});w.requirejs([name],function(P){w.Plotly=w.Plotly||P;ok();},bad);return;}
var s=document.createElement("script");s.src=u;s.onload=function(){if(w.Plotly){ok();}else{bad();}};
s.onerror=function(){s.parentNode.removeChild(s);bad();};document.head.appendChild(s);}
function load(L){var list=urls();(function next(i){if(i>=list.length){L.state="failed";L.queue.forEach(function(q){q.fail();});return;}
fetchOne(list[i],function(){L.state="ready";L.queue.forEach(function(q){q.draw();});},function(){next(i+1);});})(0);}
w.d2lPlotly=w.d2lPlotly||{state:"new",n:0,queue:[],when:function(q){if(w.Plotly){q.draw();return;}
if(this.state==="failed"){q.fail();return;}this.queue.push(q);if(this.state==="new"){this.state="loading";load(this);}}};`;
  return js.replace(/\n/g, "");
}

function drawScript(divId: string, figure: Figure, asset: string): string {
  const spec = JSON.stringify({ data: figure.data, layout: figure.layout }).replace(/</g, "\\u003c");
  const missing = `（图没有画出来：没有找到 ${asset}。在这个笔记本所在的文件夹里重新运行画图的单元格，它会被写到笔记本旁边。）`;
  return (
    `<script>(function(){${loaderScript(asset, process.env.JPY_SESSION_NAME)}var id=${JSON.stringify(divId)},spec=${spec};` +
    `w.d2lPlotly.when({draw:function(){w.Plotly.newPlot(id,spec.data,spec.layout,{responsive:true});},` +
    `fail:function(){var e=document.getElementById(id);if(e){e.style.minHeight="0";e.textContent=${JSON.stringify(missing)};}}});})();</script>`
  );
}

/** The HTML for one figure; `withBundle` inlines plotly.js instead of loading it from beside the notebook. */
export function figureHtml(figure: Figure, withBundle: boolean): string {
  const divId = `d2l-plot-${randomBytes(6).toString("hex")}`;
  const bundle = withBundle ? bundleScript() : "";
  return `${bundle}<div id="${divId}" style="width:100%;min-height:360px"></div>${drawScript(divId, figure, plotlyAssetName())}`;
}

let assetChecked = false;

/** Shows a figure in the notebook (plotly MIME, HTML fallback, text) or prints its summary. */
export function show(figure: Figure): void {
  const bundle = {
    "application/vnd.plotly.v1+json": { data: figure.data, layout: figure.layout, config: { responsive: true } },
    "text/html": figureHtml(figure, false),
    "text/plain": figure.summary,
  };
  if (!assetChecked && inNotebook()) {
    ensurePlotlyAsset();
    assetChecked = true;
  }
  displayBundle(bundle);
}

/** Writes a standalone HTML page with the figure (and plotly.js) to `file`. */
export function writeHtml(figure: Figure, file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const title = String((figure.layout.title as { text?: string } | undefined)?.text ?? "figure");
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${figureHtml(figure, true)}</body></html>\n`;
  fs.writeFileSync(file, page);
}
