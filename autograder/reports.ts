/**
 * What the grader writes: per-student feedback (Markdown and HTML, Chinese), Gradescope's
 * results.json, GitHub Classroom's runner result, the class gradebook (CSV), the written answers
 * per question for manual grading, and the manual-scores template that merges back.
 */
import type { GradedCase } from "./harness/evaluate";
import type { Misconception } from "./misconceptions";

export interface ExerciseResult {
  readonly id: string;
  readonly title: string;
  readonly score: number;
  readonly maxScore: number;
  /** Where the graded cell was found ("06.4-rnn-scratch.ipynb 第 12 个单元格"), or null if missing. */
  readonly cell: string | null;
  readonly cases: readonly GradedCase[];
  /** The known mistake the failing cases match (autograder/misconceptions.ts), if exactly one does. */
  readonly misconception?: Misconception;
}

export interface WrittenAnswer {
  readonly id: string;
  readonly title: string;
  readonly question: string;
  readonly maxPoints: number;
  /** The answer text, or null when the cell is missing or still holds the placeholder. */
  readonly answer: string | null;
  readonly cell: string | null;
}

export interface StudentResult {
  readonly student: string;
  readonly files: readonly string[];
  /** Hash of the submission's notebooks and of the grader's tests: equal means nothing to redo. */
  readonly fingerprint: string;
  readonly score: number;
  readonly maxScore: number;
  readonly exercises: readonly ExerciseResult[];
  readonly written: readonly WrittenAnswer[];
  /** Problems with the submission's files (malformed notebooks…). */
  readonly problems: readonly string[];
  /** Remarks: duplicates, moved cells without metadata, forged messages, restarts. */
  readonly notes: readonly string[];
  readonly seconds: number;
  readonly children: number;
}

export const STATUS_ZH: Record<GradedCase["status"], string> = {
  passed: "通过",
  failed: "未通过",
  error: "出错",
  timeout: "超时",
  crashed: "进程终止",
  "not-run": "未运行",
};

const mark = (c: GradedCase) => (c.status === "passed" ? "✓" : "✗");

/**
 * Student-controlled text made inert: control characters (ANSI escapes, NUL, …) and bidi overrides
 * become visible escapes such as \u{202E}; newlines and tabs stay.
 */
