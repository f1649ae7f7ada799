/**
 * Known mistakes recognised in a submission, and counted for the class.
 *
 * Every known-wrong variant (`solutions/<id>/wrong/*.ts`) is graded once through the same judge as
 * the students (`gradeInProcess`): its signature is what each case reported (status and message,
 * the message quoting the values the variant returned on the seeded inputs). A student's exercise
 * is said to look like a variant only when, over the cases the student was graded on,
 *
 *   1. the set of cases that did not pass is exactly the variant's, with the same status each, and
 *   2. on every such case the message agrees with the variant's: the same text once numbers are
 *      masked, and every number within a relative tolerance (the returned values agree),
 *
 * and no other variant of the exercise agrees as well. A pattern two variants share (or that
 * matches none) names nothing: the feedback then says nothing about known mistakes.
 *
 * Signatures cost one grading of each variant (all 53: about 4 s here): the
 * grader computes them once per run and keeps them in its output folder
 * (`.d2l-misconceptions.json`), keyed by a fingerprint of the tests and of the solution and variant
 * sources, so a resumed run reuses them. The Gradescope bundle has no `wrong/` folders: the release
 * grades the variants with the hidden tests and ships their signatures as
 * `exercises/misconceptions.json`, keyed by the tests they were graded with (BUNDLED_SIGNATURES); a
 * bundle graded with those same tests names mistakes as the instructor's own run does. The student
 * release carries neither and names no mistakes.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EXERCISES_DIR, filesUnder, loadWrongVariants, solutionPath } from "./cells";
import { jobFor } from "./jobs";
import { clean, escapeHtml, StudentResult } from "./reports";
import { gradeInProcess, GradedCase, Libraries } from "./harness/evaluate";

/** What a case of a variant reported (messages as the grader stores them). */
export interface CaseRecord {
  readonly name: string;
  readonly status: GradedCase["status"];
  readonly message?: string;
}

export interface VariantSignature {
  readonly id: string;
  /** The variant's file stem ("per-tensor"). */
  readonly name: string;
  /** The sentence the feedback shows: why it is wrong, what to look at (zh-CN). */
  readonly why: string;
  readonly cases: readonly CaseRecord[];
}

/** A recognised known mistake, as stored in a student's exercise result. */
export interface Misconception {
  readonly variant: string;
  readonly why: string;
}

export type Signatures = ReadonlyMap<string, readonly VariantSignature[]>;

/** The message as the grader stores it (inert, at most 4,000 characters). */
const stored = (m: string | undefined) => (m === undefined ? undefined : clean(m.slice(0, 4000)));

/** Grades every variant of `ids` in this process and records its signature. */
export async function computeSignatures(
  libs: Libraries,
  ids: readonly string[],
  hidden: boolean,
): Promise<Map<string, VariantSignature[]>> {
  const out = new Map<string, VariantSignature[]>();
  for (const id of ids) {
    const sigs: VariantSignature[] = [];
    for (const v of loadWrongVariants(id)) {
      const cases = await gradeInProcess(await jobFor(id, v.cell, { hidden }), libs);
      sigs.push({
        id,
        name: v.name,
        why: v.why,
        cases: cases.map((c) => ({ name: c.name, status: c.status, message: stored(c.message) })),
      });
    }
    if (sigs.length > 0) out.set(id, sigs);
  }
  return out;
}

/** A fingerprint of what the signatures depend on: the tests' fingerprint and the solution and variant sources. */
export function signaturesKey(testsFingerprint: string, ids: readonly string[], hidden: boolean): string {
  const hash = crypto.createHash("sha256").update(`${testsFingerprint}\n${hidden}\n`);
  for (const id of ids) {
    for (const v of loadWrongVariants(id)) hash.update(`${id}/${v.name}\n`).update(fs.readFileSync(v.file));
    if (fs.existsSync(solutionPath(id))) hash.update(fs.readFileSync(solutionPath(id)));
  }
  return hash.digest("hex");
}

export const SIGNATURES_FILE = ".d2l-misconceptions.json";

/** A signatures file: `{ key, signatures }` (the grader's cache and the bundle's shipped copy). */
export function signaturesText(key: string, sigs: Signatures): string {
  return JSON.stringify({ key, signatures: [...sigs] }) + "\n";
}

