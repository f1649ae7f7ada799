/**
 * Issue 14, one test per row: what a new user did, run in a throw-away copy of the workbook. Each
 * checks the exit status, the message, and that nothing the user had was lost.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs as parseGradeArgs } from "../../autograder/grade";
import { workbookCopy, WorkbookCopy } from "./workbook-copy";

let copy: WorkbookCopy;
test.before(() => {
  copy = workbookCopy();
});
test.after(() => copy.remove());

const read = (f: string) => fs.readFileSync(path.join(copy.root, f), "utf8");
const NB = "06.1-language-model.ipynb";

/** A notebook as Jupyter leaves it after a run: outputs, counts and an answer typed into an exercise cell. */
function usedNotebook(text: string): string {
  const nb = JSON.parse(text) as {
    cells: {
      cell_type: string;
      source: string[];
      outputs?: unknown[];
      execution_count?: number | null;
      metadata: { d2l?: { part?: string } };
    }[];
  };
  let n = 0;
  for (const c of nb.cells) {
    if (c.cell_type !== "code") continue;
    c.execution_count = ++n;
    c.outputs = [{ output_type: "stream", name: "stdout", text: ["ran\n"] }];
    if (c.metadata.d2l?.part === "code") c.source = [...c.source, "\n// 我的答案：写了一个小时"];
  }
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Runs a command in its own process group, sends the group SIGINT (a terminal's Ctrl-C) once `ready` shows on stdout. */
function interrupt(command: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: copy.root, env: { ...process.env, ...env }, detached: true });
    let out = "";
    let sent = false;
    const timer = setTimeout(() => {
      process.kill(-child.pid!, "SIGKILL");
      reject(new Error(`timed out:\n${out}`));
    }, 120_000);
    const take = (chunk: Buffer) => {
      out += chunk.toString();
      if (!sent && ready.test(out)) {
        sent = true;
        process.kill(-child.pid!, "SIGINT");
      }
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

test("bench --only foo exits non-zero, names the argument and the choices, and leaves bench/results alone", () => {
  const before = read("bench/results/latest.json");
  const r = copy.tsx("bench/bench.ts", ["--quick", "--no-pytorch", "--only", "foo"]);
  assert.is(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    'bench: --only: expected text contained in one of rnn/scratch, rnn/concise, rnn/fused-concise, gru/scratch, gru/concise, gru/fused-concise, lstm/scratch, lstm/concise, lstm/fused-concise, got "foo"',
  );
  assert.is(read("bench/results/latest.json"), before);
  assert.is(copy.changes(), "", "nothing in the copy changed");
});

test("bench --out on a folder it did not make is refused before any training", () => {
  fs.mkdirSync(path.join(copy.root, "mine"));
  fs.writeFileSync(path.join(copy.root, "mine", "notes.txt"), "keep");
  const r = copy.tsx("bench/bench.ts", ["--quick", "--no-pytorch", "--only", "rnn/scratch", "--out", "mine"]);
  assert.is(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    "bench: --out mine: expected an empty folder or one made by npm run bench (with .d2l-output.json), got a folder of 1 entries it did not make (notes.txt)",
  );
  assert.equal(fs.readdirSync(path.join(copy.root, "mine")), ["notes.txt"]);
  assert.is(read("mine/notes.txt"), "keep");
  fs.rmSync(path.join(copy.root, "mine"), { recursive: true });
});

test("quality --only foo exits non-zero naming the runs, and reports/ is untouched", () => {
  const r = copy.tsx("scripts/quality.ts", ["--quick", "--only", "foo"]);
  assert.is(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    "quality: --only: expected texts contained in rnn-scratch-random, rnn-scratch-consecutive, gru-scratch-consecutive",
  );
  assert.match(r.stderr, 'got "foo" (matches no run; nothing was run or written)');
  assert.not.match(r.stdout, "wrote");
  assert.is(copy.changes(), "");
});

test("running a working copy in Jupyter leaves the build intact: npm test's check passes and npm start never rewrites the copy", () => {
  const init = copy.tsx("scripts/workspace.ts", ["init"]);
  assert.is(init.status, 0, init.stderr);
  assert.match(init.stdout, "made your working copies in workspace/");
  const mine = path.join(copy.root, "workspace", NB);
  const used = usedNotebook(fs.readFileSync(mine, "utf8"));
  fs.writeFileSync(mine, used); // what Jupyter's autosave writes
  const check = copy.tsx("scripts/build-notebooks.ts", ["--check"]);
  assert.is(check.status, 0, check.stdout + check.stderr);
  assert.is(copy.run("bash", ["scripts/start.sh", "--help"]).status, 0);
  assert.is(copy.tsx("scripts/workspace.ts", ["init"]).status, 0);
  assert.is(fs.readFileSync(mine, "utf8"), used, "a second npm start leaves the copy as the student left it");
  assert.is(copy.changes(), "", "workspace/ is ignored, nothing tracked changed");
  const restore = copy.tsx("scripts/workspace.ts", ["restore", "06.1"]);
  assert.is(restore.status, 0, restore.stderr);
  const backup = /your previous copy is (\S+)/.exec(restore.stdout)?.[1];
  assert.ok(backup, restore.stdout);
  assert.is(fs.readFileSync(path.join(copy.root, backup!), "utf8"), used, "the restored-over copy is kept");
  assert.is(fs.readFileSync(mine, "utf8"), read(`notebooks/${NB}`));
  const bad = copy.tsx("scripts/workspace.ts", ["restore", "6.99"]);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, "restore: expected a notebook such as 06.4 or 06.1-language-model (one of 06.1-language-model, ");
  assert.match(bad.stderr, 'got "6.99"');
  fs.rmSync(path.join(copy.root, "workspace"), { recursive: true });
});

test("npm run notebooks (and --help) never erase an answer: refused without --force, backed up with it", () => {
  const file = path.join(copy.root, "notebooks", NB);
  const pristine = fs.readFileSync(file, "utf8");
  const used = usedNotebook(pristine);
  fs.writeFileSync(file, used);
  const help = copy.tsx("scripts/build-notebooks.ts", ["--help"]);
  assert.is(help.status, 0);
  assert.match(help.stdout, "usage: npm run notebooks");
  assert.is(fs.readFileSync(file, "utf8"), used, "--help wrote nothing");
  const r = copy.tsx("scripts/build-notebooks.ts", []);
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, `build-notebooks: notebooks/${NB}: not replaced, it holds work (cell `);
  assert.match(r.stderr, "pass --force to replace it (a backup is kept)");
  assert.is(fs.readFileSync(file, "utf8"), used, "the answer is still there");
  const forced = copy.tsx("scripts/build-notebooks.ts", ["--force"]);
  assert.is(forced.status, 0, forced.stderr);
  assert.is(fs.readFileSync(file, "utf8"), pristine);
  const backups = fs.readdirSync(path.join(copy.root, "notebooks", ".backup"));
  assert.is(backups.length, 1);
  assert.is(fs.readFileSync(path.join(copy.root, "notebooks", ".backup", backups[0]), "utf8"), used);
  assert.is(copy.changes(), "");
  const unknown = copy.tsx("scripts/build-notebooks.ts", ["--solution", "x"]);
  assert.is(unknown.status, 2);
  assert.match(unknown.stderr, 'build-notebooks: unknown argument "--solution"; expected --check, --solutions DIR, --force or --help');
  fs.rmSync(path.join(copy.root, "notebooks", ".backup"), { recursive: true });
});

