/**
 * Diagrams as SVG from a description: boxes and circles with labels, arrows between them, free
 * text and dashed frames. Used for the chapter's figures (scripts/figures.ts writes them to
 * notebooks/figures/) and for the figures that the library draws inline (sampler layouts).
 *
 * One style for every figure: each node has a kind, and the kind decides its colours
 *   input (blue) · hidden state (green) · parameter (orange) · operator (purple) · output (red)
 * and a legend lists the kinds a figure uses. The output is deterministic (same description, same
 * bytes) and self-contained: text elements with a font list that starts with WenQuanYi Micro Hei
 * (the CJK font CI installs), no scripts, no external references.
 *
 * Labels mix text and math: `"重置门 $R_t$"`. Inside `$…$`, an upper-case letter is a bold italic
 * matrix, a lower-case letter is italic, `_x` / `_{…}` and `^x` / `^{…}` are sub- and superscripts,
 * and an accent before a letter draws over it: `~H` (H̃, the candidate), `>H` (forward), `<H`
 * (backward). Function names (tanh, softmax) are written upright.
 */

/** What a node stands for; it decides the colours. */
export type NodeKind = "input" | "hidden" | "param" | "operator" | "output";

export const KIND_NAMES: Readonly<Record<NodeKind, string>> = {
  input: "输入",
  hidden: "隐藏状态",
  param: "参数",
  operator: "运算",
  output: "输出",
};

const COLOURS: Readonly<Record<NodeKind, { fill: string; stroke: string; text: string }>> = {
  input: { fill: "#dbeafe", stroke: "#2563eb", text: "#1e3a8a" },
  hidden: { fill: "#dcfce7", stroke: "#16a34a", text: "#14532d" },
  param: { fill: "#ffedd5", stroke: "#ea580c", text: "#9a3412" },
  operator: { fill: "#ede9fe", stroke: "#7c3aed", text: "#4c1d95" },
  output: { fill: "#fee2e2", stroke: "#dc2626", text: "#7f1d1d" },
};
const INK = "#374151";

export const FONT_FAMILY = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

export interface DiagramNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** Centre. */
  readonly x: number;
  readonly y: number;
  readonly label: string;
  /** Box size; a circle uses `w` as its diameter. Default 56 × 36 (circle 30). */
  readonly w?: number;
  readonly h?: number;
  readonly shape?: "rect" | "circle";
  /** Font size of the label. Default 16 (18 in a circle). */
  readonly size?: number;
  /** Draw the outline dashed (e.g. a state that comes from outside the figure). */
  readonly dashed?: boolean;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  /** Where the arrow starts / ends; default: where the line meets the node's outline. */
  readonly fromAt?: readonly [number, number];
  readonly toAt?: readonly [number, number];
  /** Corner points between the two nodes (the arrow leaves `from` towards the first one). */
  readonly via?: readonly (readonly [number, number])[];
  /** Text near the arrow, e.g. a parameter: `"$W_{xh}$"`. */
  readonly label?: string;
  /** Where the label goes; default: beside the middle of the longest segment. */
  readonly labelAt?: readonly [number, number];
  /** Colour of the label; default "param". */
  readonly labelKind?: NodeKind;
  readonly dashed?: boolean;
  /** Colour of the line; default dark grey. */
  readonly kind?: NodeKind;
}

export interface DiagramText {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly anchor?: "start" | "middle" | "end";
  readonly size?: number;
  readonly kind?: NodeKind;
}

/** A dashed frame with a caption at its top-left corner (a layer, a time step, a cell). */
export interface DiagramFrame {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly label?: string;
}

export interface Diagram {
  /** Read by screen readers (the SVG's <title>). */
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly DiagramNode[];
  readonly edges?: readonly DiagramEdge[];
  readonly texts?: readonly DiagramText[];
  readonly frames?: readonly DiagramFrame[];
  /** A legend of the kinds used, along the bottom. Default true. */
  readonly legend?: boolean;
}

// ---- labels ----------------------------------------------------------------------------------

