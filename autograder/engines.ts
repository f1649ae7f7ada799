/**
 * What the grader hands to the engines beyond Gradescope and GitHub Classroom (reports.ts):
 * PrairieLearn's results.json, a Canvas gradebook import, and Gradescope's late policy, read from
 * its submission_metadata.json.
 */
import { caseText, clean, csvField, inertId, parseCsv, penalised, STATUS_ZH, type ManualScores, type StudentResult } from "./reports";

/**
 * PrairieLearn's external-grader results (https://prairielearn.readthedocs.io/en/latest/externalGrading/):
 * `score` in 0..1, one test per case with its points. `gradable: false` only when nothing could be
 * graded (no exercise cell found at all), so that the attempt does not count.
 */
export function prairielearnResults(r: StudentResult): object {
  const tests = r.exercises.flatMap((e) =>
    e.cases.map((c) => ({
      name: `练习 ${e.id} ${e.title}：${c.name}`,
      description: c.visibility === "public" ? "公开测试" : "隐藏测试",
      points: c.status === "passed" ? c.points : 0,
      max_points: c.points,
      message: c.status === "passed" ? "通过" : STATUS_ZH[c.status],
      output: caseText(c),
    })),
  );
  const found = r.exercises.some((e) => e.cell !== null);
  const head = [...r.problems, ...r.notes].map(clean);
  return {
    gradable: found,
    succeeded: true,
    score: r.maxScore > 0 ? r.score / r.maxScore : 0,
    message: `自动评分 ${r.score} / ${r.maxScore}` + (found ? "" : "：没有找到任何练习的代码单元格，这次提交不计分。"),
    output: head.join("\n"),
    ...(found ? {} : { format_errors: ["没有找到任何练习的代码单元格（单元格的首行应为 // 练习 <编号>）"] }),
    tests,
  };
}

/** A late policy: `percentPerDay` of the autograded score per started day after the due date, at most `maxPercent`. */
export interface LatePolicy {
  readonly percentPerDay: number;
  readonly maxPercent: number;
}

export const LATE_POLICY_FORMAT = "<P>%/day or <P>%/day,max=<M>% (e.g. 10%/day,max=50%)";

/** Parses `10%/day` or `10%/day,max=50%`; an error names the option and the expected form. */
export function parseLatePolicy(text: string, command = "grade"): LatePolicy {
  const m = /^(\d+(?:\.\d+)?)%\/day(?:,max=(\d+(?:\.\d+)?)%)?$/.exec(text.trim());
  const perDay = m ? Number(m[1]) : NaN;
  const max = m?.[2] !== undefined ? Number(m[2]) : 100;
  if (!m || perDay <= 0 || perDay > 100 || max <= 0 || max > 100)
    throw new Error(`${command}: --late-policy: expected ${LATE_POLICY_FORMAT} with percentages in (0, 100], got ${JSON.stringify(text)}`);
  return { percentPerDay: perDay, maxPercent: max };
}

/** What the late policy takes off one submission. */
export interface LatePenalty {
  readonly daysLate: number;
  readonly percent: number;
}

/** A field of Gradescope's submission_metadata.json as a time, or an error naming the field. */
function timeOf(value: unknown, field: string): number {
  const t = typeof value === "string" ? Date.parse(value) : NaN;
  if (!Number.isFinite(t)) throw new Error(`submission_metadata.json: ${field}: expected an ISO 8601 time, got ${JSON.stringify(value)}`);
  return t;
}

/**
 * The penalty for one submission from Gradescope's submission_metadata.json
 * (https://gradescope-autograders.readthedocs.io/en/latest/submission_metadata/): days late are the
 * started days between `assignment.due_date` and `created_at`; a later due date given to the
 * submitter in `users[].assignment.due_date` (an extension, where Gradescope lists one) wins.
 * Throws, naming the field, when the times are missing or malformed.
 */
export function latePenalty(policy: LatePolicy, metadata: unknown): LatePenalty {
  const meta = (metadata ?? {}) as { created_at?: unknown; assignment?: { due_date?: unknown }; users?: unknown };
  const submitted = timeOf(meta.created_at, "created_at");
  let due = timeOf(meta.assignment?.due_date, "assignment.due_date");
  for (const u of Array.isArray(meta.users) ? (meta.users as { assignment?: { due_date?: unknown } }[]) : []) {
    const own = u?.assignment?.due_date;
    if (typeof own === "string" && Number.isFinite(Date.parse(own))) due = Math.max(due, Date.parse(own));
  }
  const daysLate = submitted > due ? Math.ceil((submitted - due) / 86_400_000) : 0;
  return { daysLate, percent: Math.min(policy.maxPercent, daysLate * policy.percentPerDay) };
}

/** The note the student reads about the penalty. */
export function lateNote(score: number, penalty: LatePenalty): string {
  return penalty.daysLate === 0
    ? "按时提交，没有迟交扣分"
    : `迟交 ${penalty.daysLate} 天，按迟交规则扣除自动评分的 ${penalty.percent}%：${score} 分计为 ${penalised(score, penalty)} 分`;
}

/** The columns Canvas's gradebook import identifies a student by, in Canvas's order. */
export const CANVAS_ID_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] as const;

/** One student of a Canvas roster (the first five columns of a Canvas gradebook export). */
export type RosterRow = Record<(typeof CANVAS_ID_COLUMNS)[number], string>;

