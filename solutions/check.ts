/**
 * `check(id, impl)`: the notebook's check cell. Runs the public tests of one exercise inside the
 * kernel on the names the student's cell defined, and prints a readable result in Chinese (what
 * passed, what failed, a hint). It never throws and never writes to stderr, so a notebook with
 * unfinished exercises still executes from top to bottom.
 *
 *   import { check } from "d2lzh-exercises";
 *   await check("6.4.2", { gradClipping: gradClipping });
 *
 * (Write `{ gradClipping: gradClipping }`, not the shorthand `{ gradClipping }`: tslab 1.0.22 does not
 * resolve a shorthand property that names a declaration of an earlier cell.)
 */
import { backend } from "d2lzh";
import { CaseOutcome, Exercise, assert, runCase, score } from "d2lzh/check";
import { catalogue, findExercise, publicSuite } from "./catalogue";

export interface CheckReport {
  readonly id: string;
  readonly title: string;
  /** Problems with the call itself (unknown id, missing names); no case ran when there are any. */
  readonly problems: readonly string[];
  readonly outcomes: readonly CaseOutcome[];
  readonly passed: number;
  readonly total: number;
  readonly points: number;
  readonly maxPoints: number;
}

/** Runs the public tests of exercise `id` on `impl` and returns the report (prints nothing). */
export async function runPublic(id: string, impl: unknown): Promise<CheckReport> {
  const exercise = findExercise(id);
  const empty = { id, title: exercise?.title ?? "", outcomes: [], passed: 0, total: 0, points: 0, maxPoints: 0 };
  if (exercise === undefined) {
    const ids = catalogue
      .filter((e) => e.code)
      .map((e) => e.id)
      .join("、");
    return { ...empty, problems: [`没有编号为 ${JSON.stringify(id)} 的练习（有自动检查的练习：${ids}）`] };
  }
  if (exercise.code === undefined) {
    return { ...empty, problems: [`练习 ${id} 只有书面部分，没有代码检查`] };
  }
  const suite = publicSuite(id);
  const problems = implProblems(exercise, impl);
  if (suite === undefined) problems.push(`练习 ${id} 的公开测试还没有写好`);
  if (problems.length > 0 || suite === undefined) return { ...empty, problems };
  await backend({ quiet: true }); // the notebook's backend, or wasm chosen quietly if it chose none
  const outcomes: CaseOutcome[] = [];
  for (const c of suite.cases) outcomes.push(await runCase(c, impl));
  return {
    id,
    title: exercise.title,
    problems: [],
    outcomes,
    passed: outcomes.filter((o) => o.status === "passed").length,
    total: outcomes.length,
    points: score(outcomes),
    maxPoints: outcomes.reduce((s, o) => s + o.points, 0),
  };
}

function implProblems(exercise: Exercise, impl: unknown): string[] {
  const names = exercise.code?.names ?? [];
  const example = `await check("${exercise.id}", { ${names.map((n) => `${n}: ${n}`).join(", ")} })`;
  if (impl === null || typeof impl !== "object") {
    return [`第二个参数应是一个对象，把你定义的名字放进去，例如 ${example}；实际得到 ${assert.describe(impl)}`];
  }
  const record = impl as Record<string, unknown>;
  const missing = names.filter((n) => record[n] === undefined);
  if (missing.length === 0) return [];
  return [`没有收到 ${missing.join("、")}：请先运行上面的练习单元格，再把这些名字传给 check，例如 ${example}`];
}

/** The report as text lines, as `check` prints it. */
export function formatReport(report: CheckReport): string {
  const head = `练习 ${report.id}${report.title ? `（${report.title}）` : ""}`;
  if (report.problems.length > 0) return [`${head}：无法检查`, ...report.problems.map((p) => `  ✗ ${p}`)].join("\n");
  const lines = [`${head}：公开测试通过 ${report.passed}/${report.total}`];
  // An untouched stub makes every case fail with the same "尚未完成" line: say it once, up front.
  const unfinished = report.outcomes.find((o) => o.status !== "passed" && o.message !== undefined && /尚未完成/.test(o.message))?.message;
  if (unfinished !== undefined) lines.push(...indent(unfinished, "  "));
  for (const o of report.outcomes) {
    if (o.status === "passed") {
      lines.push(`  ✓ ${o.name}`);
      continue;
    }
    lines.push(`  ✗ ${o.name}`);
    if (o.message && o.message !== unfinished) lines.push(...indent(o.message, "      "));
    if (o.hint) lines.push(...indent(`提示：${o.hint}`, "      "));
  }
  lines.push(
    report.passed === report.total
      ? "  全部公开测试通过。提交后还会运行隐藏测试（更多情形），公开测试通过不等于满分。"
      : "  修改练习单元格后，先重新运行它，再运行这个检查单元格。",
  );
  return lines.join("\n");
}

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((l) => prefix + l);
}

/** The check cell: runs the public tests of `id` on `impl` and prints the result. */
export async function check(id: string, impl: unknown): Promise<void> {
  const report = await runPublic(id, impl);
  console.log(formatReport(report));
}