/** The signatures in `file` when it was written with `key`; undefined when missing, unreadable or made for other tests. */
function readSignatures(file: string, key: string): Signatures | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as { key?: string; signatures?: [string, VariantSignature[]][] };
    return saved.key === key && Array.isArray(saved.signatures) ? new Map(saved.signatures) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The signatures for `ids`, from `<out>/.d2l-misconceptions.json` when its key matches (an unreadable
 * cache is recomputed), else computed and written there (atomically, through `write`).
 */
export async function cachedSignatures(
  out: string,
  key: string,
  compute: () => Promise<Map<string, VariantSignature[]>>,
  write: (file: string, text: string) => void,
): Promise<Signatures> {
  const file = path.join(out, SIGNATURES_FILE);
  const saved = readSignatures(file, key);
  if (saved !== undefined) return saved;
  const sigs = await compute();
  write(file, signaturesText(key, sigs));
  return sigs;
}

/** The signatures shipped in a grader bundle, in the exercises package (written by the release). */
export const BUNDLED_SIGNATURES = "misconceptions.json";

/**
 * What bundled signatures depend on, from files the bundle has: every .ts and .json file of the
 * exercises package but its build (catalogue entries, public and hidden tests, shared helpers), and
 * the tier. Test edits made after the release change it, and the bundle then names nothing rather
 * than something stale.
 */
export function bundledSignaturesKey(hidden: boolean, dir: string = EXERCISES_DIR): string {
  const hash = crypto.createHash("sha256").update(`bundled\n${hidden}\n`);
  for (const f of filesUnder(dir)) {
    if (f.startsWith("dist/") || f.startsWith("node_modules/") || f === BUNDLED_SIGNATURES || !/\.(ts|json)$/.test(f)) continue;
    hash.update(`${f}\n`).update(fs.readFileSync(path.join(dir, f)));
  }
  return hash.digest("hex");
}

/**
 * The signatures shipped with this workbook (a grader bundle without `wrong/` folders) and their
 * key, or undefined: when variants are present (they are graded fresh, and the package is not
 * hashed), when there is no bundled file, or when it was made with other tests (a bundle whose
 * tests changed names nothing rather than something stale). Only the exercises in `ids` are kept.
 */
export function bundledSignatures(hidden: boolean, ids: readonly string[]): { key: string; signatures: Signatures } | undefined {
  const file = path.join(EXERCISES_DIR, BUNDLED_SIGNATURES);
  if (ids.some((id) => loadWrongVariants(id).length > 0) || !fs.existsSync(file)) return undefined;
  const key = bundledSignaturesKey(hidden);
  const saved = readSignatures(file, key);
  return saved && { key, signatures: new Map([...saved].filter(([id]) => ids.includes(id))) };
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;

/** Relative tolerance on the numbers two messages quote (printed values differ in their last digits at most). */
export const RELATIVE_TOLERANCE = 2e-3;

/** Whether two messages say the same thing: the same text around the numbers, the numbers within tolerance. */
export function messagesAgree(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.replace(NUMBER, "#") !== b.replace(NUMBER, "#")) return false;
  const na = a.match(NUMBER) ?? [];
  const nb = b.match(NUMBER) ?? [];
  return na.every((s, i) => {
    const x = Number(s);
    const y = Number(nb[i]);
    return Math.abs(x - y) <= RELATIVE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y)) || s === nb[i];
  });
}

/** Whether the student's cases agree with a variant's over the cases the student was graded on. */
function agrees(cases: readonly CaseRecord[], sig: VariantSignature): boolean {
  const byName = new Map(sig.cases.map((c) => [c.name, c]));
  let failing = 0;
  for (const c of cases) {
    const v = byName.get(c.name);
    if (!v) return false; // a case the variant was not graded on: no claim
    if ((c.status === "passed") !== (v.status === "passed")) return false;
    if (c.status === "passed") continue;
    failing++;
    if (c.status !== v.status || !messagesAgree(c.message, v.message)) return false;
  }
  return failing > 0;
}

/**
 * The variants a student's cases agree with; `match` is set only when exactly one does (a pattern
 * two variants share names neither).
 */