type Style = "bold-italic" | "italic" | "upright";
/** A piece of a label: `dx` (in em) moves the pen before it (stacked sub- and superscripts). */
interface Run {
  text: string;
  style: Style;
  scale: number;
  shift: number;
  accent?: "~" | ">" | "<";
  dx?: number;
}

const FUNCTIONS = ["softmax", "tanh", "exp", "log"];

/** Width of one character in em, for layout (the browser's font decides the final width). */
function charWidth(ch: string, style: Style): number {
  const cp = ch.codePointAt(0) as number;
  if (cp >= 0x2e80) return 1;
  if (ch === "I" || ch === "J") return 0.36;
  if (ch === "W" || ch === "M") return style === "bold-italic" ? 0.95 : 0.86;
  if (/[A-Z]/.test(ch)) return style === "bold-italic" ? 0.7 : 0.64;
  if (/[a-z]/.test(ch)) return "ilj".includes(ch) ? 0.26 : "mw".includes(ch) ? 0.82 : 0.54;
  if (/[0-9]/.test(ch)) return 0.56;
  if ("⊙+−=×·".includes(ch)) return 0.7;
  if ("σφ".includes(ch)) return 0.6;
  if (" ,.()[]:;'|/".includes(ch)) return 0.32;
  return 0.6;
}

function runWidth(run: Run, size: number): number {
  let w = 0;
  for (const ch of run.text) w += charWidth(ch, run.style);
  return w * size * run.scale;
}

const emWidth = (runs: readonly Run[]) => runs.reduce((s, r) => s + runWidth(r, 1), 0);

function group(src: string, i: number): [string, number] {
  if (src[i] === "{") {
    const end = src.indexOf("}", i);
    if (end < 0) throw new Error(`diagram label: unclosed { in ${JSON.stringify(src)}`);
    return [src.slice(i + 1, end), end + 1];
  }
  const ch = [...src.slice(i)][0] ?? "";
  return [ch, i + ch.length];
}

function scriptRuns(text: string, shift: number): Run[] {
  const runs: Run[] = [];
  for (const raw of text) {
    const ch = raw === "-" ? "−" : raw;
    const style: Style = /[A-Za-z]/.test(ch) ? "italic" : "upright";
    const last = runs[runs.length - 1];
    if (last && last.style === style) last.text += ch;
    else runs.push({ text: ch, style, scale: 0.7, shift });
  }
  return runs;
}

/** Parses the math part of a label into runs. */
function mathRuns(src: string): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < src.length) {
    const fn = FUNCTIONS.find((f) => src.startsWith(f, i));
    if (fn) {
      runs.push({ text: fn, style: "upright", scale: 1, shift: 0 });
      i += fn.length;
      continue;
    }
    let accent: Run["accent"];
    if ("~<>".includes(src[i]) && /[A-Za-z]/.test(src[i + 1] ?? "")) {
      accent = src[i] as Run["accent"];
      i++;
    }
    const raw = [...src.slice(i)][0];
    i += raw.length;
    const ch = raw === "-" ? "−" : raw;
    const style: Style = /[A-Z]/.test(ch) ? "bold-italic" : /[a-z]/.test(ch) ? "italic" : "upright";
    runs.push({ text: ch, style, scale: 1, shift: 0, ...(accent ? { accent } : {}) });
    let sub: string | undefined, sup: string | undefined;
    while (src[i] === "_" || src[i] === "^") {
      const [content, next] = group(src, i + 1);
      if (src[i] === "_") sub = content;
      else sup = content;
      i = next;
    }
    if (sub !== undefined && sup !== undefined) {
      // Stacked: the subscript, then the superscript moved back over it, then the pen after both.
      const subRuns = scriptRuns(sub, 0.35),
        supRuns = scriptRuns(sup, -0.55);
      const subW = emWidth(subRuns),
        supW = emWidth(supRuns);
      supRuns[0].dx = -subW + (style === "bold-italic" ? 0.06 : 0);
      runs.push(...subRuns, ...supRuns, { text: "", style: "upright", scale: 1, shift: 0, dx: Math.max(0, subW - supW) });
    } else if (sub !== undefined) runs.push(...scriptRuns(sub, 0.3));
    else if (sup !== undefined) runs.push(...scriptRuns(sup, -0.55));
  }
  return runs;
}

