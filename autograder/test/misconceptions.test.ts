/**
 * Known mistakes named in the feedback: every known-wrong variant is recognised as itself (graded a
 * second time, as a student's copy would be), and the reference solutions, the untouched stubs and
 * honest answers that are wrong in other ways are never given a name (zero false matches).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as path from "node:path";
import { codeExercises, codeReady } from "../catalogue";
import { loadSolution, loadWrongVariants, solutionCell, stubCell } from "../cells";
import { jobFor } from "../jobs";
import { gradeInProcess, Libraries } from "../harness/evaluate";
import { loadLibraries } from "../harness/libraries";
import {
  bundledSignatures,
  bundledSignaturesKey,
  computeSignatures,
  matchMisconception,
  messagesAgree,
  misconceptionsHtml,
  misconceptionsMarkdown,
  VariantSignature,
} from "../misconceptions";
import type { StudentResult } from "../reports";
import { gradeClass } from "../grade";
import { HONEST_PARTIALS, partialCode, syntheticClass, classificationAccuracy, wholeChapterNotebook } from "../synthetic";
import * as fs from "node:fs";
import * as os from "node:os";

const root = path.resolve(__dirname, "..", "..");
let libs: Libraries;
let signatures: Map<string, VariantSignature[]>;
const ids = codeExercises()
  .map((e) => e.id)
  .filter((id) => codeReady(id) && loadWrongVariants(id).length > 0);

test.before(async () => {
  libs = await loadLibraries(root);
  signatures = await computeSignatures(libs, ids, true);
});

const grade = async (id: string, cell: string) => gradeInProcess(await jobFor(id, cell, { hidden: true }), libs);

test("every exercise with known-wrong variants has their signatures, one per variant", () => {
  for (const id of ids)
    assert.equal(
      (signatures.get(id) ?? []).map((s) => s.name),
      loadWrongVariants(id).map((v) => v.name),
      id,
    );
});

for (const id of ids) {
  for (const v of loadWrongVariants(id)) {
    test(`${id}: the known-wrong variant "${v.name}" graded again is recognised as itself`, async () => {
      const cases = await grade(id, v.cell);
      const m = matchMisconception(cases, signatures.get(id)!);
      assert.equal(m.candidates, [v.name], `candidates for ${v.name}`);
      assert.is(m.match?.name, v.name);
      assert.ok(/[\u4e00-\u9fff]/.test(m.match!.why), `${v.file}: the why line is Chinese`);
    });
  }

  test(`${id}: the reference solution and the untouched stub are given no known mistake`, async () => {
    const sol = loadSolution(id)!;
    for (const [what, cell] of [
      ["reference", solutionCell(sol)],
      ["stub", stubCell(sol)],
    ]) {
      const m = matchMisconception(await grade(id, cell), signatures.get(id)!);
      assert.equal(m.candidates, [], `${what}: ${m.candidates.join(", ")}`);
    }
  });
}

for (const p of HONEST_PARTIALS) {
  test(`${p.id}: an honest different answer (${p.what}) is given no known mistake`, async () => {
    const cases = await grade(p.id, partialCode(p));
    assert.ok(
      cases.some((c) => c.status !== "passed"),
      "the partial answer fails some case",
    );
    const m = matchMisconception(cases, signatures.get(p.id)!);
    assert.equal(m.candidates, [], m.candidates.join(", "));
  });
}

test("another exercise's variant, graded as this exercise, is given no known mistake", async () => {
  // 6.8.0's LSTM step where 6.7.0's GRU step is expected: it defines none of the names.
  const lstm = loadWrongVariants("6.8.0")[0].cell;
  const m = matchMisconception(await grade("6.7.0", lstm), signatures.get("6.7.0")!);
  assert.equal(m.candidates, []);
});

test("a message agrees only with the same text and numbers within the tolerance", () => {
  const a = "norm 应为 1.2345，实际为 0.5000（第 3 个元素）";
  assert.ok(messagesAgree(a, a));
  assert.ok(messagesAgree(a, "norm 应为 1.2346，实际为 0.5000（第 3 个元素）"), "last printed digit");
  assert.not.ok(messagesAgree(a, "norm 应为 1.2345，实际为 0.5100（第 3 个元素）"), "2 % off");
  assert.not.ok(messagesAgree(a, "norm 应为 1.2345，实际为 0.5000（第 4 个元素）"), "another index");
  assert.not.ok(messagesAgree(a, "范数应为 1.2345，实际为 0.5000（第 3 个元素）"), "other text");
  assert.not.ok(messagesAgree(a, undefined));
});

test("a signature is claimed only by the exact failing set, and a pattern two variants share names neither", () => {
  const sig = (name: string, message: string): VariantSignature => ({
    id: "x",
    name,
    why: "原因",
    cases: [
      { name: "a", status: "passed" },
      { name: "b", status: "failed", message },
    ],
  });
  const one = sig("one", "值为 1.5");
  const student = (b: string, aStatus: "passed" | "failed" = "passed") => [
    { name: "a", status: aStatus, message: aStatus === "failed" ? "值为 1.5" : undefined },
    { name: "b", status: "failed" as const, message: b },
  ];
  assert.is(matchMisconception(student("值为 1.5"), [one]).match?.name, "one");
  assert.is(matchMisconception(student("值为 1.5", "failed"), [one]).match, undefined, "one more failing case");
  assert.is(matchMisconception(student("值为 1.7"), [one]).match, undefined, "other values");
  assert.equal(matchMisconception(student("值为 1.5"), [one, sig("twin", "值为 1.5")]).candidates, ["one", "twin"]);
  assert.is(matchMisconception(student("值为 1.5"), [one, sig("twin", "值为 1.5")]).match, undefined, "shared pattern");
  assert.is(matchMisconception([{ name: "a", status: "passed" }], [one]).match, undefined, "a public-only run that passes");
});

test("the class page counts each mistake with its students and each case's failure rate, student text escaped", () => {
  const result = (student: string, variant?: string): StudentResult => ({
    student,
    files: [],
    fingerprint: "",
    score: 0,
    maxScore: 2,
    written: [],
    problems: [],
    notes: [],
    seconds: 0,
    children: 1,
    exercises: [
      {
        id: "6.4.2",
        title: "梯度裁剪",
        score: variant ? 1 : 2,
        maxScore: 2,
        cell: null,
        cases: [
          { name: "c1", points: 1, visibility: "public", status: "passed" },
          { name: "c2", points: 1, visibility: "hidden", status: variant ? "failed" : "passed" },
        ],
        ...(variant ? { misconception: { variant, why: "逐个张量裁剪" } } : {}),
      },
    ],
  });
  const results = [result("<b>eve</b>", "per-tensor"), result("bob", "per-tensor"), result("amy")];
  const md = misconceptionsMarkdown(results);
  assert.match(md, /\| per-tensor \| 2 \/ 3 \| 逐个张量裁剪 \| \\<b\\>eve\\<\/b\\>、bob \|/);
  assert.match(md, /\| c2 \| 2 \/ 3（67%） \|/);
  assert.match(md, /\| c1 \| 0 \/ 3（0%） \|/);
  const html = misconceptionsHtml(results);
  assert.ok(html.includes("&lt;b&gt;eve&lt;/b&gt;、bob"), "student ids escaped in HTML");
  assert.not.ok(html.includes("<b>eve"), "no raw student markup");
});

test("the grader names the mistake in the feedback, Gradescope's output and Classroom's messages, counts it on the class page, and reuses its signatures", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-misconceptions-test-"));
  try {
    const cls = path.join(dir, "class");
    const perTensor = loadWrongVariants("6.4.2").find((v) => v.name === "per-tensor")!.cell;
    const students: [string, string][] = [
      ["amy", wholeChapterNotebook()],
      ["bob", wholeChapterNotebook({ code: (id) => (id === "6.4.2" ? perTensor : solutionCell(loadSolution(id)!)) })],
      ["cat", wholeChapterNotebook({ code: (id) => (id === "6.4.2" ? partialCode(HONEST_PARTIALS[0]) : solutionCell(loadSolution(id)!)) })],
    ];
    for (const [name, nb] of students) {
      fs.mkdirSync(path.join(cls, name), { recursive: true });
      fs.writeFileSync(path.join(cls, name, "06-all.ipynb"), nb);
    }
    const out = path.join(dir, "out");
    const run = await gradeClass({ paths: [cls], out, only: ["6.4.2"], progress: false });
    assert.equal(run.results.map((r) => [r.student, r.exercises[0].misconception?.variant]).sort(), [
      ["amy", undefined],
      ["bob", "per-tensor"],
      ["cat", undefined],
    ]);
    const why = loadWrongVariants("6.4.2").find((v) => v.name === "per-tensor")!.why;
    assert.ok(fs.readFileSync(path.join(out, "students", "bob", "feedback.md"), "utf8").includes(why), "feedback.md names it");
    assert.ok(
      fs.readFileSync(path.join(out, "students", "bob", "feedback.html"), "utf8").includes("这看起来像一个常见错误"),
      "feedback.html names it",
    );
    assert.ok(
      (JSON.parse(fs.readFileSync(path.join(out, "students", "bob", "results.json"), "utf8")) as { output: string }).output.includes(why),
    );
    type Classroom = { tests: { status: string; message: string | null }[] };
    const classroom = (name: string) =>
      JSON.parse(fs.readFileSync(path.join(out, "students", name, "classroom.json"), "utf8")) as Classroom;
    const failed = classroom("bob").tests.filter((t) => t.status !== "pass");
    assert.ok(failed.length > 0 && failed.every((t) => (t.message ?? "").includes(why)), "Classroom's failed tests name it");
    assert.ok(
      classroom("bob")
        .tests.filter((t) => t.status === "pass")
        .every((t) => !(t.message ?? "").includes(why)),
      "passed ones do not",
    );
    assert.not.ok(
      fs.readFileSync(path.join(out, "students", "cat", "feedback.md"), "utf8").includes("常见错误"),
      "the partial is not named",
    );
    const page = fs.readFileSync(path.join(out, "misconceptions.md"), "utf8");
    assert.match(page, /\| per-tensor \| 1 \/ 3 \|.*\| bob \|/);
    assert.ok(fs.readFileSync(path.join(out, "misconceptions.html"), "utf8").includes("<td>per-tensor</td><td>1 / 3</td>"));
    const cache = path.join(out, ".d2l-misconceptions.json");
    const before = fs.statSync(cache).mtimeMs;
    const again = await gradeClass({ paths: [cls], out, only: ["6.4.2"], progress: false });
    assert.is(again.skipped, 3, "a rerun skips everyone");
    assert.is(fs.statSync(cache).mtimeMs, before, "and reuses the signatures");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the synthetic class expects every variant once (and two of them more often) and no name elsewhere", () => {
  const cls = syntheticClass(30);
  assert.is(cls.length, 30);
  const expected = Object.fromEntries(cls.map((s) => [s.student, s.expected]));
  const total = ids.reduce((n, id) => n + loadWrongVariants(id).length, 0);
  const named = cls.reduce((n, s) => n + Object.keys(s.expected).length, 0);
  assert.is(named, total + 5);
  // the checker counts a missing name and a false one
  const results = cls.map((s) => ({ student: s.student, exercises: Object.keys(s.expected).map((id) => ({ id })) }));
  const a = classificationAccuracy(expected, [
    ...results,
    { student: "s01-reference", exercises: [{ id: "6.4.2", misconception: { variant: "per-tensor" } }] },
  ]);
  assert.is(a.recognised, 0);
  assert.is(a.missed.length, named);
  assert.equal(a.falseMatches, ["s01-reference 6.4.2: per-tensor"]);
});

test("bundled signatures: the key follows every test file of the package, and a workbook with variants grades them fresh", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-bundle-key-"));
  try {
    fs.mkdirSync(path.join(dir, "6.4.2"));
    fs.mkdirSync(path.join(dir, "dist"));
    fs.writeFileSync(path.join(dir, "6.4.2", "hidden.ts"), "// hidden\n");
    fs.writeFileSync(path.join(dir, "6.4.2", "public.ts"), "// public\n");
    const key = bundledSignaturesKey(true, dir);
    assert.is.not(key, bundledSignaturesKey(false, dir), "the tier is part of the key");
    fs.writeFileSync(path.join(dir, "dist", "index.js"), "built");
    fs.writeFileSync(path.join(dir, "misconceptions.json"), "{}");
    assert.is(bundledSignaturesKey(true, dir), key, "the build and the signatures file are not");
    fs.writeFileSync(path.join(dir, "6.4.2", "hidden.ts"), "// hidden, edited after the release\n");
    assert.is.not(bundledSignaturesKey(true, dir), key, "an edited hidden test changes it");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // This checkout has its wrong/ folders: whatever file is there, the variants are graded fresh.
  assert.is(bundledSignatures(true, ["6.4.2"]), undefined);
});

test.run();
