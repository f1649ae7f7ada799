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
  computeSignatures,
  matchMisconception,
  messagesAgree,
  misconceptionsHtml,
  misconceptionsMarkdown,
  VariantSignature,
} from "../misconceptions";
import type { StudentResult } from "../reports";

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

const grade = (id: string, cell: string) => gradeInProcess(jobFor(id, cell, { hidden: true }), libs);

/**
 * Honest answers that are wrong in another way than any variant (each an edit of the reference
 * cell): several fail the very cases a variant fails, with other values.
 */
const PARTIALS: { id: string; what: string; from: string; to: string }[] = [
  { id: "6.4.2", what: "scales to θ/2", from: "const scale = theta / norm;", to: "const scale = (0.5 * theta) / norm;" },
  {
    id: "6.4.2",
    what: "returns the squared norm",
    from: "const norm = Math.sqrt(sumOfSquares.dataSync()[0]);",
    to: "const norm = sumOfSquares.dataSync()[0];",
  },
  { id: "6.7.0", what: "no reset gate", from: "tf.mul(R, H) as tf.Tensor2D", to: "H" },
  { id: "6.7.0", what: "reset gate on the new state", from: "tf.mul(R, H) as tf.Tensor2D", to: "tf.mul(tf.sub(1, R), H) as tf.Tensor2D" },
  { id: "6.8.0", what: "forgets F ⊙ C", from: "tf.add(tf.mul(F, C), tf.mul(I, C_tilde))", to: "tf.mul(I, C_tilde)" },
  { id: "6.8.0", what: "ReLU candidate", from: "const C_tilde = tf.tanh(", to: "const C_tilde = tf.relu(" },
  { id: "6.4.5", what: "ELU instead of ReLU", from: "tf.relu(", to: "tf.elu(" },
  {
    id: "6.8.3",
    what: "gates that never let C grow",
    from: "{ I: [0.9, 0.9, 0.9], F: [0.9, 0.9, 0.9], O: [0.5, 0.5, 0.5], C_tilde: [0.9, 0.9, 0.9] }",
    to: "{ I: [0.5, 0.5], F: [0.5, 0.5], O: [0.5, 0.5], C_tilde: [0.5, 0.5] }",
  },
  { id: "6.4.1", what: "a learning rate far too small", from: "lr: 100, theta: 0.01, numSteps: 8", to: "lr: 1, theta: 0.01, numSteps: 8" },
  { id: "6.3.1", what: "offset always 1", from: "const offset = rng.randint(0, numSteps);", to: "const offset = 1;" },
  {
    id: "6.3.1",
    what: "offset from 1 to T",
    from: "const offset = rng.randint(0, numSteps);",
    to: "const offset = rng.randint(1, numSteps + 1);",
  },
];

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

for (const p of PARTIALS) {
  test(`${p.id}: an honest different answer (${p.what}) is given no known mistake`, async () => {
    const ref = solutionCell(loadSolution(p.id)!);
    assert.is(ref.split(p.from).length, 2, `the edit's text occurs once in the reference of ${p.id}`);
    const cases = await grade(
      p.id,
      ref.replace(p.from, () => p.to),
    );
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

test.run();