/** A label as runs: text outside `$…$` upright, math inside. */
export function labelRuns(label: string): Run[] {
  const parts = label.split("$");
  if (parts.length % 2 === 0) throw new Error(`diagram label: unbalanced $ in ${JSON.stringify(label)}`);
  const runs: Run[] = [];
  parts.forEach((part, k) => {
    if (part === "") return;
    if (k % 2 === 1) runs.push(...mathRuns(part));
    else runs.push({ text: part, style: "upright", scale: 1, shift: 0 });
  });
  return runs;
}

/** Estimated width of a label in pixels. */
export function labelWidth(label: string, size = 16): number {
  return layoutRuns(labelRuns(label), size).width;
}

interface Placed {
  run: Run;
  x: number;
}

function layoutRuns(runs: Run[], size: number): { placed: Placed[]; width: number } {
  const placed: Placed[] = [];
  let x = 0;
  for (const run of runs) {
    x += (run.dx ?? 0) * size;
    placed.push({ run, x });
    x += runWidth(run, size);
  }
  return { placed, width: x };
}

const num = (v: number) => String(Math.round(v * 10) / 10);
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function styleAttrs(style: Style): string {
  switch (style) {
    case "bold-italic":
      return ' font-style="italic" font-weight="bold"';
    case "italic":
      return ' font-style="italic"';
    case "upright":
      return "";
  }
}

/**
 * SVG for a label centred (or anchored) at (x, y), y being the middle of the text. Every run is
 * placed at its own x, so accents sit over their letter whatever the rest of the label does.
 */
export function labelSvg(
  label: string,
  x: number,
  y: number,
  options: { size?: number; colour?: string; anchor?: "start" | "middle" | "end" } = {},
): string {
  const size = options.size ?? 16;
  const { placed, width } = layoutRuns(labelRuns(label), size);
  const anchor = options.anchor ?? "middle";
  const x0 = anchor === "start" ? x : anchor === "end" ? x - width : x - width / 2;
  const baseline = y + size * 0.36;
  const colour = options.colour ?? INK;
  const spans = placed
    .filter((p) => p.run.text !== "")
    .map((p) => {
      const fs = size * p.run.scale;
      const by = baseline + p.run.shift * size;
      return `<tspan x="${num(x0 + p.x)}" y="${num(by)}" font-size="${num(fs)}"${styleAttrs(p.run.style)}>${esc(p.run.text)}</tspan>`;
    })
    .join("");
  const accents = placed
    .filter((p) => p.run.accent)
    .map((p) =>
      accentSvg(p.run.accent as "~" | ">" | "<", x0 + p.x + runWidth(p.run, size) / 2 + size * 0.06, baseline - size * 0.92, size, colour),
    )
    .join("");
  return `<text fill="${colour}">${spans}</text>${accents}`;
}

function accentSvg(accent: "~" | ">" | "<", cx: number, cy: number, size: number, colour: string): string {
  const w = size * 0.32;
  if (accent === "~") {
    const a = size * 0.07;
    return `<path d="M${num(cx - w)} ${num(cy + a)} C${num(cx - w / 2)} ${num(cy - 2 * a)} ${num(cx + w / 2)} ${num(cy + 2 * a)} ${num(cx + w)} ${num(cy - a)}" fill="none" stroke="${colour}" stroke-width="1.3"/>`;
  }
  const dir = accent === ">" ? 1 : -1;
  const tip = cx + dir * w;
  const h = size * 0.1;
  return `<path d="M${num(cx - dir * w)} ${num(cy)} L${num(tip)} ${num(cy)} M${num(tip - dir * h * 1.4)} ${num(cy - h)} L${num(tip)} ${num(cy)} L${num(tip - dir * h * 1.4)} ${num(cy + h)}" fill="none" stroke="${colour}" stroke-width="1.2"/>`;
}

// ---- geometry ----------------------------------------------------------------------------------

