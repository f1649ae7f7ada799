/**
 * The class grader end to end, on notebooks these tests generate: graded as notebooks, in child
 * processes, with every output file; malformed, moved, missing and duplicated cells; resuming;
 * manual scores; and hostile submissions that must gain no point while the run finishes.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { codeExercises, codeReady } from "../catalogue";
import { gradeClass, GradeOptions } from "../grade";
import { StudentResult } from "../reports";
import { exerciseMeta, notebookJson, referenceCode, stubCode, wholeChapterNotebook } from "../synthetic";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-grade-test-"));
const ready = codeExercises()
  .filter((e) => codeReady(e.id))
  .map((e) => e.id);
const TRAINING = ["6.4.1", "6.7.2", "6.8.1"];
const fast: Partial<GradeOptions> = { progress: false, jobs: 2, loadTimeoutMs: 10_000, slackMs: 1_000, rssMb: 900, heapMb: 384 };
// Hostile cells time out quickly; only exercises without training runs, so that nothing else is near the limit.
const hostileOptions = (): Partial<GradeOptions> => ({
  ...fast,
  loadTimeoutMs: 5_000,
  caseTimeoutMs: 5_000,
  only: ready.filter((id) => !TRAINING.includes(id)),
});

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const result = (out: string, student: string): StudentResult =>
  JSON.parse(fs.readFileSync(path.join(out, "students", student, "result.json"), "utf8"));
const exercise = (r: StudentResult, id: string) => r.exercises.find((e) => e.id === id)!;

test.after(() => fs.rmSync(work, { recursive: true, force: true }));

const cls = path.join(work, "class");
const out = path.join(work, "out");

test("a class: reference notebooks get full marks, untouched stubs zero with every case reported, broken files a clear per-student error", async () => {
  write(path.join(cls, "reference", "06-all.ipynb"), wholeChapterNotebook());
  write(path.join(cls, "stub", "notebooks", "06-all.ipynb"), wholeChapterNotebook({ code: stubCode, written: "student" }));
  write(path.join(cls, "broken", "06.4.ipynb"), '{"cells": [ this is not json');
  write(
    path.join(cls, "foreign", "python.ipynb"),
    JSON.stringify({
      cells: [{ cell_type: "code", source: "print(1)", metadata: {} }],
      metadata: { kernelspec: { language: "python" } },
      nbformat: 4,
    }),
  );
  // Cells moved to two notebooks, one without metadata (recognised by its first line), one exercise missing,
  // 6.4.2 duplicated (the last copy, a stub, is graded).
  const [first, ...rest] = ready.filter((id) => id !== "6.4.2");
  write(
    path.join(cls, "moved", "a.ipynb"),
    notebookJson([
      { cell_type: "markdown", source: "# 别的内容" },
      { cell_type: "code", source: referenceCode("6.4.2"), metadata: exerciseMeta("6.4.2", "code") },
      ...rest.map((id) => ({ cell_type: "code" as const, source: referenceCode(id) })),
    ]),
  );
  write(
    path.join(cls, "moved", "b.ipynb"),
    notebookJson([{ cell_type: "code", source: stubCode("6.4.2"), metadata: exerciseMeta("6.4.2", "code") }]),
  );
  void first;

  const summary = await gradeClass({ ...fast, paths: [cls], out } as GradeOptions);
  assert.is(summary.graded, 5);

  const ref = result(out, "reference");
  assert.is(
    ref.score,
    ref.maxScore,
    JSON.stringify(
      ref.exercises.filter((e) => e.score < e.maxScore),
      null,
      1,
    ),
  );
  assert.ok(ref.maxScore > 0);

  const stub = result(out, "stub");
  assert.is(stub.score, 0);
  for (const e of stub.exercises) for (const c of e.cases) assert.match(c.message ?? "", /尚未完成/, `${e.id} ${c.name}`);
  assert.ok(
    stub.written.every((w) => w.answer === null),
    "placeholders count as unanswered",
  );

  const broken = result(out, "broken");
  assert.is(broken.score, 0);
  assert.match(broken.problems.join("\n"), /06\.4\.ipynb：不是有效的 JSON 笔记本/);
  assert.ok(broken.exercises.every((e) => e.cases.every((c) => /没有找到练习/.test(c.message ?? ""))));
  assert.match(result(out, "foreign").notes.join("\n"), /内核语言是 python/);

  const moved = result(out, "moved");
  assert.is(exercise(moved, first).score, 0, "the missing exercise scores zero");
  assert.match(exercise(moved, first).cases[0].message ?? "", /没有找到练习 .* 的代码单元格/);
  for (const id of rest) assert.is(exercise(moved, id).score, exercise(moved, id).maxScore, `${id} graded from a cell without metadata`);
  assert.match(moved.notes.join("\n"), /练习 6\.4\.2 有 2 个代码单元格，评分使用最后一个/);
  assert.match(moved.notes.join("\n"), /按首行识别为练习/);
  assert.is(exercise(moved, "6.4.2").score, 0, "the last (stub) copy of 6.4.2 is graded");
});

test("every output file is written, in the published shapes", () => {
  const dir = path.join(out, "students", "reference");
  const ref = result(out, "reference");
  for (const f of ["feedback.md", "feedback.html", "results.json", "classroom.json", "result.json"])
    assert.ok(fs.existsSync(path.join(dir, f)), f);
  const gs = JSON.parse(fs.readFileSync(path.join(dir, "results.json"), "utf8"));
  assert.is(typeof gs.score, "number");
  assert.is(gs.score, ref.maxScore);
  for (const t of gs.tests) {
    assert.equal(Object.keys(t).sort(), ["max_score", "name", "number", "output", "output_format", "score", "status", "visibility"]);
    assert.ok(["passed", "failed"].includes(t.status) && ["visible", "after_published"].includes(t.visibility));
  }
  const gc = JSON.parse(fs.readFileSync(path.join(out, "students", "stub", "classroom.json"), "utf8"));
  assert.is(gc.version, 1);
  assert.is(gc.status, "fail", "a stub's cases ran and failed");
  assert.ok(gc.tests.every((t: { score: number }) => t.score === 0));
  assert.match(fs.readFileSync(path.join(out, "students", "stub", "feedback.md"), "utf8"), /# 第六章练习评分反馈：stub[\s\S]*✗/);
  assert.match(fs.readFileSync(path.join(dir, "feedback.html"), "utf8"), /<html lang="zh-CN">/);
  const book = fs.readFileSync(path.join(out, "gradebook.csv"), "utf8").trim().split("\n");
  assert.is(book.length, 6, "header and five students");
  assert.match(book[0], /^student,auto /);
  assert.match(fs.readFileSync(path.join(out, "written", "6.4.2.md"), "utf8"), /## reference[\s\S]*## stub\n\n\*\*（未作答）\*\*/);
});