export function clean(s: string): string {
  return s.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/g,
    (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`,
  );
}

/**
 * A student id as every output writes it: clean(), and newlines and tabs escaped too, so an id is
 * one line of a log and one plain CSV field. Idempotent, so the manual scores are keyed by it: a
 * file holding the escaped id (as we write it) or the raw one (as older runs did) finds the student.
 */
export function inertId(s: string): string {
  return clean(s).replace(/[\n\t]/g, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

/** Text as a fenced Markdown block whose fence is longer than any backtick run inside it. */
export function fenced(s: string): string[] {
  const longest = Math.max(2, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return [`${fence}text`, ...s.split("\n"), fence];
}

/** What a student may see of a case: hidden cases show their name and result, and the message. */
export function caseText(c: GradedCase): string {
  const parts = [c.message ?? "", c.hint ? `提示：${c.hint}` : ""].filter((s) => s !== "");
  return clean(parts.join("\n"));
}

/**
 * The one message every failed case of an untouched stub shares (its 尚未完成 line), or undefined
 * when the failures say different things: the feedback then states it once, not under every case.
 */
export function unfinishedMessage(cases: readonly GradedCase[]): string | undefined {
  const failed = cases.filter((c) => c.status !== "passed");
  if (failed.length < 2) return undefined;
  const text = caseText(failed[0]);
  return /尚未完成/.test(text) && failed.every((c) => caseText(c) === text) ? text : undefined;
}

/** The feedback line naming a recognised known mistake (our own text: no student input in it). */
export function misconceptionText(e: ExerciseResult): string | undefined {
  return e.misconception ? `这看起来像一个常见错误（${e.misconception.variant}）：${e.misconception.why}` : undefined;
}

/** Every exercise's misconception line, prefixed with its id (for one-message outputs such as Gradescope's). */
export function misconceptionNotes(r: StudentResult): string[] {
  return r.exercises.flatMap((e) => (e.misconception ? [`练习 ${e.id}：${misconceptionText(e)}`] : []));
}

export function feedbackMarkdown(r: StudentResult): string {
  const writtenMax = r.written.reduce((s, w) => s + w.maxPoints, 0);
  const lines = [
    `# 第六章练习评分反馈：${mdCell(clean(r.student))}`,
    "",
    `自动评分：**${r.score} / ${r.maxScore}**。书面部分（共 ${writtenMax} 分）由老师另行评分。`,
    "",
  ];
  if (r.problems.length > 0) lines.push("## 提交中的问题", "", ...fenced(r.problems.map(clean).join("\n")), "");
  if (r.notes.length > 0) lines.push("## 说明", "", ...fenced(r.notes.map(clean).join("\n")), "");
  for (const e of r.exercises) {
    lines.push(`## 练习 ${e.id} ${e.title}：${e.score} / ${e.maxScore}`, "");
    lines.push(e.cell ? `评分的代码单元格：${e.cell}` : "没有找到这个练习的代码单元格。", "");
    lines.push("| | 测试 | 类型 | 分值 | 结果 |", "|---|---|---|---|---|");
    for (const c of e.cases) {
      lines.push(
        `| ${mark(c)} | ${mdCell(c.name)} | ${c.visibility === "public" ? "公开" : "隐藏"} | ${c.status === "passed" ? c.points : 0}/${c.points} | ${STATUS_ZH[c.status]} |`,
      );
    }
    const failedCases = e.cases.filter((c) => c.status !== "passed");
    const unfinished = unfinishedMessage(e.cases);
    const misconception = misconceptionText(e);
    if (misconception !== undefined) lines.push("", `> ${mdCell(clean(misconception))}`);
    if (unfinished !== undefined) {
      lines.push("", `所有 ${failedCases.length} 个未通过的测试都报告同一件事：`, "", ...fenced(unfinished), "");
    } else if (failedCases.length > 0) {
      lines.push("");
      for (const c of failedCases) {
        lines.push(`- **${c.name}**（${STATUS_ZH[c.status]}）`);
        const text = caseText(c);
        if (text) lines.push("", ...fenced(text).map((l) => `  ${l}`), "");
      }
    }
    lines.push("");
  }
  if (r.written.length > 0) {
    lines.push("## 书面部分（待老师评分）", "");
    for (const w of r.written) lines.push(`- 练习 ${w.id} ${w.title}（${w.maxPoints} 分）：${w.answer === null ? "**未作答**" : "已作答"}`);
    lines.push("");
  }
  return lines.join("\n");
}