export function matchMisconception(
  cases: readonly CaseRecord[],
  sigs: readonly VariantSignature[],
): { match?: VariantSignature; candidates: readonly string[] } {
  if (!cases.some((c) => c.status !== "passed")) return { candidates: [] };
  const candidates = sigs.filter((s) => agrees(cases, s));
  return { match: candidates.length === 1 ? candidates[0] : undefined, candidates: candidates.map((s) => s.name) };
}

/** The misconception recorded for an exercise's cases, if one variant and only one agrees. */
export function misconceptionFor(id: string, cases: readonly CaseRecord[], sigs: Signatures | undefined): Misconception | undefined {
  const m = matchMisconception(cases, sigs?.get(id) ?? []).match;
  return m ? { variant: m.name, why: m.why } : undefined;
}

interface ExerciseTally {
  readonly id: string;
  readonly title: string;
  students: number;
  /** Students who lost points on the exercise. */
  failing: number;
  /** Of those, students whose every failing case says 尚未完成 (an untouched stub). */
  unfinished: number;
  readonly byVariant: Map<string, { why: string; students: string[] }>;
  readonly byCase: Map<string, { failed: number; graded: number }>;
}

function tally(results: readonly StudentResult[]): ExerciseTally[] {
  const out = new Map<string, ExerciseTally>();
  for (const r of results) {
    for (const e of r.exercises) {
      let t = out.get(e.id);
      if (!t)
        out.set(e.id, (t = { id: e.id, title: e.title, students: 0, failing: 0, unfinished: 0, byVariant: new Map(), byCase: new Map() }));
      t.students++;
      const failed = e.cases.filter((c) => c.status !== "passed");
      if (failed.length > 0) t.failing++;
      if (failed.length > 0 && failed.every((c) => /尚未完成/.test(c.message ?? ""))) t.unfinished++;
      if (e.misconception) {
        const v = t.byVariant.get(e.misconception.variant) ?? { why: e.misconception.why, students: [] };
        v.students.push(r.student);
        t.byVariant.set(e.misconception.variant, v);
      }
      for (const c of e.cases) {
        const k = t.byCase.get(c.name) ?? { failed: 0, graded: 0 };
        k.graded++;
        if (c.status !== "passed") k.failed++;
        t.byCase.set(c.name, k);
      }
    }
  }
  return [...out.values()];
}

/** The sentence under an exercise's heading: who lost points, how many of them were recognised. */
function exerciseSummary(t: ExerciseTally): string {
  const named = [...t.byVariant.values()].reduce((n, v) => n + v.students.length, 0);
  const other = t.failing - named - t.unfinished;
  return (
    `${t.failing} / ${t.students} 名学生没有拿满分：${named} 名的提交与某个已知错误吻合，${t.unfinished} 名还没有做（尚未完成），` +
    `其余 ${other} 名的错误与已知的都不吻合（要看他们的反馈）。`
  );
}

/** The most frequent known mistakes of the class, across exercises: what to re-teach first. */
function topMistakes(tallies: readonly ExerciseTally[]): { id: string; name: string; why: string; count: number }[] {
  return tallies
    .flatMap((t) => [...t.byVariant].map(([name, v]) => ({ id: t.id, name, why: v.why, count: v.students.length })))
    .filter((m) => m.count >= 2)
    .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id, "en", { numeric: true }) || a.name.localeCompare(b.name))
    .slice(0, 10);
}

const INTRO =
  "每个练习先列出认出的常见错误（只有提交在每个测试上都与某个已知错误答案吻合、且只与这一个吻合时才算），再列出每个测试的未通过比例。";

const percent = (a: number, b: number) => `${b === 0 ? 0 : Math.round((100 * a) / b)}%`;
const sortedStudents = (s: readonly string[]) => [...s].sort((a, b) => a.localeCompare(b));

