/**
 * Small tables for notebooks and scripts: n-gram counts (6.1), perplexity by n, speed comparisons
 * (6.5). `showTable(rows)` shows an HTML table in a notebook and aligned text elsewhere; the text
 * counts CJK characters as two columns, so Chinese tokens line up in a terminal.
 */
import { displayBundle } from "./display";

/** One value of a table: a number or a string. */
export type TableValue = string | number;

/** One row: column name → value. */
export type TableRow = Readonly<Record<string, TableValue>>;

export interface TableOptions {
  /** A line shown above the table. Default: none. */
  readonly title?: string;
  /** The columns and their order. Default: the keys of the first row, then new keys of later rows. */
  readonly columns?: readonly string[];
  /** Decimal places of non-integer numbers. Default 2. */
  readonly digits?: number;
}

/** How a value is written: integers as they are, other numbers with `digits` decimals. */
export function formatValue(value: TableValue | undefined, digits = 2): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return value.toFixed(digits);
}

/** Columns a terminal uses for `text`: 2 for East Asian wide characters, 1 otherwise. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0) as number) ? 2 : 1;
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function columnsOf(fn: string, rows: readonly TableRow[], options: TableOptions): string[] {
  if (!Array.isArray(rows)) throw new Error(`${fn}: rows: expected an array of records, got ${typeof rows}`);
  rows.forEach((row, i) => {
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new Error(`${fn}: rows[${i}]: expected a record of column → value, got ${row === null ? "null" : typeof row}`);
    }
  });
  const digits = options.digits ?? 2;
  if (!(Number.isInteger(digits) && digits >= 0 && digits <= 20)) {
    throw new Error(`${fn}: options.digits: expected an integer in [0, 20], got ${String(digits)}`);
  }
  if (options.columns !== undefined) return [...options.columns];
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** The table as aligned text: a header line, a rule, one line per row (numbers right-aligned). */
export function formatTable(rows: readonly TableRow[], options: TableOptions = {}): string {
  const columns = columnsOf("formatTable", rows, options);
  const cells = rows.map((row) => columns.map((c) => formatValue(row[c], options.digits)));
  const widths = columns.map((c, j) => Math.max(displayWidth(c), ...cells.map((r) => displayWidth(r[j]))));
  const pad = (text: string, j: number, right: boolean) => {
    const fill = " ".repeat(widths[j] - displayWidth(text));
    return right ? fill + text : text + fill;
  };
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === undefined || typeof r[c] === "number"));
  const line = (texts: string[]) =>
    texts
      .map((t, j) => pad(t, j, numeric[j]))
      .join("  ")
      .trimEnd();
  const out = [line(columns), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)];
  return (options.title ? [options.title, ...out] : out).join("\n");
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The table as an HTML `<table>` (values escaped). */
export function tableHtml(rows: readonly TableRow[], options: TableOptions = {}): string {
  const columns = columnsOf("tableHtml", rows, options);
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === undefined || typeof r[c] === "number"));
  const head = `<tr>${columns.map((c, j) => `<th style="text-align:${numeric[j] ? "right" : "left"}">${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = rows
    .map((row) => {
      const tds = columns.map((c) => {
        // Notebook styles right-align every cell; text reads better from the left.
        const align = typeof row[c] === "number" ? ' style="text-align:right"' : ' style="text-align:left"';
        return `<td${align}>${escapeHtml(formatValue(row[c], options.digits))}</td>`;
      });
      return `<tr>${tds.join("")}</tr>`;
    })
    .join("");
  const caption = options.title ? `<caption>${escapeHtml(options.title)}</caption>` : "";
  return `<table>${caption}<thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** Shows the table: HTML in a notebook (with the text as fallback), the text on stdout elsewhere. */
export function showTable(rows: readonly TableRow[], options: TableOptions = {}): void {
  displayBundle({ "text/html": tableHtml(rows, options), "text/plain": formatTable(rows, options) });
}
