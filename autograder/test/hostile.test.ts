/**
 * The attacks of issue 13 beyond points (grade.test.ts checks that every hostile cell gains no
 * point and the other exercises keep theirs): feedback stays data, the grader survives the
 * channel attacks, colliding ids and links, no network in no-namespace mode, the submission
 * budget with partial results, no orphan after the grader is killed, no temporary folder left.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as dgram from "node:dgram";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { gradeClass, GradeOptions, writeClassFiles } from "../grade";
import { parseCsv, StudentResult } from "../reports";
import { exerciseMeta, notebookJson, referenceCode } from "../synthetic";

const root = path.resolve(__dirname, "..", "..");
const hostileDir = path.join(__dirname, "..", "hostile");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-hostile-test-"));
const only = ["6.4.2", "6.2.2", "6.4.4"];
const base: Partial<GradeOptions> = {
  progress: false,
  jobs: 2,
  loadTimeoutMs: 5_000,
  caseTimeoutMs: 2_000,
  slackMs: 1_000,
  rssMb: 700,
  heapMb: 384,
  only,
};
test.after(() => fs.rmSync(work, { recursive: true, force: true }));

/** What `steal.cell` amounts to without the hook: it returns the tensors it was given. */
const honestIdentity = `// 练习 6.4.2\nfunction gradClipping(grads: any, theta: number): any { return { grads, norm: 0 }; }\n`;
const honestZero = `// 练习 6.4.2\nfunction gradClipping(grads: any, theta: number): any { return { grads: grads.map((x: any) => tf.zerosLike(x)), norm: 0 }; }\n`;

function submission(dir: string, cell6_4_2: string): void {
  const cells = [
    { cell_type: "code" as const, source: cell6_4_2, metadata: exerciseMeta("6.4.2", "code") },
    ...only
      .filter((id) => id !== "6.4.2")
      .map((id) => ({ cell_type: "code" as const, source: referenceCode(id), metadata: exerciseMeta(id, "code") })),
  ];
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "nb.ipynb"), notebookJson(cells));
}

/** A hash of the workbook's sources (what a submission must not change). */
function sourcesHash(): string {
  const h = crypto.createHash("sha256");
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name === "node_modules" || e.name === "dist" || e.name.startsWith(".")) continue;
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.isFile()) h.update(f).update(fs.readFileSync(f));
    }
  };
  for (const d of ["solutions", "lib/src", "autograder"]) walk(path.join(root, d));
  return h.digest("hex");
}

const graderTemps = () => fs.readdirSync(os.tmpdir()).filter((e) => e.startsWith(`d2l-grader-${process.pid}-`));
const ours = () => {
  const r = spawnSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return r.stdout.split("\n").filter((l) => l.includes(work) || (l.includes("child.js") && l.includes(`d2l-grader-${process.pid}-`)));
};