/**
 * Reads a roster CSV: a Canvas gradebook export, or any CSV with the columns Student, ID,
 * SIS User ID, SIS Login ID and Section (extra columns and Canvas's "Points Possible" row are
 * ignored). Throws, naming the file, the missing columns or the duplicated id, on a bad roster.
 */
export function readRoster(text: string, file: string): RosterRow[] {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new Error(`grade: --roster ${file}: expected a CSV with a header row, got an empty file`);
  const header = rows[0].map((h) => h.trim());
  const missing = CANVAS_ID_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new Error(
      `grade: --roster ${file}: expected the columns ${CANVAS_ID_COLUMNS.join(", ")} (a Canvas gradebook export), missing ${missing.join(", ")}; got ${header.join(", ")}`,
    );
  const roster: RosterRow[] = [];
  const seen = new Map<string, number>();
  rows.slice(1).forEach((r, k) => {
    const row = Object.fromEntries(CANVAS_ID_COLUMNS.map((c) => [c, (r[header.indexOf(c)] ?? "").trim()])) as RosterRow;
    if (/points possible/i.test(row.Student) || row.Student === "") return;
    if (row.ID === "")
      throw new Error(`grade: --roster ${file}, line ${k + 2}: expected a Canvas ID for ${JSON.stringify(row.Student)}, got nothing`);
    if (seen.has(row.ID))
      throw new Error(`grade: --roster ${file}, line ${k + 2}: ID ${JSON.stringify(row.ID)} is already on line ${seen.get(row.ID)}`);
    seen.set(row.ID, k + 2);
    roster.push(row);
  });
  return roster;
}

/** The Canvas columns this gradebook fills: one per assignment group, named as the instructor's Canvas assignments should be. */
export const CANVAS_ASSIGNMENTS = { code: "第六章 代码练习（自动评分）", written: "第六章 书面练习" } as const;

/**
 * The gradebook as a Canvas import: Student, ID, SIS User ID, SIS Login ID, Section, then one
 * column per assignment group (autograded code, written). A graded student goes to the one roster
 * row whose SIS Login ID, SIS User ID or ID equals the student id, or, when none does, equals it
 * but for letter case (GitHub and most logins ignore case). A grade is never guessed onto
 * a row: a student id that equals identifiers of two rows (a login on one, a Canvas ID on another),
 * and a row that two graded students match (its login and its SIS User ID), export nothing for
 * those students and are returned as `conflicts`, one message each. Roster students without a
 * result get empty cells (Canvas leaves those grades unchanged); a written score stays empty until
 * every written answer of that student is scored. Results with no roster row are returned as
 * `unmatched`.
 */
export function canvasCsv(
  results: readonly StudentResult[],
  manual: ManualScores,
  roster: readonly RosterRow[],
): { csv: string; unmatched: string[]; conflicts: string[] } {
  const keys = roster.map((row) => [row["SIS Login ID"], row["SIS User ID"], row.ID].filter((k) => k !== ""));
  const matching = (same: (key: string) => boolean) => keys.flatMap((ks, k) => (ks.some(same) ? [k] : []));
  const name = (row: RosterRow) => `${JSON.stringify(row.Student)} (ID ${row.ID})`;
  const conflicts: string[] = [];
  const unmatched: string[] = [];
  const claims = new Map<number, StudentResult[]>(); // roster row → the results that match it alone
  for (const r of results) {
    const exact = matching((key) => key === r.student);
    const rows = exact.length > 0 ? exact : matching((key) => key.toLowerCase() === r.student.toLowerCase());
    if (rows.length === 0) unmatched.push(r.student);
    else if (rows.length > 1)
      conflicts.push(
        `student ${JSON.stringify(r.student)} matches ${rows.length} roster rows (${rows.map((k) => name(roster[k])).join(", ")}): not exported`,
      );
    else claims.set(rows[0], [...(claims.get(rows[0]) ?? []), r]);
  }
  for (const [k, rs] of claims)
    if (rs.length > 1)
      conflicts.push(
        `roster row ${name(roster[k])} is matched by ${rs.length} graded students (${rs.map((r) => JSON.stringify(r.student)).join(", ")}): not exported`,
      );
  const lines = [[...CANVAS_ID_COLUMNS, CANVAS_ASSIGNMENTS.code, CANVAS_ASSIGNMENTS.written].map(csvField).join(",")];
  const codeMax = Math.max(0, ...results.map((r) => r.maxScore));
  const writtenMax = Math.max(0, ...results.map((r) => r.written.reduce((s, w) => s + w.maxPoints, 0)));
  lines.push(["Points Possible", "", "", "", "", codeMax, writtenMax].map(csvField).join(","));
  roster.forEach((row, k) => {
    const rs = claims.get(k);
    const r = rs?.length === 1 ? rs[0] : undefined;
    const m = r ? (manual.get(inertId(r.student)) ?? new Map<string, number>()) : undefined;
    const written = r && m && r.written.every((w) => m.has(w.id)) ? r.written.reduce((s, w) => s + m.get(w.id)!, 0) : null;
    lines.push([...CANVAS_ID_COLUMNS.map((c) => row[c]), r ? r.score : null, written].map(csvField).join(","));
  });
  return { csv: lines.join("\n") + "\n", unmatched, conflicts };
}
