/**
 * Every engine shows exactly what we computed. Gradescope's and PrairieLearn's graders cannot be
 * reached from here, so each bundle's entry script runs as the engine would run it: its folder
 * layout under a temporary root, its environment, as root with the student's process as `nobody`,
 * on the solution, the stub and a known-wrong variant. The JSON is checked against each engine's
 * published field list, and GitHub Classroom's reporter arithmetic is applied to classroom.json.
 * The results are copied to /tmp/engines/ for inspection.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { loadWrongVariants } from "../cells";
import { buildRelease, runAutograder } from "../release";
import type { StudentResult } from "../reports";
import { referenceCode, stubCode, wholeChapterNotebook } from "../synthetic";

const root = path.resolve(__dirname, "..", "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-engines-test-"));
fs.chmodSync(work, 0o755); // the student's process (nobody) crosses it to reach the bundle's node_modules
// D2L_KEEP_RESULTS=<folder> keeps one results file per engine and submission there (for a closing
// note or a look by hand); without it they go to the test's own temporary folder.
const keep = process.env.D2L_KEEP_RESULTS ? path.resolve(process.env.D2L_KEEP_RESULTS) : path.join(work, "kept");
let release: Awaited<ReturnType<typeof buildRelease>>;
let source = "";

// The wrong variant: 6.4.2 clipped tensor by tensor, and the cases it declares it fails.
const WRONG = loadWrongVariants("6.4.2").find((w) => w.name === "per-tensor")!;
const submissions = {
  solution: () => wholeChapterNotebook(),
  stub: () => wholeChapterNotebook({ code: stubCode, written: "student" }),
  wrong: () => wholeChapterNotebook({ code: (id) => (id === "6.4.2" ? WRONG.cell : referenceCode(id)) }),
};
type Kind = keyof typeof submissions;
const KINDS = Object.keys(submissions) as Kind[];

/** Runs a script as root with the student's process as nobody; the environment of the engine plus ours. */
function run(script: string, env: Record<string, string>, timeout = 600_000) {
  return spawnSync("bash", [script], {
    encoding: "utf8",
    timeout,
    env: { ...process.env, D2L_GRADER_USER: "nobody", ...env },
  });
}

const asNobody = (file: string) => spawnSync("setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups", "--", "cat", file]);

test.before(async () => {
  fs.mkdirSync(keep, { recursive: true });
  release = await buildRelease(path.join(work, "release"));
  // The bundle's source as setup.sh leaves it: this workbook's packages, its own lib/ and exercises/ built.
  source = path.join(work, "source");
  const entries = unzipSync(new Uint8Array(fs.readFileSync(release.gradescope)));
  for (const [name, data] of Object.entries(entries)) {
    const target = path.join(source, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, data, { mode: ["setup.sh", "run_autograder"].includes(name) ? 0o755 : 0o644 });
  }
  const modules = path.join(source, "node_modules");
  fs.mkdirSync(modules);
  for (const e of fs.readdirSync(path.join(root, "node_modules"))) {
    const own = { d2lzh: "lib", "d2lzh-exercises": "exercises" }[e];
    fs.symlinkSync(own ? path.join(source, own) : path.join(root, "node_modules", e), path.join(modules, e));
  }
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  for (const p of ["lib", "exercises"]) {
    const built = spawnSync(process.execPath, [tsc, "-p", path.join(source, p)], { encoding: "utf8" });
    if (built.status !== 0) throw new Error(`${p}: ${built.stdout}${built.stderr}`);
  }
  spawnSync("chmod", ["-R", "a+rX", source]);
});
test.after(() => fs.rmSync(work, { recursive: true, force: true }));

/** A Gradescope root: /autograder/{source,submission,results}, the source shared. */
function gradescopeRoot(kind: string, notebook: string, metadata?: object): string {
  const ag = path.join(work, `gradescope-${kind}`);
  fs.mkdirSync(path.join(ag, "submission"), { recursive: true });
  fs.symlinkSync(source, path.join(ag, "source"));
  fs.writeFileSync(path.join(ag, "submission", "06-all.ipynb"), notebook);
  if (metadata) fs.writeFileSync(path.join(ag, "submission_metadata.json"), JSON.stringify(metadata));
  return ag;
}

