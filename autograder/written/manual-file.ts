/**
 * Per-entry edits of the output folder's `manual-scores.csv` (header `student,exercise,max_points,score,comment`,
 * the file `gradebook.csv` merges): read the file as it is now, change one row's score and comment,
 * leave every other byte alone (the instructor's hand edits, extra columns, rows of unknown students,
 * a BOM, CRLF line ends).
 *
 * Each entry (student, exercise) has a revision: a hash of its score and comment as the file holds
 * them. A save names the revision it was based on; when the file now says something else for that
 * entry (another tab, or a hand edit), the save is refused as a conflict and nothing is written.
 */
import * as crypto from "node:crypto";
import { csvField, inertId, parseCsv } from "../reports";

/** One CSV record: its fields and its exact text (without the line end). */
interface CsvRecord {
  readonly fields: string[];
  readonly raw: string;
}

/** The file split into records, keeping each record's text so untouched rows are written back byte for byte. */
export interface ManualFile {
  readonly bom: string;
  readonly eol: string;
  readonly records: CsvRecord[];
  /** Whether the text ended with a line end. */
  readonly finalEol: boolean;
}

/** An entry's value as the file gives it (what readManualScores would merge). */
export interface EntryValue {
  /** The score cell, trimmed ("" when not scored). */
  readonly score: string;
  readonly comment: string;
  /** Hash of score and comment; "-" when the file has no row for the entry. */
  readonly rev: string;
}

export const HEADER = ["student", "exercise", "max_points", "score", "comment"];

/** Splits CSV text into records at line ends outside quotes. */
export function splitManualFile(text: string): ManualFile {
  const bom = text.charCodeAt(0) === 0xfeff ? "\ufeff" : "";
  const src = text.slice(bom.length);
  const eol = /\r\n/.test(src) ? "\r\n" : "\n";
  const records: CsvRecord[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i <= src.length; i++) {
    const ch = src[i];
    if (ch === '"') quoted = !quoted;
    else if (i === src.length || (!quoted && (ch === "\n" || ch === "\r"))) {
      const raw = src.slice(start, i);
      if (i < src.length || raw !== "") records.push({ raw, fields: parseCsv(raw)[0] ?? [] });
      if (ch === "\r" && src[i + 1] === "\n") i++;
      start = i + 1;
    }
  }
  return { bom, eol, records, finalEol: /[\r\n]$/.test(src) };
}

export function joinManualFile(f: ManualFile): string {
  return f.bom + f.records.map((r) => r.raw).join(f.eol) + (f.finalEol ? f.eol : "");
}

/** The header's column indexes; an error message when a required column is missing. */
export function columns(f: ManualFile): { student: number; exercise: number; max: number; score: number; comment: number } | string {
  const header = (f.records[0]?.fields ?? []).map((h) => h.trim().toLowerCase());
  const at = (name: string) => header.indexOf(name);
  const c = { student: at("student"), exercise: at("exercise"), max: at("max_points"), score: at("score"), comment: at("comment") };
  if (c.student < 0 || c.exercise < 0 || c.score < 0)
    return `manual-scores.csv: expected a header with the columns student, exercise, score, got ${JSON.stringify(f.records[0]?.raw ?? "")}`;
  return c;
}

const revision = (score: string, comment: string) => crypto.createHash("sha256").update(`${score}\n${comment}`).digest("hex").slice(0, 16);

/** The row an entry is read from and written to: the last row with a score, else the last row (readManualScores keeps the last score). */
function rowOf(f: ManualFile, cols: Exclude<ReturnType<typeof columns>, string>, student: string, exercise: string): number {
  let last = -1;
  let lastScored = -1;
  const id = inertId(student);
  f.records.forEach((r, k) => {
    if (k === 0 || inertId((r.fields[cols.student] ?? "").trim()) !== id || (r.fields[cols.exercise] ?? "").trim() !== exercise) return;
    last = k;
    if ((r.fields[cols.score] ?? "").trim() !== "") lastScored = k;
  });
  return lastScored >= 0 ? lastScored : last;
}

/** The key of an entry in entryValues: the student id as the file writes it (inertId), and the exercise. */
export const entryKey = (student: string, exercise: string): string => `${inertId(student)}\u0000${exercise}`;

/** Every entry's value, keyed by entryKey. */
export function entryValues(f: ManualFile): Map<string, EntryValue> | string {
  const cols = columns(f);
  if (typeof cols === "string") return cols;
  const out = new Map<string, EntryValue>();
  f.records.forEach((r, k) => {
    if (k === 0) return;
    const key = entryKey((r.fields[cols.student] ?? "").trim(), (r.fields[cols.exercise] ?? "").trim());
    const score = (r.fields[cols.score] ?? "").trim();
    const comment = cols.comment < 0 ? "" : (r.fields[cols.comment] ?? "");
    if (score !== "" || !out.has(key) || out.get(key)!.score === "") out.set(key, { score, comment, rev: revision(score, comment) });
  });
  return out;
}

export const NO_ROW: EntryValue = { score: "", comment: "", rev: "-" };

export interface Edit {
  readonly student: string;
  readonly exercise: string;
  readonly maxPoints: number;
  /** The revision the edit was based on. */
  readonly rev: string;
  /** The new score ("" clears it). */
  readonly score: string;
  readonly comment: string;
}

/**
 * Applies `edits` to the file's current text, all or nothing: when any entry's revision differs
 * from the edit's, returns the conflicts (with the file's current values) and changes nothing.
 */
export function applyEdits(
  text: string,
  edits: readonly Edit[],
): { text: string; values: EntryValue[] } | { conflicts: { student: string; value: EntryValue }[] } | { error: string } {
  const f = splitManualFile(text === "" ? HEADER.join(",") + "\n" : text);
  const cols = columns(f);
  if (typeof cols === "string") return { error: cols };
  const values = entryValues(f) as Map<string, EntryValue>;
  const current = (e: Edit) => values.get(entryKey(e.student, e.exercise)) ?? NO_ROW;
  const conflicts = edits.filter((e) => current(e).rev !== e.rev).map((e) => ({ student: e.student, value: current(e) }));
  if (conflicts.length > 0) return { conflicts };
  const records = f.records.slice();
  let header = records[0];
  let commentCol = cols.comment;
  if (commentCol < 0) {
    // An instructor's file without a comment column gets one, at the end of the header only.
    commentCol = header.fields.length;
    header = { fields: [...header.fields, "comment"], raw: `${header.raw},comment` };
    records[0] = header;
  }
  for (const e of edits) {
    const k = rowOf({ ...f, records }, cols, e.student, e.exercise);
    const fields = k >= 0 ? records[k].fields.slice() : [];
    if (k < 0) {
      fields[cols.student] = inertId(e.student);
      fields[cols.exercise] = e.exercise;
      if (cols.max >= 0) fields[cols.max] = String(e.maxPoints);
    }
    fields[cols.score] = e.score;
    fields[commentCol] = e.comment;
    for (let i = 0; i < fields.length; i++) fields[i] ??= "";
    const record = { fields, raw: fields.map(csvField).join(",") };
    if (k >= 0) records[k] = record;
    else records.push(record);
  }
  const next = { ...f, records, finalEol: true };
  const after = entryValues(next) as Map<string, EntryValue>;
  return { text: joinManualFile(next), values: edits.map((e) => after.get(entryKey(e.student, e.exercise)) ?? NO_ROW) };
}