function mdCell(s: string): string {
  return s.replace(/[\\`*_[\]<>#|]/g, (ch) => `\\${ch}`).replace(/\n/g, " ");
}

export function escapeHtml(s: string): string {
  return clean(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function feedbackHtml(r: StudentResult): string {
  const writtenMax = r.written.reduce((s, w) => s + w.maxPoints, 0);
  const out: string[] = [
    "<!DOCTYPE html>",
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>第六章练习评分反馈：${escapeHtml(r.student)}</title>`,
    "<style>body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}",
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}",
    ".pass{color:#1a7f37}.fail{color:#cf222e}pre{white-space:pre-wrap;background:#f6f8fa;padding:.5rem}</style></head><body>",
    `<h1>第六章练习评分反馈：${escapeHtml(r.student)}</h1>`,
    `<p>自动评分：<strong>${r.score} / ${r.maxScore}</strong>。书面部分（共 ${writtenMax} 分）由老师另行评分。</p>`,
  ];
  if (r.problems.length > 0) out.push("<h2>提交中的问题</h2><ul>", ...r.problems.map((p) => `<li>${escapeHtml(p)}</li>`), "</ul>");
  if (r.notes.length > 0) out.push("<h2>说明</h2><ul>", ...r.notes.map((p) => `<li>${escapeHtml(p)}</li>`), "</ul>");
  for (const e of r.exercises) {
    out.push(`<h2>练习 ${escapeHtml(e.id)} ${escapeHtml(e.title)}：${e.score} / ${e.maxScore}</h2>`);
    out.push(`<p>${e.cell ? `评分的代码单元格：${escapeHtml(e.cell)}` : "没有找到这个练习的代码单元格。"}</p>`);
    const unfinished = unfinishedMessage(e.cases);
    if (unfinished !== undefined) out.push(`<p>所有未通过的测试都报告同一件事：</p><pre>${escapeHtml(unfinished)}</pre>`);
    const misconception = misconceptionText(e);
    if (misconception !== undefined) out.push(`<p class="misconception">${escapeHtml(misconception)}</p>`);
    out.push("<table><tr><th></th><th>测试</th><th>类型</th><th>分值</th><th>结果</th></tr>");
    for (const c of e.cases) {
      const cls = c.status === "passed" ? "pass" : "fail";
      const detail = unfinished === undefined ? caseText(c) : "";
      out.push(
        `<tr><td class="${cls}">${mark(c)}</td><td>${escapeHtml(c.name)}${detail ? `<pre>${escapeHtml(detail)}</pre>` : ""}</td>` +
          `<td>${c.visibility === "public" ? "公开" : "隐藏"}</td><td>${c.status === "passed" ? c.points : 0}/${c.points}</td><td class="${cls}">${STATUS_ZH[c.status]}</td></tr>`,
      );
    }
    out.push("</table>");
  }
  if (r.written.length > 0) {
    out.push("<h2>书面部分（待老师评分）</h2><ul>");
    for (const w of r.written)
      out.push(
        `<li>练习 ${escapeHtml(w.id)} ${escapeHtml(w.title)}（${w.maxPoints} 分）：${w.answer === null ? "<strong>未作答</strong>" : "已作答"}</li>`,
      );
    out.push("</ul>");
  }
  out.push("</body></html>");
  return out.join("\n") + "\n";
}

/** Gradescope's options that the release sets (autograder/release.ts) and run_autograder passes on. */
export interface GradescopeOptions {
  /** When students see the hidden cases' results (default "after_published"). */
  readonly hiddenVisibility?: "after_published" | "after_due_date";
  /** The late policy's penalty for this submission (engines.ts), if the instructor set one. */
  readonly late?: { readonly daysLate: number; readonly percent: number };
}

/** The autograded score after a late penalty (a percentage), to two decimals. */
export function penalised(score: number, late: { readonly percent: number } | undefined): number {
  return late === undefined ? score : Math.round(score * (100 - late.percent)) / 100;
}

/** A case's result in Markdown: the status in bold, then the student-facing text in a fenced block. */
function markdownOutput(c: GradedCase): string {
  const text = caseText(c);
  const head = `**${STATUS_ZH[c.status]}**`;
  return text === "" ? head : [head, "", ...fenced(text)].join("\n");
}

/**
 * Gradescope's results.json, with only the fields of its specification
 * (https://gradescope-autograders.readthedocs.io/en/latest/specs/). The top-level score is the
 * sum of the tests' scores, less the late penalty if any (Gradescope takes the top-level score
 * over the tests' sum).
 */
export function gradescopeResults(r: StudentResult, options: GradescopeOptions = {}): object {
  const hidden = options.hiddenVisibility ?? "after_published";
  const tests = r.exercises.flatMap((e) =>
    e.cases.map((c, i) => ({
      name: `练习 ${e.id} ${e.title}：${c.name}`,
      number: `${e.id}.${i + 1}`,
      score: c.status === "passed" ? c.points : 0,
      max_score: c.points,
      status: c.status === "passed" ? "passed" : "failed",
      output: markdownOutput(c),
      output_format: "md",
      visibility: c.visibility === "public" ? "visible" : hidden,
    })),
  );
  const score = penalised(r.score, options.late);
  const head = [...r.problems, ...r.notes].map(clean).concat(misconceptionNotes(r));
  return {
    score,
    execution_time: Math.round(r.seconds),
    output: [`自动评分 ${score} / ${r.maxScore}；书面部分由老师另行评分。`, ...head].join("\n"),
    visibility: "visible",
    stdout_visibility: "hidden",
    tests,
  };
}