// Gradescope's published fields (https://gradescope-autograders.readthedocs.io/en/latest/specs/).
const GS_TOP = ["score", "execution_time", "output", "output_format", "test_output_format", "test_name_format", "visibility"];
const GS_TOP_ALL = [...GS_TOP, "stdout_visibility", "extra_data", "tests", "leaderboard"];
const GS_TEST = [
  "score",
  "max_score",
  "status",
  "name",
  "name_format",
  "number",
  "output",
  "output_format",
  "tags",
  "visibility",
  "extra_data",
];
const GS_VISIBILITY = ["hidden", "after_due_date", "after_published", "visible"];
const GS_FORMATS = ["text", "html", "simple_format", "md", "ansi"];

interface GsTest {
  score: number;
  max_score: number;
  status: string;
  name: string;
  output: string;
  output_format: string;
  visibility: string;
}

function checkGradescope(json: Record<string, unknown>): GsTest[] {
  for (const k of Object.keys(json)) assert.ok(GS_TOP_ALL.includes(k), `top-level field ${k} is in Gradescope's specification`);
  assert.is(typeof json.score, "number");
  assert.is(typeof json.execution_time, "number");
  assert.ok(GS_VISIBILITY.includes(json.visibility as string) && GS_VISIBILITY.includes(json.stdout_visibility as string));
  const tests = json.tests as GsTest[];
  for (const t of tests) {
    for (const k of Object.keys(t)) assert.ok(GS_TEST.includes(k), `test field ${k} is in Gradescope's specification`);
    assert.ok(["passed", "failed"].includes(t.status), t.status);
    assert.ok(GS_VISIBILITY.includes(t.visibility) && GS_FORMATS.includes(t.output_format));
    assert.ok(t.score >= 0 && t.score <= t.max_score && t.name !== "");
  }
  return tests;
}

/** GitHub Classroom's reporter, as its source does it: printed (passed/tests)·max_score, sent Σ score. */
function reporter(results: { max_score: number; tests: { status: string; score: number; name: string; message: string | null }[] }) {
  const passed = results.tests.filter((t) => t.status === "pass").length;
  const printed = (passed / results.tests.length) * (results.max_score || 0);
  const sent = results.tests.reduce((s, t) => s + t.score, 0);
  // What its log shows for each test: the name, or for an error only its message.
  const lines = results.tests.map((t) => (t.status === "error" ? t.message || `Failed to run test '${t.name}'` : t.name));
  return { printed, sent, lines };
}

const gsRuns = new Map<Kind, { results: Record<string, unknown>; student: StudentResult; classroom: ReturnType<typeof JSON.parse> }>();

for (const kind of KINDS) {
  test(`Gradescope: run_autograder on the ${kind} writes results.json in Gradescope's fields, the student's process as nobody`, () => {
    const ag = gradescopeRoot(kind, submissions[kind]());
    const r = run(path.join(source, "run_autograder"), { D2L_AUTOGRADER_ROOT: ag });
    assert.is(r.status, 0, r.stderr.slice(-2000));
    assert.match(r.stdout, /student process as user nobody/);
    const results = JSON.parse(fs.readFileSync(path.join(ag, "results", "results.json"), "utf8"));
    const tests = checkGradescope(results);
    const dir = path.join(ag, "grading", "students", fs.readdirSync(path.join(ag, "grading", "students"))[0]);
    const student = JSON.parse(fs.readFileSync(path.join(dir, "result.json"), "utf8")) as StudentResult;
    const classroom = JSON.parse(fs.readFileSync(path.join(dir, "classroom.json"), "utf8"));
    gsRuns.set(kind, { results, student, classroom });
    const max = tests.reduce((s, t) => s + t.max_score, 0);
    assert.is(max, student.maxScore);
    assert.is(
      results.score,
      tests.reduce((s, t) => s + t.score, 0),
    );
    assert.ok(tests.some((t) => t.visibility === "after_published") && tests.every((t) => t.output_format === "md"));
    if (kind === "solution") assert.is(results.score, max, JSON.stringify(tests.filter((t) => t.status !== "passed")).slice(0, 2000));
    if (kind === "stub") assert.ok(results.score === 0 && tests.every((t) => /尚未完成/.test(t.output)));
    if (kind === "wrong") {
      const failed = tests.filter((t) => t.status === "failed").map((t) => t.name);
      assert.equal(failed.sort(), WRONG.fails.map((n) => `练习 6.4.2 梯度裁剪：${n}`).sort());
      // The bundle has no wrong/ folders: the release's signatures name the mistake.
      assert.ok(results.output.includes(`练习 6.4.2：这看起来像一个常见错误（per-tensor）：${WRONG.why}`), results.output);
    } else assert.not.match(results.output, /常见错误/);
    // The student's account reaches neither the hidden tests, the grader nor the submission.
    for (const f of [path.join(ag, "source", "exercises", "6.4.2", "hidden.ts"), path.join(ag, "source", "autograder", "grade.ts")])
      assert.is.not(asNobody(f).status, 0, `nobody must not read ${f}`);
    assert.is.not(asNobody(path.join(ag, "submission", "06-all.ipynb")).status, 0);
    fs.writeFileSync(path.join(keep, `gradescope-${kind}.json`), JSON.stringify(results, null, 2));
    fs.writeFileSync(path.join(keep, `classroom-${kind}.json`), JSON.stringify(classroom, null, 2));
  });
}