test("npm run notebooks -- --solutions DIR refuses a folder it did not make", () => {
  const dir = path.join(copy.root, "thesis");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "chapter1.tex"), "keep");
  const r = copy.tsx("scripts/build-notebooks.ts", ["--solutions", "thesis"]);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, "notebooks: --solutions thesis: expected an empty folder or one made by npm run notebooks");
  assert.equal(fs.readdirSync(dir), ["chapter1.tex"]);
  fs.rmSync(dir, { recursive: true });
});

test("grade: a path that does not exist exits 2 naming it, and --out is not created", () => {
  const r = copy.tsx("autograder/grade.ts", ["/nonexistent", "--out", "g"]);
  assert.is(r.status, 2, r.stderr);
  assert.is(
    r.stderr.trim(),
    "grade: /nonexistent: expected a notebook, a student folder or a class folder, got no such file or folder; nothing was written",
  );
  assert.not.ok(fs.existsSync(path.join(copy.root, "g")));
});

test("grade: a stray notebook beside the students' folders is refused naming both kinds and --layout", () => {
  const cls = path.join(copy.root, "class");
  for (const f of ["alice/a.ipynb", "bob/notebooks/b.ipynb", "stray.ipynb"]) {
    fs.mkdirSync(path.dirname(path.join(cls, f)), { recursive: true });
    fs.copyFileSync(path.join(copy.root, "notebooks", NB), path.join(cls, f));
  }
  const r = copy.tsx("autograder/grade.ts", ["class", "--out", "g"]);
  assert.is(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    "grade: class: expected either one student's notebooks or a class of student folders, got both: notebooks stray.ipynb and student folders alice/, bob/; pass --layout class",
  );
  assert.match(r.stderr, "--layout student to grade the whole folder as one student");
  assert.not.ok(fs.existsSync(path.join(copy.root, "g")));
  assert.not.ok(fs.existsSync(path.join(copy.root, "g")));
  const layout = copy.tsx("autograder/grade.ts", ["class", "--out", "g", "--layout", "class", "--only", "6.1.1", "--case-timeout", "0"]);
  assert.is(layout.status, 2, "with --layout class the folder is accepted; the next bad value stops the run");
  assert.match(layout.stderr, 'grade: --case-timeout: expected a positive integer, got "0"');
  fs.rmSync(cls, { recursive: true });
});