/** Markdown text of a table cell: student text inert, table syntax escaped. */
const md = (s: string) =>
  clean(s)
    .replace(/[\\`*_[\]<>#|]/g, (ch) => `\\${ch}`)
    .replace(/\n/g, " ");

/** The class page (Markdown): per exercise, each known mistake with its students, and each case's failure rate. */
export function misconceptionsMarkdown(results: readonly StudentResult[]): string {
  const lines = ["# 第六章练习：全班的常见错误", "", `共 ${results.length} 名学生。${INTRO}`, ""];
  const tallies = tally(results);
  const top = topMistakes(tallies);
  if (top.length > 0) {
    lines.push("## 最常见的错误（至少 2 人，先讲这些）", "", "| 练习 | 常见错误 | 人数 | 错在哪里 |", "|---|---|---|---|");
    for (const m of top) lines.push(`| ${md(m.id)} | ${md(m.name)} | ${m.count} | ${md(m.why)} |`);
    lines.push("");
  }
  for (const t of tallies) {
    lines.push(`## 练习 ${md(t.id)} ${md(t.title)}`, "", exerciseSummary(t), "");
    if (t.byVariant.size === 0) lines.push("没有认出已知的常见错误。", "");
    else {
      lines.push("| 常见错误 | 人数 | 错在哪里 | 学生 |", "|---|---|---|---|");
      for (const [name, v] of [...t.byVariant].sort((a, b) => b[1].students.length - a[1].students.length || a[0].localeCompare(b[0])))
        lines.push(
          `| ${md(name)} | ${v.students.length} / ${t.students} | ${md(v.why)} | ${sortedStudents(v.students).map(md).join("、")} |`,
        );
      lines.push("");
    }
    lines.push("| 测试 | 未通过 |", "|---|---|");
    for (const [name, k] of t.byCase) lines.push(`| ${md(name)} | ${k.failed} / ${k.graded}（${percent(k.failed, k.graded)}） |`);
    lines.push("");
  }
  return lines.join("\n");
}

/** The same page in HTML. */
export function misconceptionsHtml(results: readonly StudentResult[]): string {
  const out = [
    "<!DOCTYPE html>",
    '<html lang="zh-CN"><head><meta charset="utf-8"><title>第六章练习：全班的常见错误</title>',
    "<style>body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.5}",
    "table{border-collapse:collapse;width:100%;margin-bottom:1rem}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}",
    ".bar{display:inline-block;height:.7rem;background:#cf222e;margin-right:.4rem}</style></head><body>",
    "<h1>第六章练习：全班的常见错误</h1>",
    `<p>共 ${results.length} 名学生。${INTRO}</p>`,
  ];
  const tallies = tally(results);
  const top = topMistakes(tallies);
  if (top.length > 0) {
    out.push(
      "<h2>最常见的错误（至少 2 人，先讲这些）</h2>",
      "<table><tr><th>练习</th><th>常见错误</th><th>人数</th><th>错在哪里</th></tr>",
    );
    for (const m of top)
      out.push(`<tr><td>${escapeHtml(m.id)}</td><td>${escapeHtml(m.name)}</td><td>${m.count}</td><td>${escapeHtml(m.why)}</td></tr>`);
    out.push("</table>");
  }
  for (const t of tallies) {
    out.push(`<h2>练习 ${escapeHtml(t.id)} ${escapeHtml(t.title)}</h2>`, `<p>${escapeHtml(exerciseSummary(t))}</p>`);
    if (t.byVariant.size === 0) out.push("<p>没有认出已知的常见错误。</p>");
    else {
      out.push("<table><tr><th>常见错误</th><th>人数</th><th>错在哪里</th><th>学生</th></tr>");
      for (const [name, v] of [...t.byVariant].sort((a, b) => b[1].students.length - a[1].students.length || a[0].localeCompare(b[0])))
        out.push(
          `<tr><td>${escapeHtml(name)}</td><td>${v.students.length} / ${t.students}</td><td>${escapeHtml(v.why)}</td><td>${sortedStudents(v.students).map(escapeHtml).join("、")}</td></tr>`,
        );
      out.push("</table>");
    }
    out.push("<table><tr><th>测试</th><th>未通过</th></tr>");
    for (const [name, k] of t.byCase)
      out.push(
        `<tr><td>${escapeHtml(name)}</td><td><span class="bar" style="width:${Math.round((100 * k.failed) / Math.max(k.graded, 1))}px"></span>${k.failed} / ${k.graded}（${percent(k.failed, k.graded)}）</td></tr>`,
      );
    out.push("</table>");
  }
  out.push("</body></html>");
  return out.join("\n") + "\n";
}