test("GitHub Classroom: the reporter's printed total equals the points it sends, on solution, stub and wrong variant", () => {
  for (const kind of KINDS) {
    const { classroom, student } = gsRuns.get(kind)!;
    const { printed, sent, lines } = reporter(classroom);
    assert.ok(Math.abs(printed - sent) < 1e-9, `${kind}: printed ${printed}, sent ${sent}`);
    assert.is(printed.toFixed(2), sent.toFixed(2));
    assert.is(sent, student.score, `${kind}: Classroom gets the grader's own score`);
    assert.is(classroom.max_score, student.maxScore);
    assert.ok(
      lines.every((l: string) => /^练习 6\.\d+\.\d+：/.test(l)),
      `${kind}: every line of the log names its test`,
    );
    if (kind === "stub")
      assert.ok(
        classroom.tests.every((t: { status: string }) => t.status === "fail"),
        "a stub's cases ran and failed",
      );
  }
  // With 1- and 2-point cases, one test per case would have disagreed: the fix is needed here.
  const { student } = gsRuns.get("wrong")!;
  const cases = student.exercises.flatMap((e) => e.cases);
  assert.ok(new Set(cases.map((c) => c.points)).size > 1, "cases of different weights");
  const perCase = (cases.filter((c) => c.status === "passed").length / cases.length) * student.maxScore;
  assert.ok(Math.abs(perCase - student.score) > 0.01, `one test per case would print ${perCase} for ${student.score}`);
});

test("Gradescope: a late policy from the release applies to created_at after the due date, hidden cases after the due date", () => {
  const due = "2026-11-20T23:59:00.000000+08:00";
  const ag = gradescopeRoot("late", submissions.wrong(), {
    id: 1,
    created_at: "2026-11-22T10:00:00.000000+08:00",
    assignment: { due_date: due, late_due_date: "2026-11-30T23:59:00.000000+08:00", title: "第六章", total_points: "180.0" },
    users: [{ email: "s@example.com", id: 7, name: "学生" }],
  });
  const script = path.join(ag, "run_autograder");
  fs.writeFileSync(script, runAutograder({ latePolicy: "10%/day,max=50%", hiddenVisibility: "after_due_date" }), { mode: 0o755 });
  const r = run(script, { D2L_AUTOGRADER_ROOT: ag });
  assert.is(r.status, 0, r.stderr.slice(-2000));
  const results = JSON.parse(fs.readFileSync(path.join(ag, "results", "results.json"), "utf8"));
  const tests = checkGradescope(results);
  const raw = tests.reduce((s, t) => s + t.score, 0);
  assert.is(results.score, Math.round(raw * 80) / 100, "2 started days late: 20% off");
  assert.match(results.output, /迟交 2 天/);
  assert.ok(tests.filter((t) => t.visibility !== "visible").every((t) => t.visibility === "after_due_date"));
  fs.writeFileSync(path.join(keep, "gradescope-wrong-late.json"), JSON.stringify(results, null, 2));
});

test("Gradescope: killed mid-run (the engine's timeout), results.json still holds every finished exercise", async () => {
  const ag = gradescopeRoot("killed", submissions.solution());
  const child = spawn("bash", [path.join(source, "run_autograder")], {
    env: { ...process.env, D2L_GRADER_USER: "nobody", D2L_AUTOGRADER_ROOT: ag },
    stdio: "ignore",
    detached: true,
  });
  const file = path.join(ag, "results", "results.json");
  const passed = () => {
    try {
      return (JSON.parse(fs.readFileSync(file, "utf8")).tests as GsTest[]).filter((t) => t.status === "passed").length;
    } catch {
      return 0;
    }
  };
  const started = Date.now();
  while (passed() === 0 && Date.now() - started < 300_000) await new Promise((res) => setTimeout(res, 200));
  process.kill(-child.pid!, "SIGKILL");
  await new Promise((res) => child.once("exit", res));
  const results = JSON.parse(fs.readFileSync(file, "utf8"));
  const tests = checkGradescope(results);
  assert.ok(passed() > 0, "finished exercises are reported");
  assert.is(
    results.score,
    tests.reduce((s, t) => s + t.score, 0),
  );
  assert.ok(
    tests.some((t) => t.status === "failed"),
    "the rest is reported as not graded",
  );
});