type Point = readonly [number, number];

function nodeSize(n: DiagramNode): { w: number; h: number } {
  if (n.shape === "circle") {
    const d = n.w ?? 30;
    return { w: d, h: d };
  }
  return { w: n.w ?? 56, h: n.h ?? 36 };
}

/** Where the ray from the node's centre towards `p` leaves its outline. */
function boundary(n: DiagramNode, p: Point): Point {
  const dx = p[0] - n.x,
    dy = p[1] - n.y;
  if (dx === 0 && dy === 0) return [n.x, n.y];
  const { w, h } = nodeSize(n);
  if (n.shape === "circle") {
    const r = w / 2,
      len = Math.hypot(dx, dy);
    return [n.x + (dx / len) * r, n.y + (dy / len) * r];
  }
  const t = Math.min(dx === 0 ? Infinity : w / 2 / Math.abs(dx), dy === 0 ? Infinity : h / 2 / Math.abs(dy));
  return [n.x + dx * t, n.y + dy * t];
}

function edgePoints(e: DiagramEdge, nodes: ReadonlyMap<string, DiagramNode>): Point[] {
  const a = nodes.get(e.from),
    b = nodes.get(e.to);
  if (!a) throw new Error(`diagram: edge ${e.from} -> ${e.to}: no node with id ${JSON.stringify(e.from)}`);
  if (!b) throw new Error(`diagram: edge ${e.from} -> ${e.to}: no node with id ${JSON.stringify(e.to)}`);
  const via = e.via ?? [];
  const first = via[0] ?? e.toAt ?? [b.x, b.y];
  const last = via[via.length - 1] ?? e.fromAt ?? [a.x, a.y];
  return [e.fromAt ?? boundary(a, first), ...via, e.toAt ?? boundary(b, last)];
}

function edgeLabelPoint(points: Point[]): Point {
  let best = 0,
    bestLen = -1;
  for (let i = 0; i + 1 < points.length; i++) {
    const len = Math.hypot(points[i + 1][0] - points[i][0], points[i + 1][1] - points[i][1]);
    if (len > bestLen) {
      best = i;
      bestLen = len;
    }
  }
  const [p, q] = [points[best], points[best + 1]];
  const mx = (p[0] + q[0]) / 2,
    my = (p[1] + q[1]) / 2;
  const vertical = Math.abs(q[0] - p[0]) < Math.abs(q[1] - p[1]);
  return vertical ? [mx + 8, my] : [mx, my - 13];
}

// ---- the whole diagram -------------------------------------------------------------------------

function markerDefs(kinds: readonly (NodeKind | "ink")[]): string {
  return kinds.map((k) => arrowMarker(k, k === "ink" ? INK : COLOURS[k].stroke)).join("");
}

function nodeSvg(n: DiagramNode): string {
  const c = COLOURS[n.kind];
  const { w, h } = nodeSize(n);
  const dash = n.dashed ? ' stroke-dasharray="5 3"' : "";
  const shape =
    n.shape === "circle"
      ? `<circle cx="${num(n.x)}" cy="${num(n.y)}" r="${num(w / 2)}" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"${dash}/>`
      : `<rect x="${num(n.x - w / 2)}" y="${num(n.y - h / 2)}" width="${num(w)}" height="${num(h)}" rx="6" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"${dash}/>`;
  return shape + labelSvg(n.label, n.x, n.y, { size: n.size ?? (n.shape === "circle" ? 18 : 16), colour: c.text });
}

