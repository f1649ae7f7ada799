/**
 * Where a sampler's minibatches come from (d2l-zh 6.3), drawn from the batches themselves: the toy
 * sequence 0, 1, …, N − 1 as a strip of cells (so every value is its own position), each sample
 * (one row of X, T positions) framed and coloured by the minibatch it lands in, positions no batch
 * uses left white. `rows` folds the strip as the consecutive sampler cuts it (B rows of ⌊N/B⌋), and
 * `carriesState` draws the hidden state handed from one minibatch to the next along a row.
 *
 * `showSamplerLayout` shows it in a notebook (and a text summary elsewhere).
 */
import { displayBundle } from "./display";
import { arrowMarker, labelSvg, labelWidth, svgDocument } from "./diagram";
import { ArrayBatch } from "../data/samplers";

export interface SamplerLayoutOptions {
  /** A caption drawn above the strip, e.g. "图 6.3　随机采样". Default none. */
  readonly caption?: string;
  /** Fold the sequence into this many rows of ⌊N / rows⌋ positions (the consecutive sampler's B). Default 1. */
  readonly rows?: number;
  /** Draw the hidden state passed from a sample to the next one in its row. Default false. */
  readonly carriesState?: boolean;
}

/** Light fills and matching strokes, one per minibatch (cycling after eight). */
const PALETTE: readonly (readonly [string, string])[] = [
  ["#dbeafe", "#2563eb"],
  ["#ffedd5", "#ea580c"],
  ["#dcfce7", "#16a34a"],
  ["#ede9fe", "#7c3aed"],
  ["#fee2e2", "#dc2626"],
  ["#cffafe", "#0891b2"],
  ["#fef9c3", "#ca8a04"],
  ["#fce7f3", "#db2777"],
];
const CELL = 26;
const INK = "#374151";

interface Sample {
  batch: number;
  row: number;
  start: number;
  length: number;
}

function samplesOf(fn: string, length: number, batches: Iterable<ArrayBatch>): Sample[] {
  const samples: Sample[] = [];
  let b = 0;
  for (const { X } of batches) {
    X.forEach((seq, r) => {
      seq.forEach((v, j) => {
        if (!(Number.isInteger(v) && v >= 0 && v < length) || (j > 0 && v !== seq[j - 1] + 1)) {
          throw new Error(
            `${fn}: batches: batch ${b}, row ${r}: expected consecutive positions of the toy sequence 0…${length - 1}, got ${seq.join(", ")}`,
          );
        }
      });
      samples.push({ batch: b, row: r, start: seq[0], length: seq.length });
    });
    b++;
  }
  return samples;
}

const num = (v: number) => String(Math.round(v * 10) / 10);