test("Gradescope: setup.sh's smoke run grades the stub through run_autograder and passes", () => {
  const ag = path.join(work, "gradescope-setup");
  fs.mkdirSync(ag);
  fs.symlinkSync(source, path.join(ag, "source"));
  const r = run(path.join(source, "setup.sh"), { D2L_AUTOGRADER_ROOT: ag, D2L_SETUP_OFFLINE: "1" });
  assert.is(r.status, 0, r.stdout.slice(-1000) + r.stderr.slice(-2000));
  assert.match(r.stdout, /smoke run: \d+ tests reported on the stub, as expected/);
  const setup = fs.readFileSync(path.join(source, "setup.sh"), "utf8");
  assert.match(setup, /setup_22\.x/);
  assert.match(setup, /npm ci --omit=optional/);
  assert.match(setup, /useradd --system/);
});

// PrairieLearn's published fields (https://prairielearn.readthedocs.io/en/latest/externalGrading/).
const PL_TOP = ["gradable", "succeeded", "score", "message", "output", "images", "tests", "format_errors"];
const PL_TEST = ["name", "description", "points", "max_points", "message", "output", "images"];

for (const kind of KINDS) {
  test(`PrairieLearn: the 6.4 question's grader entry on the ${kind} writes results.json in PrairieLearn's fields`, () => {
    const question = path.join(release.prairielearn, "questions", "d2l-ch6", "06.4-rnn-scratch");
    const info = JSON.parse(fs.readFileSync(path.join(question, "info.json"), "utf8"));
    assert.is(info.gradingMethod, "External");
    assert.is(info.externalGradingOptions.entrypoint, "/grade/serverFilesCourse/d2l/run.sh");
    assert.match(fs.readFileSync(path.join(question, "question.html"), "utf8"), /<pl-file-upload file-names="06\.4-rnn-scratch\.ipynb">/);
    // /grade as the grader assembles it: the question's tests/, serverFilesCourse, the student's file.
    const g = path.join(work, `pl-${kind}`);
    fs.cpSync(path.join(question, "tests"), path.join(g, "tests"), { recursive: true });
    fs.cpSync(path.join(release.prairielearn, "serverFilesCourse"), path.join(g, "serverFilesCourse"), { recursive: true });
    fs.mkdirSync(path.join(g, "student"), { recursive: true });
    fs.mkdirSync(path.join(g, "data"), { recursive: true });
    fs.writeFileSync(path.join(g, "data", "data.json"), JSON.stringify({ submitted_answers: {} }));
    fs.writeFileSync(path.join(g, "student", "06.4-rnn-scratch.ipynb"), submissions[kind]());
    const r = run(path.join(g, "serverFilesCourse", "d2l", "run.sh"), { D2L_GRADE_ROOT: g, D2L_SOURCE: source });
    assert.is(r.status, 0, r.stderr.slice(-2000));
    const text = fs.readFileSync(path.join(g, "results", "results.json"), "utf8");
    assert.ok(Buffer.byteLength(text) < 1024 * 1024);
    const results = JSON.parse(text);
    for (const k of Object.keys(results)) assert.ok(PL_TOP.includes(k), `top-level field ${k} is PrairieLearn's`);
    assert.is(results.gradable, true);
    assert.is(results.succeeded, true);
    assert.ok(results.score >= 0 && results.score <= 1);
    const tests = results.tests as { name: string; points: number; max_points: number }[];
    for (const t of tests) for (const k of Object.keys(t)) assert.ok(PL_TEST.includes(k), `test field ${k} is PrairieLearn's`);
    assert.ok(
      tests.every((t) => /^练习 6\.4\./.test(t.name)),
      "only the question's exercises",
    );
    const max = tests.reduce((s, t) => s + t.max_points, 0);
    assert.is(results.score, tests.reduce((s, t) => s + t.points, 0) / max);
    if (kind === "solution") assert.is(results.score, 1);
    if (kind === "stub") assert.is(results.score, 0);
    if (kind === "wrong") assert.ok(results.score > 0 && results.score < 1);
    assert.is.not(asNobody(path.join(g, "student", "06.4-rnn-scratch.ipynb")).status, 0);
    fs.writeFileSync(path.join(keep, `prairielearn-${kind}.json`), JSON.stringify(results, null, 2));
  });
}

test.run();