test("grade: an unknown layout, a value out of range and an unknown exercise id name the argument", () => {
  assert.throws(
    () => parseGradeArgs(["c", "--out", "g", "--layout", "classes"]),
    /^grade: --layout: expected auto, class or student, got "classes"$/,
  );
  assert.throws(() => parseGradeArgs(["c", "--out", "g", "--jobs", "0"]), /^grade: --jobs: expected a positive integer, got "0"$/);
  assert.throws(
    () => parseGradeArgs(["c", "--out", "g", "--only", "6.4.2,6.99.1"]),
    /^grade: --only: expected exercise ids among 6\.1\.0, .*got "6\.99\.1"$/,
  );
  assert.throws(() => parseGradeArgs(["c", "--out"]), /^grade: --out: expected a value, got nothing$/);
  assert.throws(() => parseGradeArgs(["c"]), /^grade: --out: expected the grading folder, got nothing/);
});

test("grade: the log says graded (not ✓), a rerun resumes its own folder, and a folder it did not make is refused", () => {
  const cls = path.join(copy.root, "class2");
  fs.mkdirSync(path.join(cls, "alice"), { recursive: true });
  fs.copyFileSync(path.join(copy.root, "notebooks", NB), path.join(cls, "alice", NB));
  const args = ["class2", "--out", "graded", "--only", "6.1.1", "--public-only", "--jobs", "1"];
  const first = copy.tsx("autograder/grade.ts", args);
  assert.is(first.status, 0, first.stderr);
  assert.match(first.stdout, /^graded alice: 0\/\d+ \(/m);
  assert.not.match(first.stdout, "✓");
  const again = copy.tsx("autograder/grade.ts", args);
  assert.is(again.status, 0, again.stderr);
  assert.match(again.stdout, /^skipped \(up to date\) alice: 0\/\d+/m);
  fs.mkdirSync(path.join(copy.root, "mine"));
  fs.writeFileSync(path.join(copy.root, "mine", "grades.xlsx"), "keep");
  const refused = copy.tsx("autograder/grade.ts", ["class2", "--out", "mine", "--only", "6.1.1"]);
  assert.is(refused.status, 2);
  assert.match(
    refused.stderr,
    "grade: --out mine: expected an empty folder or one made by npm run grade (with .d2l-output.json), got a folder of 1 entries it did not make (grades.xlsx)",
  );
  assert.equal(fs.readdirSync(path.join(copy.root, "mine")), ["grades.xlsx"]);
  for (const d of [cls, path.join(copy.root, "graded"), path.join(copy.root, "mine")]) fs.rmSync(d, { recursive: true });
});

test("every script answers --help with exit 0 and writes nothing", () => {
  const runs: [string, string[]][] = [
    ["scripts/build-notebooks.ts", ["--help"]],
    ["scripts/install-kernel.ts", ["--help"]],
    ["scripts/run-notebooks.ts", ["--help"]],
    ["scripts/quality.ts", ["--help"]],
    ["scripts/demo.ts", ["--help"]],
    ["scripts/workspace.ts", ["restore", "--help"]],
    ["bench/bench.ts", ["--help"]],
    ["autograder/grade.ts", ["--help"]],
    ["autograder/exercises.ts", ["--help"]],
    ["autograder/throughput.ts", ["--help"]],
  ];
  for (const [script, args] of runs) {
    const r = copy.tsx(script, args);
    assert.is(r.status, 0, `${script}: ${r.stderr}`);
    assert.match(r.stdout, "usage: ", script);
  }
  for (const sh of ["scripts/start.sh", "scripts/test.sh"]) {
    const r = copy.run("bash", [sh, "--help"]);
    assert.is(r.status, 0, sh);
    assert.match(r.stdout, "usage: ", sh);
  }
  assert.is(copy.changes(), "");
  assert.not.ok(fs.existsSync(path.join(copy.root, ".jupyter-data")), "npm run kernel -- --help registered nothing");
  assert.not.ok(fs.existsSync(path.join(copy.root, "workspace")));
});

test("the quick start says how to get the corpus without internet, in English and in Chinese", () => {
  const readme = read("README.md");
  const quick = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("## 中文说明"));
  const chinese = readme.slice(readme.indexOf("## 中文说明"), readme.indexOf("## Layout"));
  for (const [name, part] of [
    ["Quick start", quick],
    ["中文说明", chinese],
  ]) {
    assert.match(part, "D2L_DATA_DIR", name);
    assert.match(part, "data/cache/", name);
    assert.match(part, "jaychou_lyrics.txt.zip", name);
  }
  const offline = copy.tsx("scripts/demo.ts", ["--epochs", "1"], { D2L_OFFLINE: "1", D2L_DATA_DIR: path.join(copy.root, "no-data") });
  assert.is(offline.status, 1);
  assert.match(offline.stderr, "D2L_DATA_DIR");
});

for (const [how, args, env] of [
  ["npm run demo", ["run", "demo", "--"], {}],
  ["npm start (D2L_START=demo)", ["start", "--"], { D2L_START: "demo" }],
] as const) {
  test(`Ctrl-C in the demo through ${how} stops after the batch and prints the summary`, async () => {
    const r = await interrupt("npm", [...args, "--epochs", "100"], /epoch 1\//, env);
    assert.match(r.out, /Stopped \(aborted\) after \d+ epochs/, r.out);
    assert.match(r.out, /\n - 分开/);
    assert.match(r.out, /\n - 不分开/);
  });
}

test.run();