/**
 * GitHub Classroom's runner result, as classroom-resources/autograding-grading-reporter reads it
 * (base64-encoded). The reporter prints (passed tests / tests) × max_score but sends the sum of the
 * tests' `score`: one test per point (a 2-point case is two tests, "第 1/2 分" and "第 2/2 分") makes
 * the two equal. A case that ran and failed is `fail`; `error` (which the reporter prints as its
 * message alone) is kept for timeouts, crashes and cases not run, and its message names the test.
 */
export function classroomResult(r: StudentResult): object {
  const tests = r.exercises.flatMap((e) =>
    e.cases.flatMap((c) => {
      if (!Number.isInteger(c.points) || c.points < 1)
        throw new Error(`classroom.json: case ${e.id} ${c.name}: expected a whole number of points >= 1, got ${c.points}`);
      const base = `练习 ${e.id}：${c.name}`;
      const crashed = c.status === "timeout" || c.status === "crashed" || c.status === "not-run";
      const status = c.status === "passed" ? "pass" : crashed ? "error" : "fail";
      const named = c.status === "passed" ? undefined : misconceptionText(e);
      const text = [caseText(c), named ?? ""].filter((t) => t !== "").join("\n");
      return Array.from({ length: c.points }, (_, k) => {
        const name = c.points === 1 ? base : `${base}（第 ${k + 1}/${c.points} 分）`;
        return {
          name,
          status,
          message: crashed ? `${name}：${STATUS_ZH[c.status]}${text ? `：${text}` : ""}` : text || null,
          line_no: 0,
          execution_time: "0",
          score: status === "pass" ? 1 : 0,
        };
      });
    }),
  );
  const status = tests.some((t) => t.status === "error") ? "error" : tests.every((t) => t.status === "pass") ? "pass" : "fail";
  return { version: 1, status, max_score: tests.length, tests };
}

/**
 * One CSV field, quoted when needed. A text that a spreadsheet would run as a formula (starting
 * with =, +, -, @, a tab or a carriage return, as a notebook named `=HYPERLINK(…).ipynb` gives its
 * student id) is written with a "'" before it, OWASP's advice against CSV injection, and so is one
 * that already starts with "'"s before such a character; `parseCsv` drops that one "'" again, so
 * every text reads back as it was. Numbers are written as they are.
 */