test("a rerun skips the students whose notebooks and tests did not change, and regrades a changed one", async () => {
  write(path.join(cls, "stub", "notebooks", "06-all.ipynb"), wholeChapterNotebook({ code: stubCode, written: "solution" }));
  const summary = await gradeClass({ ...fast, paths: [cls], out } as GradeOptions);
  assert.is(summary.skipped, 4);
  assert.is(summary.graded, 1);
  assert.ok(result(out, "stub").written.some((w) => w.answer !== null));
});

test("manual scores merge into the gradebook; bad rows are reported with their line", async () => {
  const manual = path.join(work, "manual.csv");
  write(manual, 'student,exercise,max_points,score,comment\nreference,6.4.2,2,2,"很好, 完整"\nstub,6.4.2,2,1.5,\nstub,6.1.1,3,9,太多\n');
  const summary = await gradeClass({ ...fast, paths: [], out, manual } as GradeOptions);
  assert.match(summary.problems.join("\n"), /line 4: score "9" for 6\.1\.1 is not in \[0, 3\]/);
  const rows = fs
    .readFileSync(path.join(out, "gradebook.csv"), "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(","));
  const header = rows[0];
  const ref = rows.find((r) => r[0] === "reference")!;
  const stubRow = rows.find((r) => r[0] === "stub")!;
  const col = header.indexOf("written 6.4.2");
  assert.is(ref[col], "2");
  assert.is(stubRow[col], "1.5");
  assert.is(Number(ref[header.indexOf("total")]), Number(ref[header.indexOf("auto_total")]) + 2);
});

test("a student keeps their folder when a twin differing in letter case joins: one gradebook row each, with the current score", async () => {
  const twins = path.join(work, "twins");
  const twinsOut = path.join(work, "twins-out");
  const only = { ...fast, only: ["6.1.1"], paths: [twins], out: twinsOut } as GradeOptions;
  const nb = (code: (id: string) => string) =>
    notebookJson([{ cell_type: "code", source: code("6.1.1"), metadata: exerciseMeta("6.1.1", "code") }]);
  write(path.join(twins, "alice", "nb.ipynb"), nb(stubCode));
  await gradeClass(only);
  assert.is(result(twinsOut, "alice").score, 0);
  write(path.join(twins, "alice", "nb.ipynb"), nb(referenceCode));
  write(path.join(twins, "Alice", "nb.ipynb"), nb(stubCode));
  const summary = await gradeClass(only);
  const rows = fs
    .readFileSync(path.join(twinsOut, "gradebook.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  const max = result(twinsOut, "alice").maxScore;
  assert.ok(max > 0);
  assert.equal(rows.map((r) => r[0]).sort(), ["Alice", "alice"], "one row per student");
  assert.is(rows.find((r) => r[0] === "alice")![2], String(max), "alice's row has her current score");
  assert.is(result(twinsOut, "alice").student, "alice", "alice kept her folder");
  assert.ok(summary.results.length === 2);
  // A folder an earlier run gave the same student (as the run before this fix did) never makes a second row.
  const stale = path.join(twinsOut, "students", "alice-old");
  fs.mkdirSync(stale);
  fs.writeFileSync(path.join(stale, "result.json"), JSON.stringify({ ...result(twinsOut, "alice"), score: 0 }));
  fs.utimesSync(path.join(stale, "result.json"), new Date(), new Date(Date.now() + 60_000));
  const again = await gradeClass(only);
  assert.is(again.skipped, 2);
  assert.match(again.problems.join("\n"), /students\/alice-old\/result\.json：学生编号 "alice" 的结果取自 students\/alice\//);
  const book = fs.readFileSync(path.join(twinsOut, "gradebook.csv"), "utf8").trim().split("\n");
  assert.is(book.length, 3, book.join("\n"));
  assert.ok(
    book.some((l) => l.startsWith(`alice,${max},`)),
    book.join("\n"),
  );
  // A student no longer in the class keeps their row (nothing is lost), named in a warning.
  fs.rmSync(path.join(twins, "Alice"), { recursive: true });
  const fewer = await gradeClass(only);
  assert.match(fewer.problems.join("\n"), /不在这次提交的作业里.*"Alice"/);
  assert.is(fs.readFileSync(path.join(twinsOut, "gradebook.csv"), "utf8").trim().split("\n").length, 3);
});

test("a folder name with a bidi override and a newline is escaped in every CSV and progress line; its manual scores round-trip", async () => {
  const evil = path.join(work, "evil");
  const evilOut = path.join(work, "evil-out");
  const id = "eve\u202Egnp.exe\ngraded mallory: 99 of 99";
  write(
    path.join(evil, id, "nb.ipynb"),
    notebookJson([{ cell_type: "code", source: stubCode("6.1.1"), metadata: exerciseMeta("6.1.1", "code") }]),
  );
  const logged: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void logged.push(args.join(" "));
  try {
    await gradeClass({ ...fast, progress: true, only: ["6.1.1"], paths: [evil], out: evilOut } as GradeOptions);
  } finally {
    console.log = log;
  }
  const lines = logged.join("\n").split("\n");
  assert.ok(
    lines.some((l) => l.startsWith("graded eve\\u{202E}gnp.exe\\u{A}graded mallory")),
    logged.join("\n"),
  );
  assert.not.ok(
    lines.some((l) => /\u202E/.test(l) || l.startsWith("graded mallory")),
    logged.join("\n"),
  );
  const csvs = ["gradebook.csv", "manual-scores.csv", "manual-scores.template.csv"];
  for (const f of csvs) {
    const text = fs.readFileSync(path.join(evilOut, f), "utf8");
    assert.not.ok(/\u202E|^graded/m.test(text), `${f}: ${text}`);
    assert.ok(text.trim().split("\n").length >= 2 && text.split("\n").every((l) => !l.startsWith("graded")), `${f}: ${text}`);
  }
  // The instructor scores the student's written answer in manual-scores.csv; the gradebook finds them.
  const manualFile = path.join(evilOut, "manual-scores.csv");
  const manualText = fs.readFileSync(manualFile, "utf8");
  const [first, ...others] = manualText.trim().split("\n").slice(1);
  fs.writeFileSync(
    manualFile,
    ["student,exercise,max_points,score,comment", first.replace(/,0,未作答$/, ",1,补评"), ...others].join("\n") + "\n",
  );
  const summary = await gradeClass({ ...fast, paths: [], out: evilOut } as GradeOptions);
  assert.equal(summary.problems, []);
  const book = fs.readFileSync(path.join(evilOut, "gradebook.csv"), "utf8").trim().split("\n");
  assert.is(book.length, 2, book.join("\n"));
  const header = book[0].split(",");
  const row = book[1].split(",");
  assert.is(row[header.indexOf("written_total")], "1", book.join("\n"));
});

test("the workbook's own notebooks: built with the solutions they get full marks, as committed (stubs) zero with every case reported", async () => {
  const root = path.resolve(__dirname, "..", "..");
  const builder = require(path.join(root, "scripts", "build-notebooks")) as {
    buildNotebook(src: string, cells: unknown, variant: "student" | "solution"): string;
    sourceFiles(root: string): string[];
    catalogueCells(): unknown;
  };
  const sources = builder.sourceFiles(root);
  if (sources.length === 0) return;
  const real = path.join(work, "real");
  for (const src of sources) {
    const name = `${path.basename(src, ".md")}.ipynb`;
    write(path.join(real, "teacher", name), builder.buildNotebook(src, builder.catalogueCells(), "solution"));
    fs.mkdirSync(path.join(real, "student"), { recursive: true });
    fs.copyFileSync(path.join(root, "notebooks", name), path.join(real, "student", name));
  }
  const realOut = path.join(work, "real-out");
  await gradeClass({ ...fast, paths: [path.join(real)], out: realOut } as GradeOptions);
  const teacher = result(realOut, "teacher");
  const student = result(realOut, "student");
  const found = (r: StudentResult) => r.exercises.filter((e) => e.cell !== null).map((e) => e.id);
  assert.equal(found(teacher), ready, "every exercise's cell is in the notebooks");
  assert.is(
    teacher.score,
    teacher.maxScore,
    JSON.stringify(teacher.exercises.filter((e) => e.score < e.maxScore).map((e) => [e.id, e.cases.filter((c) => c.status !== "passed")])),
  );
  assert.ok(
    teacher.written.every((w) => w.answer !== null),
    "every reference written answer is collected",
  );
  assert.is(student.score, 0);
  for (const e of student.exercises) for (const c of e.cases) assert.match(c.message ?? "", /尚未完成/, `${e.id} ${c.name}`);
  assert.ok(student.written.every((w) => w.answer === null));
});

test("hostile submissions gain no point, and the run finishes", async () => {
  const hostileDir = path.join(__dirname, "..", "hostile");
  const hostile = path.join(work, "hostile");
  const others = ready.filter((id) => id !== "6.4.2" && !TRAINING.includes(id));
  for (const f of fs.readdirSync(hostileDir)) {
    const cells = [
      { cell_type: "code" as const, source: fs.readFileSync(path.join(hostileDir, f), "utf8"), metadata: exerciseMeta("6.4.2", "code") },
      ...others.map((id) => ({ cell_type: "code" as const, source: referenceCode(id), metadata: exerciseMeta(id, "code") })),
    ];
    write(path.join(hostile, f.replace(/\.cell$/, ""), "nb.ipynb"), notebookJson(cells));
  }
  // Baselines: the honest answers the issue-13 cells amount to (zeros; the given tensors unchanged).
  const honest = {
    zero: "function gradClipping(grads: any, theta: number): any { return { grads: grads.map((x: any) => tf.zerosLike(x)), norm: 0 }; }",
    identity: "function gradClipping(grads: any, theta: number): any { return { grads, norm: 0 }; }",
  };
  for (const [name, body] of Object.entries(honest)) {
    const cells = [
      { cell_type: "code" as const, source: `// 练习 6.4.2\n${body}\n`, metadata: exerciseMeta("6.4.2", "code") },
      ...others.map((id) => ({ cell_type: "code" as const, source: referenceCode(id), metadata: exerciseMeta(id, "code") })),
    ];
    write(path.join(hostile, `honest-${name}`, "nb.ipynb"), notebookJson(cells));
  }
  const hostileOut = path.join(work, "hostile-out");
  const summary = await gradeClass({ ...hostileOptions(), paths: [hostile], out: hostileOut } as GradeOptions);
  assert.is(summary.graded, fs.readdirSync(hostileDir).length + 2);
  const baseline = (student: string) =>
    exercise(
      summary.results.find((r) => r.student === (["steal", "honest-identity"].includes(student) ? "honest-identity" : "honest-zero"))!,
      "6.4.2",
    ).score;
  for (const r of summary.results) {
    const e = exercise(r, "6.4.2");
    assert.ok(
      e.score <= baseline(r.student),
      `${r.student}: ${e.score} points: ${JSON.stringify(e.cases.map((c) => [c.status, c.message]))}`,
    );
    for (const id of others)
      assert.is(
        exercise(r, id).score,
        exercise(r, id).maxScore,
        `${r.student}: the other exercise ${id} keeps its points: ${JSON.stringify(
          exercise(r, id)
            .cases.filter((c) => c.status !== "passed")
            .map((c) => [c.name, c.status, c.message?.slice(0, 200)]),
        )}`,
      );
  }
  const read =
    exercise(
      summary.results.find((r) => r.student === "read")!,
      "6.4.2",
    ).cases[0].message ?? "";
  assert.match(
    read,
    /leaked: (no-fs|(\[ERR_ACCESS_DENIED\]){5})/,
    "no file outside the libraries can be read, by its path or through a link",
  );
  assert.not.match(
    fs.readFileSync(path.join(__dirname, "..", "..", "solutions", "6.4.2", "hidden.ts"), "utf8"),
    /^export default 1$/m,
    "the hidden tests were not overwritten",
  );
});

test.run();
