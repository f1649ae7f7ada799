/**
 * The four facts for every exercise with a code part, graded in this process through the same
 * compile and evaluation path the grading child uses:
 * the reference solution scores full marks; the generated stub scores zero with every case
 * reported; each known-wrong variant fails exactly the cases it declares; and the catalogue's
 * points equal the sum of the case points (public and hidden).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as path from "node:path";
import { codeExercises, codeReady } from "../catalogue";
import { loadSolution, loadWrongVariants, solutionCell, stubCell } from "../cells";
import { jobFor } from "../jobs";
import { casesFor, gradeInProcess, GradedCase, Libraries } from "../harness/evaluate";
import { loadLibraries } from "../harness/libraries";
import { tierOf } from "../harness/judge";

const root = path.resolve(__dirname, "..", "..");
let libs: Libraries;

test.before(async () => {
  libs = await loadLibraries(root);
});

const failed = (cases: GradedCase[]) => cases.filter((c) => c.status !== "passed");
const show = (cases: GradedCase[]) => cases.map((c) => `${c.status} ${c.name}${c.message ? `: ${c.message}` : ""}`).join("\n");

for (const e of codeExercises()) {
  if (!codeReady(e.id)) {
    console.log(`exercise ${e.id}: solution or hidden tests not written yet`);
    continue;
  }

  test(`${e.id}: the catalogue's points equal the sum of its public and hidden case points`, async () => {
    const cases = casesFor(await jobFor(e.id, "", { hidden: true }), libs);
    assert.ok(
      cases.some((c) => c.visibility === "public"),
      "has public cases",
    );
    assert.ok(
      cases.some((c) => c.visibility === "hidden"),
      "has hidden cases",
    );
    assert.is(
      cases.reduce((s, c) => s + c.c.points, 0),
      e.code!.points,
    );
    assert.is(new Set(cases.map((c) => c.c.name)).size, cases.length, "case names are unique");
  });

  test(`${e.id}: the reference solution scores full marks`, async () => {
    const cases = await gradeInProcess(await jobFor(e.id, solutionCell(loadSolution(e.id)!), { hidden: true }), libs);
    assert.equal(failed(cases), [], show(failed(cases)));
  });

  test(`${e.id}: the generated stub scores zero and every case says why`, async () => {
    const cases = await gradeInProcess(await jobFor(e.id, stubCell(loadSolution(e.id)!), { hidden: true }), libs);
    const passed = cases.filter((c) => c.status === "passed");
    assert.equal(passed, [], show(passed));
    for (const c of cases) assert.ok(c.message && c.message.length > 0, `case "${c.name}" has a message`);
  });

  test(`${e.id}: the cases that run in the student's process (tiers.json) are exactly those the judge cannot decide`, async () => {
    const all = await gradeInProcess(await jobFor(e.id, solutionCell(loadSolution(e.id)!), { hidden: true }), libs, {
      tier: () => "judge",
    });
    const undecided = all.filter((c) => c.status !== "passed").map((c) => c.name);
    const listed = casesFor(await jobFor(e.id, "", { hidden: true }), libs)
      .filter(({ c }) => tierOf(e.id, c.name) === "student")
      .map(({ c }) => c.name);
    assert.equal(listed.sort(), undecided.sort());
  });

  for (const wrong of loadWrongVariants(e.id)) {
    test(`${e.id}: the known-wrong variant "${wrong.name}" fails exactly its declared cases`, async () => {
      const cases = await gradeInProcess(await jobFor(e.id, wrong.cell, { hidden: true }), libs);
      const names = cases.map((c) => c.name);
      for (const f of wrong.fails) assert.ok(names.includes(f), `${wrong.file}: declared case "${f}" exists`);
      assert.equal(
        failed(cases)
          .map((c) => c.name)
          .sort(),
        wrong.fails.slice().sort(),
        show(cases),
      );
    });
  }
}

test.run();
