/** The feedback files: an untouched stub's 尚未完成 line is stated once per exercise, not under every case. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { GradedCase } from "../harness/evaluate";
import { gradebookCsv, inertId, manualTemplate, readManualScores, type StudentResult, unfinishedMessage } from "../reports";
import { applyEdits, entryKey, entryValues, splitManualFile } from "../written/manual-file";

const TODO = "练习 6.4.2：尚未完成（删掉这一行，写出你的代码）";
const failed = (name: string, message: string): GradedCase => ({ name, points: 1, visibility: "public", status: "error", message });

test("every failed case of an untouched stub sharing its 尚未完成 line gives that line once", () => {
  assert.is(unfinishedMessage([failed("a", TODO), failed("b", TODO), failed("c", TODO)]), TODO);
});

test("different failures, one failure, or a shared message that is not 尚未完成 are reported case by case", () => {
  assert.is(unfinishedMessage([failed("a", TODO), failed("b", "norm 的数值不对")]), undefined);
  assert.is(unfinishedMessage([failed("a", TODO)]), undefined);
  assert.is(unfinishedMessage([failed("a", "超时"), failed("b", "超时")]), undefined);
  const passed: GradedCase = { name: "p", points: 1, visibility: "public", status: "passed" };
  assert.is(unfinishedMessage([passed, failed("a", TODO), failed("b", TODO)]), TODO, "passed cases do not count");
});

// A folder name with a right-to-left override and a newline: the id as the grader reads it.
const EVIL = "eve\u202Egnp.exe\nmallory,0,0";
const graded = (id: string): StudentResult =>
  ({
    student: id,
    files: [],
    fingerprint: "",
    score: 3,
    maxScore: 4,
    exercises: [{ id: "6.4.2", title: "梯度裁剪", score: 3, maxScore: 4, cell: null, cases: [] }],
    written: [{ id: "6.4.2", title: "", question: "", maxPoints: 2, answer: "a", cell: null }],
    problems: [],
    notes: [],
    seconds: 1,
    children: 1,
  }) as StudentResult;
const maxById = new Map([["6.4.2", 2]]);
const rawIn = (text: string) => /[\u202E]/.test(text) || text.trim().split("\n").length !== 2;

test("inertId escapes control, bidi, newline and tab characters, and is idempotent", () => {
  assert.is(inertId(EVIL), "eve\\u{202E}gnp.exe\\u{A}mallory,0,0");
  assert.is(inertId(inertId(EVIL)), inertId(EVIL));
  assert.is(inertId("张三 alice"), "张三 alice", "plain ids are unchanged");
});

test("the gradebook and the manual-scores template write a bidi or newline id escaped, on one line", () => {
  const book = gradebookCsv([graded(EVIL)], new Map());
  assert.not.ok(rawIn(book), book);
  assert.ok(book.split("\n")[1].startsWith(`"${inertId(EVIL)}",3,`), book);
  const template = manualTemplate([graded(EVIL)]);
  assert.not.ok(rawIn(template), template);
});

test("manual scores round-trip onto the student: from the escaped template, and from an older file with the raw id", () => {
  const scored = manualTemplate([graded(EVIL)]).replace(/,2,,$/m, ",2,1.5,");
  const read = readManualScores(scored, maxById);
  assert.equal(read.errors, []);
  const book = gradebookCsv([graded(EVIL)], read.scores).split("\n")[1];
  assert.match(book, /,1\.5,1\.5,1\/1,2,4\.5,$/, "written score, totals");
  const old = `student,exercise,max_points,score,comment\n"${EVIL}",6.4.2,2,2,\n`;
  assert.match(gradebookCsv([graded(EVIL)], readManualScores(old, maxById).scores).split("\n")[1], /,2,2,1\/1,2,5,$/);
});

test("the written-answers page edits the escaped template's row of the student, writing no raw id", () => {
  const template = manualTemplate([graded(EVIL)]);
  const rev = (entryValues(splitManualFile(template)) as Map<string, { rev: string }>).get(entryKey(EVIL, "6.4.2"))!.rev;
  const edited = applyEdits(template, [{ student: EVIL, exercise: "6.4.2", maxPoints: 2, rev, score: "2", comment: "好" }]);
  assert.ok("text" in edited, JSON.stringify(edited));
  const text = (edited as { text: string }).text;
  assert.not.ok(rawIn(text), text);
  assert.is(readManualScores(text, maxById).scores.get(inertId(EVIL))?.get("6.4.2"), 2);
});

test.run();