test("table rows: each hostile cell of issue 13 gains nothing over an honest zero answer; the rest keeps full marks, nothing outside --out changes", async () => {
  const cells = [
    "ipc-ack",
    "read-hook",
    "main-module",
    "fatal-flood",
    "markup",
    "late-timer",
    "net-promises",
    "steal",
    "f64-bomb",
    "odd-values",
    "escape",
  ];
  const cls = path.join(work, "rows");
  submission(path.join(cls, "honest"), honestZero);
  submission(path.join(cls, "honest-identity"), honestIdentity);
  for (const c of cells) submission(path.join(cls, c), fs.readFileSync(path.join(hostileDir, `${c}.cell`), "utf8"));
  const before = sourcesHash();
  const out = path.join(work, "rows-out");
  const summary = await gradeClass({ ...base, paths: [cls], out } as GradeOptions);
  assert.is(summary.graded, cells.length + 2, "every student graded");
  const baseline = (student: string) =>
    summary.results.find((r) => r.student === (student === "steal" || student === "honest-identity" ? "honest-identity" : "honest"))!;
  const score = (r: StudentResult, id: string) => r.exercises.find((e) => e.id === id)!;
  for (const r of summary.results) {
    const e = score(r, "6.4.2");
    const honest = baseline(r.student);
    assert.ok(
      e.score <= score(honest, "6.4.2").score,
      `${r.student}: 6.4.2 ${e.score} > honest ${score(honest, "6.4.2").score}: ${JSON.stringify(e.cases.map((c) => [c.status, c.message?.slice(0, 120)]))}`,
    );
    for (const id of only.filter((x) => x !== "6.4.2"))
      assert.is(
        score(r, id).score,
        score(r, id).maxScore,
        `${r.student}: ${id} keeps its points: ${JSON.stringify(score(r, id).cases.map((c) => [c.status, c.message?.slice(0, 200)]))}`,
      );
    const dir = path.join(out, "students", r.student);
    for (const f of ["feedback.md", "feedback.html", "results.json", "classroom.json", "result.json"]) {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      assert.ok(Buffer.byteLength(text) <= 1024 * 1024, `${r.student}/${f} is at most 1 MB`);
      assert.not.match(text, /[\u0000-\u0008\u000b\u001b\u202e]/, `${r.student}/${f} has no raw control or bidi characters`);
    }
  }
  const md = fs.readFileSync(path.join(out, "students", "markup", "feedback.md"), "utf8");
  assert.is(md.split("\n").filter((l) => /^## 练习 6\.4\.2/.test(l)).length, 1, "the fake heading is not a heading");
  assert.not.match(fs.readFileSync(path.join(out, "students", "markup", "feedback.html"), "utf8"), /<script>/);
  const flood = summary.results.find((r) => r.student === "fatal-flood")!;
  assert.not.match(JSON.stringify(flood), /请老师给这份作业满分/, "forged notes never reach the feedback");
  assert.is(sourcesHash(), before, "nothing outside the output folder changed");
  assert.equal(graderTemps(), [], "no temporary folder is left");
  assert.equal(ours(), [], "no grading process is left");
});

test("a forged reply cannot reach the judge thread's prototypes for the students after it", async () => {
  // One judge thread grades the three in turn: c-zero must score what a-zero scored.
  const cls = path.join(work, "after");
  submission(path.join(cls, "a-zero"), honestZero);
  submission(path.join(cls, "b-proto"), fs.readFileSync(path.join(hostileDir, "proto-reply.cell"), "utf8"));
  submission(path.join(cls, "c-zero"), honestZero);
  const summary = await gradeClass({ ...base, jobs: 1, only: ["6.4.2"], paths: [cls], out: path.join(work, "after-out") } as GradeOptions);
  const score = (student: string) => summary.results.find((r) => r.student === student)!.exercises.find((e) => e.id === "6.4.2")!;
  assert.ok(score("a-zero").score < score("a-zero").maxScore, "zeros are not a full answer");
  assert.is(score("b-proto").score, 0);
  assert.is(
    score("c-zero").score,
    score("a-zero").score,
    `after the forged reply: ${JSON.stringify(score("c-zero").cases.map((c) => [c.status, c.message?.slice(0, 120)]))}`,
  );
});

test("what a function does to a test's shared fixture is undone before the next student", async () => {
  // 6.1.0's public tests pass the module's exported corpus, the same array for every submission
  // this judge grades; the judge copies what a call did to its arguments back into them.
  const cls = path.join(work, "fixture");
  const cell = (source: string) => [{ cell_type: "code" as const, source, metadata: exerciseMeta("6.1.0", "code") }];
  const sabotage = [
    "// 练习 6.1.0",
    'function conditionalProb(corpus: string[], context: string[], word: string): number { corpus.fill("我"); return 0; }',
    'function sequenceProb(corpus: string[], seq: string[], n: number): number { corpus.fill("我"); return 0; }',
    "",
  ].join("\n");
  for (const [name, source] of [
    ["a-ref", referenceCode("6.1.0")],
    ["b-fill", sabotage],
    ["c-ref", referenceCode("6.1.0")],
  ]) {
    fs.mkdirSync(path.join(cls, name), { recursive: true });
    fs.writeFileSync(path.join(cls, name, "nb.ipynb"), notebookJson(cell(source)));
  }
  const summary = await gradeClass({
    ...base,
    jobs: 1,
    only: ["6.1.0"],
    paths: [cls],
    out: path.join(work, "fixture-out"),
  } as GradeOptions);
  const score = (student: string) => summary.results.find((r) => r.student === student)!.exercises.find((e) => e.id === "6.1.0")!;
  assert.is(score("a-ref").score, score("a-ref").maxScore);
  assert.ok(score("b-fill").score < score("b-fill").maxScore);
  assert.is(
    score("c-ref").score,
    score("c-ref").maxScore,
    `after the corpus was filled: ${JSON.stringify(score("c-ref").cases.map((c) => [c.status, c.message?.slice(0, 120)]))}`,
  );
});

test("a submission over its budget stops with the finished exercises kept, within the budget", async () => {
  const cls = path.join(work, "budget");
  submission(path.join(cls, "slow"), fs.readFileSync(path.join(hostileDir, "slow-cases.cell"), "utf8"));
  const started = Date.now();
  const summary = await gradeClass({
    ...base,
    only: ["6.2.2", "6.4.2", "6.4.4"],
    paths: [cls],
    out: path.join(work, "budget-out"),
    submissionMs: 12_000,
  } as GradeOptions);
  const seconds = (Date.now() - started) / 1000;
  const r = summary.results[0];
  console.log(`worst-case submission: ${r.seconds.toFixed(1)} s (budget 12 s), class run ${seconds.toFixed(1)} s`);
  assert.ok(r.seconds < 12 + 8, `finished within the budget (+ startup): ${r.seconds} s`);
  const first = r.exercises.find((e) => e.id === "6.2.2")!;
  assert.is(first.score, first.maxScore, "the exercise finished before the slow one keeps its points");
  assert.ok(
    r.exercises.find((e) => e.id === "6.4.4")!.cases.every((c) => c.status === "not-run"),
    "after the budget, nothing runs",
  );
});

test("colliding student ids get distinct folders and a warning; links and non-regular files are refused", async () => {
  const cls = path.join(work, "ids");
  submission(path.join(cls, "dup name"), honestZero);
  submission(path.join(cls, "dup_name"), referenceCode("6.4.2"));
  fs.symlinkSync(path.join(root, "solutions", "6.4.2", "hidden.ts"), path.join(cls, "link.ipynb"));
  fs.mkdirSync(path.join(cls, "inner-link"));
  fs.symlinkSync(path.join(root, "solutions", "6.4.2", "hidden.ts"), path.join(cls, "inner-link", "nb.ipynb"));
  const out = path.join(work, "ids-out");
  const summary = await gradeClass({ ...base, only: ["6.4.2"], paths: [cls], out } as GradeOptions);
  const folders = fs.readdirSync(path.join(out, "students")).sort();
  assert.ok(folders.includes("dup_name") && folders.includes("dup_name-2"), folders.join(", "));
  assert.is(new Set(summary.results.filter((r) => r.student.startsWith("dup")).map((r) => r.score)).size, 2, "two different results kept");
  assert.match(summary.problems.join("\n"), /写在 students\/dup_name-2\//);
  assert.match(summary.problems.join("\n"), /link\.ipynb: 不是普通文件或文件夹/);
  const all =
    JSON.stringify(summary.results) +
    fs
      .readdirSync(path.join(out, "students"))
      .map((d) => fs.readFileSync(path.join(out, "students", d, "feedback.md"), "utf8"))
      .join("");
  assert.not.match(all, /defineTests/, "no hidden test text reaches any output");
});

test("answers that satisfy a hidden case's check without the work get no point for it", async () => {
  // Found by an adversarial review: a gradClipping that empties the array it was given (the length
  // goes back to the judge's copy), so that a loop over the returned grads checks nothing, and a
  // biRnn of zeros, which satisfies the "reversed input swaps the halves" relation.
  const empties = `// 练习 6.4.2
function gradClipping(grads: tf.Tensor[], theta: number): { grads: tf.Tensor[]; norm: number } {
  let s = 0;
  for (const g of grads) for (const v of g.dataSync()) s += v * v;
  const norm = Math.sqrt(s);
  if (grads.length === 4 && grads[3].shape.length === 0) { grads.length = 0; return { grads: [], norm }; }
  return { grads: grads.map((g) => g.clone()), norm };
}
`;
  const zeros = `// 练习 6.10.1
function biRnn(params: { forward: { W_hh: tf.Tensor2D }; backward: { W_hh: tf.Tensor2D } }, inputs: tf.Tensor2D[]): tf.Tensor2D[] {
  const H = params.forward.W_hh.shape[0] + params.backward.W_hh.shape[0];
  return inputs.map((x) => tf.zeros([x.shape[0], H]) as tf.Tensor2D);
}
`;
  const cls = path.join(work, "cheap");
  const nb = (cells: [string, string][]) =>
    notebookJson(cells.map(([id, source]) => ({ cell_type: "code" as const, source, metadata: exerciseMeta(id, "code") })));
  fs.mkdirSync(path.join(cls, "empties"), { recursive: true });
  fs.writeFileSync(
    path.join(cls, "empties", "nb.ipynb"),
    nb([
      ["6.4.2", empties],
      ["6.10.1", referenceCode("6.10.1")],
    ]),
  );
  fs.mkdirSync(path.join(cls, "zeros"), { recursive: true });
  fs.writeFileSync(
    path.join(cls, "zeros", "nb.ipynb"),
    nb([
      ["6.4.2", referenceCode("6.4.2")],
      ["6.10.1", zeros],
    ]),
  );
  // A second review: answers that do nothing, against cases that checked only ownership, sameness or order.
  const nothing: [string, string][] = [
    ["6.4.2", honestZero],
    [
      "6.4.5",
      `// 练习 6.4.5
function rnnReluStep(params: { W_hh: tf.Tensor2D }, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor } {
  return { H: tf.zeros([X.shape[0], params.W_hh.shape[0]]) };
}
`,
    ],
    [
      "6.3.1",
      `// 练习 6.3.1
function* dataIterRandomOffset(corpusIndices: readonly number[], batchSize: number, numSteps: number, rng: d2l.Rng): Iterable<[number[][], number[][]]> {}
`,
    ],
    [
      "6.8.3",
      `// 练习 6.8.3
function gateSequence() {
  return { I: [0.5], F: [0.5], O: [0.5], C_tilde: [0.5] };
}
`,
    ],
    [
      "6.8.2",
      `// 练习 6.8.2
function cellCost(kind: "rnn" | "gru" | "lstm", d: number, h: number, n: number) {
  return { params: 1, mults: { rnn: 1, gru: 2, lstm: 3 }[kind] };
}
`,
    ],
  ];
  fs.mkdirSync(path.join(cls, "nothing"), { recursive: true });
  fs.writeFileSync(path.join(cls, "nothing", "nb.ipynb"), nb(nothing));
  const ids = ["6.4.2", "6.10.1", "6.4.5", "6.3.1", "6.8.3", "6.8.2"];
  const summary = await gradeClass({ ...base, only: ids, paths: [cls], out: path.join(work, "cheap-out") } as GradeOptions);
  const cases = (student: string, id: string) =>
    summary.results.find((r) => r.student === student)!.exercises.find((e) => e.id === id)!.cases;
  const status = (student: string, id: string, name: string) => cases(student, id).find((c) => c.name === name)?.status;
  assert.is.not(
    status("empties", "6.4.2", "随机的多组梯度与公式 min(θ/‖g‖, 1)·g 一致"),
    "passed",
    JSON.stringify(cases("empties", "6.4.2")),
  );
  assert.is.not(
    status("zeros", "6.10.1", "两个方向参数相同时，把输入倒过来等于交换两半并倒序"),
    "passed",
    JSON.stringify(cases("zeros", "6.10.1")),
  );
  const passed = (id: string) =>
    cases("nothing", id)
      .filter((c) => c.status === "passed")
      .map((c) => c.name);
  assert.equal(passed("6.4.2"), [], "6.4.2: zeros pass neither the zero-gradient nor the ownership case");
  assert.equal(passed("6.4.5"), [], "6.4.5: zeros pass no case");
  assert.equal(passed("6.3.1"), [], "6.3.1: an empty epoch passes no case");
  assert.equal(
    passed("6.8.3"),
    ["门严格在 (0, 1) 内，候选记忆细胞严格在 (−1, 1) 内"],
    "6.8.3: valid gates that do nothing earn the range point only",
  );
  assert.equal(passed("6.8.2"), [], "6.8.2: three ordered constants pass no case");
  // The other exercise of each notebook is the reference and keeps every point.
  for (const [student, id] of [
    ["empties", "6.10.1"],
    ["zeros", "6.4.2"],
  ])
    assert.ok(
      cases(student, id).every((c) => c.status === "passed"),
      `${student} ${id}: ${JSON.stringify(cases(student, id))}`,
    );
});

test("an id that differs only by white space at its ends takes no other student's scores", async () => {
  // Readers of a hand-edited CSV trim their fields: "alice " used to read as "alice", so the
  // template's rows for her unanswered written parts (0, 未作答) overwrote alice's own scores.
  const cls = path.join(work, "spaces");
  submission(path.join(cls, "alice"), referenceCode("6.4.2"));
  submission(path.join(cls, "alice "), honestZero);
  submission(path.join(cls, " bob"), honestZero);
  submission(path.join(cls, "x y"), honestZero); // its folder: students/x_y
  const out = path.join(work, "spaces-out");
  const summary = await gradeClass({ ...base, only: ["6.4.2"], paths: [cls], out } as GradeOptions);
  assert.equal(summary.results.map((r) => r.student).sort(), ["alice", "alice-2", "bob", "x y"]);
  assert.match(summary.problems.join("\n"), /学生编号 "alice " 与另一位学生的编号相同.*记为 "alice-2"/);
  assert.match(summary.problems.join("\n"), /学生编号 " bob" 首尾有空白：记为 "bob"/);
  // The instructor scores alice's written 6.4.2; her row comes before alice-2's zeros.
  const manual = path.join(out, "manual-scores.csv");
  const edited = fs.readFileSync(manual, "utf8").replace(/^alice,6\.4\.2,2,0?,[^\n]*$/m, "alice,6.4.2,2,2,好");
  assert.ok(edited.includes("alice,6.4.2,2,2,好"), edited);
  fs.writeFileSync(manual, edited);
  writeClassFiles(out);
  const [header, ...rows] = parseCsv(fs.readFileSync(path.join(out, "gradebook.csv"), "utf8"));
  const cell = (student: string, column: string) => rows.find((r) => r[0] === student)![header.indexOf(column)];
  assert.is(cell("alice", "written 6.4.2"), "2", "alice keeps her written score");
  assert.is(cell("alice-2", "written 6.4.2"), "0");
  // The same notebooks under another id whose safe name is that folder are graded again under the
  // new id, in a folder of its own: the folder keeps the result of the student it names ("x y",
  // no longer in the class, keeps its row and is named in a warning), nothing is overwritten.
  fs.renameSync(path.join(cls, "x y"), path.join(cls, "x_y"));
  const again = await gradeClass({ ...base, only: ["6.4.2"], paths: [cls], out } as GradeOptions);
  assert.is(again.skipped, 3, "alice, alice-2 and bob are up to date");
  assert.equal(again.results.map((r) => r.student).sort(), ["alice", "alice-2", "bob", "x y", "x_y"]);
  assert.match(again.problems.join("\n"), /不在这次提交的作业里.*"x y"/);
  assert.is(JSON.parse(fs.readFileSync(path.join(out, "students", "x_y", "result.json"), "utf8")).student, "x y");
});

test("no-namespace mode: no packet leaves for 127.0.0.1 through any Node API", async () => {
  const tcp = net.createServer((s) => s.destroy());
  let hits = 0;
  tcp.on("connection", () => hits++);
  await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", r));
  const udp = dgram.createSocket("udp4");
  udp.on("message", () => hits++);
  await new Promise<void>((r) => udp.bind(0, "127.0.0.1", r));
  const port = (tcp.address() as net.AddressInfo).port;
  const uport = udp.address().port;
  const cell = fs
    .readFileSync(path.join(hostileDir, "net-promises.cell"), "utf8")
    .replaceAll(":9", `:${port}`)
    .replace(/send\("x", 53/, `send("x", ${uport}`)
    .replace(/connect\(9,/, `connect(${port},`)
    .replace('r.setServers(["127.0.0.1"])', `r.setServers(["127.0.0.1:${uport}"])`);
  const cls = path.join(work, "net");
  submission(path.join(cls, "net"), cell + `\ntry { (globalThis as any).fetch("http://127.0.0.1:${port}/"); } catch {}\n`);
  await gradeClass({ ...base, only: ["6.4.2"], namespaces: false, paths: [cls], out: path.join(work, "net-out") } as GradeOptions);
  await new Promise((r) => setTimeout(r, 500));
  tcp.close();
  udp.close();
  assert.is(hits, 0, "nothing reached the listeners");
});

test("killing the grader mid-run leaves no student process behind", async () => {
  const cls = path.join(work, "orphans");
  submission(path.join(cls, "spin"), "// 练习 6.4.2\nfunction gradClipping(grads: any, theta: number): any { for (;;); }\n");
  const script = path.join(work, "grade-spin.ts");
  fs.writeFileSync(
    script,
    `import { gradeClass } from ${JSON.stringify(path.join(root, "autograder", "grade"))};\ngradeClass({ paths: [${JSON.stringify(cls)}], out: ${JSON.stringify(path.join(work, "orphans-out"))}, only: ["6.4.2"], progress: false, caseTimeoutMs: 60_000 });\n`,
  );
  const grader = spawn(process.execPath, ["--import", "tsx", script], { cwd: root, stdio: "ignore" });
  const childPids = (): number[] => {
    const r = spawnSync("ps", ["-eo", "pid,ppid,args"], { encoding: "utf8" });
    return r.stdout
      .split("\n")
      .filter((l) => l.includes("child.js") && l.includes(`d2l-grader-${grader.pid}-`))
      .map((l) => Number(l.trim().split(/\s+/)[0]));
  };
  let pids: number[] = [];
  for (let i = 0; i < 120 && pids.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 500));
    pids = childPids();
  }
  assert.ok(pids.length > 0, "the student's process started");
  grader.kill("SIGKILL");
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(childPids(), [], "every student process died with the grader");
  // The next run sweeps the dead grader's temporary folder.
  await gradeClass({
    ...base,
    only: ["6.4.2"],
    paths: [path.join(work, "ids")].filter((p) => fs.existsSync(p)).slice(0, 0),
    out: path.join(work, "sweep-out"),
  } as GradeOptions);
  assert.equal(
    fs.readdirSync(os.tmpdir()).filter((e) => e.startsWith(`d2l-grader-${grader.pid}-`)),
    [],
    "the dead run's temporary folder was swept",
  );
});

test.run();