function edgeSvg(e: DiagramEdge, nodes: ReadonlyMap<string, DiagramNode>): string {
  const points = edgePoints(e, nodes);
  const colour = e.kind ? COLOURS[e.kind].stroke : INK;
  const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${num(p[0])} ${num(p[1])}`).join(" ");
  const dash = e.dashed ? ' stroke-dasharray="5 3"' : "";
  const line = `<path d="${d}" fill="none" stroke="${colour}" stroke-width="1.5"${dash} marker-end="url(#d2l-arrow-${e.kind ?? "ink"})"/>`;
  if (!e.label) return line;
  const [lx, ly] = e.labelAt ?? edgeLabelPoint(points);
  const anchor = e.labelAt ? "middle" : Math.abs(points[1][0] - points[0][0]) < 1 && points.length === 2 ? "start" : "middle";
  return line + labelSvg(e.label, lx, ly, { size: 14, colour: COLOURS[e.labelKind ?? "param"].text, anchor });
}

function legendSvg(kinds: NodeKind[], width: number, y: number): string {
  const items = kinds.map((k) => ({ k, w: 22 + labelWidth(KIND_NAMES[k], 13) + 18 }));
  const total = items.reduce((s, i) => s + i.w, 0);
  let x = (width - total) / 2;
  return items
    .map(({ k, w }) => {
      const c = COLOURS[k];
      const out =
        `<rect x="${num(x)}" y="${num(y - 7)}" width="16" height="14" rx="3" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.2"/>` +
        labelSvg(KIND_NAMES[k], x + 22, y, { size: 13, colour: INK, anchor: "start" });
      x += w;
      return out;
    })
    .join("");
}

const LEGEND_HEIGHT = 30;

/** An SVG document: white background, the figure font, a <title>, then `defs` and `body`. */
export function svgDocument(width: number, height: number, title: string, defs: string, body: readonly string[]): string {
  const w = num(width),
    h = num(height);
  return (
    [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${esc(FONT_FAMILY)}" role="img">`,
      `<title>${esc(title)}</title>`,
      `<defs>${defs}</defs>`,
      `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
      ...body,
      "</svg>",
    ].join("\n") + "\n"
  );
}

/** An arrowhead marker `d2l-arrow-<name>` in `colour` (the same id always means the same marker). */
export function arrowMarker(name: string, colour: string): string {
  return `<marker id="d2l-arrow-${name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="${colour}"/></marker>`;
}

/** The diagram as an SVG document (UTF-8 text, no XML declaration needed). */
export function diagramSvg(d: Diagram): string {
  const ids = new Set<string>();
  for (const n of d.nodes) {
    if (ids.has(n.id)) throw new Error(`diagramSvg: nodes: id ${JSON.stringify(n.id)} is used twice`);
    if (!(n.kind in COLOURS))
      throw new Error(`diagramSvg: node ${n.id}: kind: expected one of ${Object.keys(COLOURS).join(", ")}, got ${String(n.kind)}`);
    ids.add(n.id);
  }
  const nodes = new Map(d.nodes.map((n) => [n.id, n]));
  const edges = d.edges ?? [];
  const used = (Object.keys(COLOURS) as NodeKind[]).filter(
    (k) => d.nodes.some((n) => n.kind === k) || edges.some((e) => e.label && (e.labelKind ?? "param") === k),
  );
  const legend = d.legend ?? true;
  const height = d.height + (legend ? LEGEND_HEIGHT : 0);
  const markerKinds: (NodeKind | "ink")[] = ["ink", ...(Object.keys(COLOURS) as NodeKind[]).filter((k) => edges.some((e) => e.kind === k))];
  return svgDocument(d.width, height, d.title, markerDefs(markerKinds), [
    ...(d.frames ?? []).map(
      (f) =>
        `<rect x="${num(f.x)}" y="${num(f.y)}" width="${num(f.w)}" height="${num(f.h)}" rx="8" fill="none" stroke="#9ca3af" stroke-width="1.2" stroke-dasharray="6 4"/>` +
        (f.label ? labelSvg(f.label, f.x + 8, f.y + 12, { size: 13, colour: "#6b7280", anchor: "start" }) : ""),
    ),
    ...edges.map((e) => edgeSvg(e, nodes)),
    ...d.nodes.map(nodeSvg),
    ...(d.texts ?? []).map((t) =>
      labelSvg(t.text, t.x, t.y, { size: t.size ?? 14, anchor: t.anchor ?? "middle", colour: t.kind ? COLOURS[t.kind].text : INK }),
    ),
    ...(legend ? [legendSvg(used, d.width, d.height + LEGEND_HEIGHT / 2)] : []),
  ]);
}