export function csvField(v: string | number | null): string {
  const t = v === null ? "" : String(v);
  const s = typeof v === "string" && FORMULA.test(t) ? `'${t}` : t;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Texts that csvField guards with a "'" (and parseCsv reads back without it). */
const FORMULA = /^'*[=+\-@\t\r]/;
const unguard = (field: string) => (field.startsWith("'") && FORMULA.test(field) ? field.slice(1) : field);

/** Parses CSV text (RFC 4180: quotes, doubled quotes, newlines inside quotes); drops csvField's formula guard. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== "")).map((r) => r.map(unguard));
}

/** Manual scores: student (as inertId writes it) → exercise id → points (from the manual-scores CSV). */
export type ManualScores = Map<string, Map<string, number>>;

/**
 * Reads a manual-scores CSV with header `student,exercise,max_points,score,comment` (extra columns
 * ignored; blank scores skipped). Scores outside [0, max] are errors, with the row number.
 */
export function readManualScores(text: string, maxById: Map<string, number>): { scores: ManualScores; errors: string[] } {
  const rows = parseCsv(text);
  const scores: ManualScores = new Map();
  const errors: string[] = [];
  if (rows.length === 0) return { scores, errors: ["manual scores: the file is empty"] };
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const [cs, ce, cv] = [col("student"), col("exercise"), col("score")];
  if (cs < 0 || ce < 0 || cv < 0)
    return { scores, errors: [`manual scores: expected columns student, exercise, score; got ${rows[0].join(", ")}`] };
  rows.slice(1).forEach((r, k) => {
    const line = k + 2;
    const student = inertId((r[cs] ?? "").trim());
    const id = (r[ce] ?? "").trim();
    const raw = (r[cv] ?? "").trim();
    if (raw === "") return;
    const max = maxById.get(id);
    const value = Number(raw);
    if (max === undefined) errors.push(`manual scores, line ${line}: no written part for exercise ${JSON.stringify(id)}`);
    else if (!Number.isFinite(value) || value < 0 || value > max)
      errors.push(`manual scores, line ${line}: score ${JSON.stringify(raw)} for ${id} is not in [0, ${max}]`);
    else {
      if (!scores.has(student)) scores.set(student, new Map());
      scores.get(student)!.set(id, value);
    }
  });
  return { scores, errors };
}

/** The manual-scores template: one row per student and written exercise, score left blank. */
export function manualTemplate(results: readonly StudentResult[]): string {
  const lines = ["student,exercise,max_points,score,comment"];
  for (const r of results) {
    for (const w of r.written)
      lines.push(
        [inertId(r.student), w.id, w.maxPoints, w.answer === null ? 0 : "", w.answer === null ? "未作答" : ""].map(csvField).join(","),
      );
  }
  return lines.join("\n") + "\n";
}

/** The class gradebook: auto points per exercise, written points (manual, blank until graded), totals. */
export function gradebookCsv(results: readonly StudentResult[], manual: ManualScores): string {
  const codeIds = [...new Set(results.flatMap((r) => r.exercises.map((e) => e.id)))];
  const writtenIds = [...new Set(results.flatMap((r) => r.written.map((w) => w.id)))];
  const header = [
    "student",
    ...codeIds.map((id) => `auto ${id}`),
    "auto_total",
    "auto_max",
    ...writtenIds.map((id) => `written ${id}`),
    "written_total",
    "written_graded",
    "written_max",
    "total",
    "problems",
  ];
  const lines = [header.map(csvField).join(",")];
  for (const r of [...results].sort((a, b) => a.student.localeCompare(b.student))) {
    const m = manual.get(inertId(r.student)) ?? new Map<string, number>();
    const auto = codeIds.map((id) => r.exercises.find((e) => e.id === id)?.score ?? null);
    const written = writtenIds.map((id) => (m.has(id) ? m.get(id)! : null));
    const writtenTotal = written.reduce<number>((s, v) => s + (v ?? 0), 0);
    const graded = written.filter((v) => v !== null).length;
    const writtenMax = r.written.reduce((s, w) => s + w.maxPoints, 0);
    lines.push(
      [
        inertId(r.student),
        ...auto,
        r.score,
        r.maxScore,
        ...written,
        writtenTotal,
        `${graded}/${writtenIds.length}`,
        writtenMax,
        r.score + writtenTotal,
        r.problems.join("; "),
      ]
        .map(csvField)
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** All students' answers to one written question, for grading side by side. */
export function writtenAnswersMarkdown(id: string, results: readonly StudentResult[]): string {
  const first = results.flatMap((r) => r.written).find((w) => w.id === id);
  const lines = [`# 练习 ${id} ${first?.title ?? ""}（书面，${first?.maxPoints ?? 0} 分）`, "", `> ${first?.question ?? ""}`, ""];
  for (const r of [...results].sort((a, b) => a.student.localeCompare(b.student))) {
    const w = r.written.find((x) => x.id === id);
    lines.push(
      `## ${mdCell(clean(r.student))}`,
      "",
      ...(w?.answer == null
        ? ["**（未作答）**"]
        : clean(w.answer)
            .split("\n")
            .map((l) => `> ${l}`)),
      "",
    );
  }
  return lines.join("\n");
}