/** The SVG text of the layout. `batches` must be batches of the sequence 0, 1, …, length − 1. */
export function samplerLayoutSvg(length: number, batches: Iterable<ArrayBatch>, options: SamplerLayoutOptions = {}): string {
  const fn = "samplerLayoutSvg";
  if (!(Number.isInteger(length) && length >= 2 && length <= 400))
    throw new Error(`${fn}: length: expected an integer in [2, 400], got ${String(length)}`);
  const rows = options.rows ?? 1;
  if (!(Number.isInteger(rows) && rows >= 1 && rows <= length))
    throw new Error(`${fn}: options.rows: expected an integer in [1, ${length}], got ${String(rows)}`);
  const samples = samplesOf(fn, length, batches);
  const perRow = Math.floor(length / rows);
  const place = (pos: number): [number, number] => {
    const r = Math.min(Math.floor(pos / perRow), rows - 1);
    return [r, pos - r * perRow];
  };
  const widest = length - (rows - 1) * perRow;
  const left = 60,
    top = options.caption ? 44 : 16,
    rowGap = options.carriesState ? 98 : 70;
  const width = left + widest * CELL + 20;
  const numBatches = samples.reduce((m, s) => Math.max(m, s.batch + 1), 0);
  const legendY = top + rows * rowGap + 6;
  const height = legendY + 24;
  const owner = new Array<Sample | undefined>(length).fill(undefined);
  for (const s of samples) for (let p = s.start; p < s.start + s.length; p++) owner[p] = s;
  const rowTop = (r: number) => top + r * rowGap + (options.carriesState ? 28 : 0);
  const parts: string[] = [];
  if (options.caption) parts.push(labelSvg(options.caption, width / 2, 20, { size: 15, colour: INK }));
  for (let r = 0; r < rows; r++) {
    parts.push(labelSvg(rows > 1 ? `第 ${r + 1} 段` : "序列", 10, rowTop(r) + CELL / 2, { size: 12, colour: "#6b7280", anchor: "start" }));
  }
  for (let p = 0; p < length; p++) {
    const [r, c] = place(p);
    const x = left + c * CELL,
      y = rowTop(r);
    const s = owner[p];
    const [fill, stroke] = s ? PALETTE[s.batch % PALETTE.length] : ["#ffffff", "#d1d5db"];
    parts.push(
      `<rect x="${x}" y="${y}" width="${CELL - 2}" height="${CELL - 2}" rx="3" fill="${fill}" stroke="${stroke}" stroke-width="1"/>`,
    );
    parts.push(labelSvg(String(p), x + (CELL - 2) / 2, y + (CELL - 2) / 2, { size: 11, colour: s ? INK : "#9ca3af" }));
  }
  for (const s of samples) {
    const [r, c] = place(s.start);
    const x = left + c * CELL - 2,
      y = rowTop(r) - 2,
      w = s.length * CELL + 2;
    const stroke = PALETTE[s.batch % PALETTE.length][1];
    parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${CELL + 2}" rx="5" fill="none" stroke="${stroke}" stroke-width="2"/>`);
    parts.push(labelSvg(`批 ${s.batch} · 第 ${s.row} 行`, x + w / 2, y + CELL + 16, { size: 11, colour: stroke }));
  }
  if (options.carriesState) {
    for (const s of samples) {
      const next = samples.find((o) => o.batch === s.batch + 1 && o.row === s.row);
      if (!next) continue;
      const [r, c] = place(s.start),
        [, c2] = place(next.start);
      const x1 = left + (c + s.length / 2) * CELL,
        x2 = left + (c2 + next.length / 2) * CELL,
        y = rowTop(r) - 4;
      parts.push(
        `<path d="M${num(x1)} ${y} C${num(x1)} ${y - 20} ${num(x2)} ${y - 20} ${num(x2)} ${y - 2}" fill="none" stroke="#16a34a" stroke-width="1.5" marker-end="url(#d2l-arrow-hidden)"/>`,
      );
      parts.push(labelSvg("$H$ 传下去", (x1 + x2) / 2, y - 27, { size: 11, colour: "#14532d" }));
    }
  }
  let lx = left;
  const legend = [
    ...Array.from({ length: numBatches }, (_, b) => [`小批量 ${b}`, ...PALETTE[b % PALETTE.length]]),
    ["这一轮未用到", "#ffffff", "#d1d5db"],
  ];
  for (const [text, fill, stroke] of legend) {
    parts.push(`<rect x="${lx}" y="${legendY}" width="14" height="14" rx="3" fill="${fill}" stroke="${stroke}"/>`);
    parts.push(labelSvg(text, lx + 20, legendY + 7, { size: 12, colour: INK, anchor: "start" }));
    lx += 20 + labelWidth(text, 12) + 18;
  }
  return svgDocument(Math.max(width, lx), height, options.caption ?? "小批量在序列中的位置", arrowMarker("hidden", "#16a34a"), parts);
}

/** A text version: the owner (batch.row) of every position, "-" where unused. */
export function samplerLayoutText(length: number, batches: Iterable<ArrayBatch>, options: SamplerLayoutOptions = {}): string {
  const owner = new Array<string>(length).fill("-");
  for (const s of samplesOf("samplerLayoutText", length, batches)) {
    for (let p = s.start; p < s.start + s.length; p++) owner[p] = `${s.batch}.${s.row}`;
  }
  const lines = owner.map((o, p) => `${String(p).padStart(3)}:${o.padEnd(4)}`);
  const perLine = 10;
  const out = [options.caption ?? "小批量在序列中的位置（批.行）"];
  for (let i = 0; i < lines.length; i += perLine)
    out.push(
      lines
        .slice(i, i + perLine)
        .join(" ")
        .trimEnd(),
    );
  return out.join("\n");
}

/**
 * Shows where the minibatches of the toy sequence 0…length−1 come from: in a notebook an <img> of
 * the SVG (as text/html: nbconvert's HTML export strips the elements of an image/svg+xml output),
 * elsewhere the text version.
 */
export function showSamplerLayout(length: number, batches: Iterable<ArrayBatch>, options: SamplerLayoutOptions = {}): void {
  const list = [...batches];
  const svg = samplerLayoutSvg(length, list, options);
  const alt = (options.caption ?? "小批量在序列中的位置").replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const img = `<img class="d2l-figure" alt="${alt}" src="data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}">`;
  displayBundle({ "text/html": img, "text/plain": samplerLayoutText(length, list, options) });
}
