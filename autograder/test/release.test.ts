/**
 * The release: the student workbook carries no solution and no hidden test; the Gradescope bundle
 * has its entry points and the hidden tests, and grades a submission into results.json.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { buildRelease, findLeaks, parseReleaseArgs, secretTexts } from "../release";
import { filesUnder } from "../cells";
import { wholeChapterNotebook } from "../synthetic";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-release-test-"));
fs.chmodSync(work, 0o755); // run_autograder's student process (nobody) crosses it to the bundle's packages
const root = path.resolve(__dirname, "..", "..");
let summary: Awaited<ReturnType<typeof buildRelease>>;

test.before(async () => {
  summary = await buildRelease(path.join(work, "release"));
});
test.after(() => fs.rmSync(work, { recursive: true, force: true }));

test("the student release contains no solution region, hidden test or known-wrong variant", () => {
  assert.ok(secretTexts().length > 20, "there are secrets to look for");
  assert.equal(summary.leaks, []);
  const files = filesUnder(summary.student);
  for (const bad of ["solutions/", "autograder/hostile/", "autograder/written/"]) {
    assert.equal(
      files.filter((f) => f.startsWith(bad)),
      [],
      `nothing under ${bad}`,
    );
  }
  assert.ok(files.includes(path.join("exercises", "6.4.2", "public.ts")), "public tests ship");
  for (const f of files.filter((f) => f.startsWith("exercises/")))
    assert.not.match(f, /(solution|hidden)\.ts$|answer\.md$|\/wrong\//, `${f} must not ship`);
  assert.ok(files.includes(path.join(".github", "workflows", "classroom.yml")));
  assert.ok(
    files.some((f) => /^notebooks\/06\.\d+-.*\.ipynb$/.test(f)),
    "notebooks ship",
  );
  assert.ok(files.includes(path.join("notebooks", "figures", "bi-rnn.svg")), "the figures the notebooks show ship");
  assert.equal(
    files.filter((f) => f.startsWith("notebooks/src/")),
    [],
    "notebook sources stay behind",
  );
});

test("the leak scan finds a planted solution region and a planted hidden-test line", () => {
  const planted = path.join(work, "planted");
  fs.mkdirSync(planted, { recursive: true });
  const region = secretTexts().find((s) => s.what.startsWith("solution region"))!;
  fs.writeFileSync(path.join(planted, "a.ts"), `// copied\n${region.text}\n`);
  const line = secretTexts().find((s) => s.what.startsWith("a line of hidden tests"))!;
  fs.writeFileSync(path.join(planted, "b.md"), `text ${line.text} text`);
  const leaks = findLeaks(planted);
  assert.is(leaks.length >= 2, true, leaks.join("\n"));
});

test("the Gradescope bundle has executable entry points, the hidden tests and no solutions", () => {
  const entries = unzipSync(new Uint8Array(fs.readFileSync(summary.gradescope)));
  const names = Object.keys(entries);
  for (const f of [
    "setup.sh",
    "run_autograder",
    "package.json",
    "package-lock.json",
    "autograder/grade.ts",
    "exercises/6.4.2/hidden.ts",
    "exercises/6.4.2/public.ts",
  ]) {
    assert.ok(names.includes(f), f);
  }
  assert.equal(
    names.filter((n) => n.startsWith("solutions/") || /(solution\.ts|answer\.md)$|\/wrong\//.test(n)),
    [],
  );
  const listing = spawnSync("unzip", ["-Z", summary.gradescope], { encoding: "utf8" });
  if (listing.status === 0) assert.match(listing.stdout, /-rwxr-xr-x .* run_autograder/);
});

test("run_autograder grades a submission into Gradescope's results.json", () => {
  // A stand-in for /autograder: the bundle's source with this workbook's node_modules.
  const ag = path.join(work, "ag");
  const entries = unzipSync(new Uint8Array(fs.readFileSync(summary.gradescope)));
  for (const [name, data] of Object.entries(entries)) {
    const target = ["setup.sh", "run_autograder"].includes(name) ? path.join(ag, name) : path.join(ag, "source", name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, data);
  }
  // This workbook's installed packages, except that d2lzh and d2lzh-exercises are the bundle's own
  // lib/ and exercises/ (built here as setup.sh's npm ci would), so the bundle is what gets tested.
  const modules = path.join(ag, "source", "node_modules");
  fs.mkdirSync(modules);
  for (const e of fs.readdirSync(path.join(root, "node_modules"))) {
    const own = { d2lzh: "lib", "d2lzh-exercises": "exercises" }[e];
    fs.symlinkSync(own ? path.join(ag, "source", own) : path.join(root, "node_modules", e), path.join(modules, e));
  }
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  for (const p of ["lib", "exercises"]) {
    const built = spawnSync(process.execPath, [tsc, "-p", path.join(ag, "source", p)], { encoding: "utf8" });
    assert.is(built.status, 0, `${p}: ${built.stdout}${built.stderr}`);
  }
  fs.mkdirSync(path.join(ag, "submission", "my-upload", "notebooks"), { recursive: true });
  fs.writeFileSync(path.join(ag, "submission", "my-upload", "notebooks", "06-all.ipynb"), wholeChapterNotebook());
  const r = spawnSync("bash", [path.join(ag, "run_autograder")], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, D2L_AUTOGRADER_ROOT: ag, D2L_GRADER_USER: "nobody" },
  });
  assert.is(r.status, 0, r.stderr);
  const results = JSON.parse(fs.readFileSync(path.join(ag, "results", "results.json"), "utf8"));
  const max = results.tests.reduce((s: number, t: { max_score: number }) => s + t.max_score, 0);
  assert.ok(max > 0);
  assert.is(results.score, max, JSON.stringify(results.tests.filter((t: { status: string }) => t.status !== "passed")));
  assert.ok(
    results.tests.some((t: { visibility: string }) => t.visibility === "after_published"),
    "hidden tests ran",
  );
});

/** The message of the error `run` rejects with (fails when it resolves). */
async function rejection(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error("expected a refusal, the release was built");
}

test("the release refuses a folder it did not make, the checkout, a file and a mistyped argument, and writes nothing", async () => {
  const theirs = path.join(work, "theirs");
  fs.mkdirSync(theirs);
  fs.writeFileSync(path.join(theirs, "notes.txt"), "mine");
  assert.match(
    await rejection(() => buildRelease(theirs)),
    /release: --out .*theirs: expected an empty folder or one made by npm run release .*got a folder of 1 entries it did not make \(notes\.txt\)/,
  );
  assert.is(fs.readFileSync(path.join(theirs, "notes.txt"), "utf8"), "mine", "the unrelated file is still there");
  assert.equal(fs.readdirSync(theirs), ["notes.txt"], "nothing was added");
  assert.match(await rejection(() => buildRelease(root)), /expected a folder of its own, got the repository/);
  assert.ok(fs.existsSync(path.join(root, ".git")), "the checkout is intact");
  const file = path.join(work, "a-file");
  fs.writeFileSync(file, "x");
  assert.match(await rejection(() => buildRelease(file)), /expected a folder, got a file \(1 bytes\)/);
  assert.is(fs.readFileSync(file, "utf8"), "x");
  assert.match(await rejection(() => buildRelease(path.join(work, "release"))), /pass --force to replace it/);
  assert.throws(() => parseReleaseArgs(["--out"]), /release: --out: expected a folder, got nothing/);
  assert.throws(() => parseReleaseArgs(["--outt", "x"]), /release: unknown argument "--outt"/);
  assert.throws(() => parseReleaseArgs([]), /release: --out: expected a folder, got nothing/);
  assert.is(parseReleaseArgs(["--help"]), "help");
});

test("the student release has the students' README and advertises only scripts it contains", () => {
  const readme = fs.readFileSync(path.join(summary.student, "README.md"), "utf8");
  assert.match(readme, /student edition/);
  assert.match(readme, /## 中文说明/);
  assert.not.match(readme, /npm run release|Gradescope bundle|hidden tests live/);
  const pkg = JSON.parse(fs.readFileSync(path.join(summary.student, "package.json"), "utf8")) as { scripts: Record<string, string> };
  for (const [name, cmd] of Object.entries(pkg.scripts)) {
    const file = /(?:tsx|bash|node(?: --import tsx)?)\s+(\S+\.(?:ts|sh|js))/.exec(cmd)?.[1];
    if (file) assert.ok(fs.existsSync(path.join(summary.student, file)), `npm run ${name} needs ${file}`);
  }
  assert.not.ok(
    "release" in pkg.scripts || "figures" in pkg.scripts || "exercises" in pkg.scripts || "grade:written" in pkg.scripts,
    "instructor scripts are not advertised",
  );
});

test("the student release installs with its own npm ci and passes its own npm test", () => {
  // A copy, so that installing leaves the release as built. One notebook stands for all ten (each
  // is executed by the workbook's own notebook tests); everything else of its npm test runs.
  const copy = path.join(work, "student-copy");
  fs.cpSync(summary.student, copy, { recursive: true });
  const env = { ...process.env, D2L_NOTEBOOKS: "^06\\.2-" };
  const ci = spawnSync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], {
    cwd: copy,
    encoding: "utf8",
    env,
    timeout: 300_000,
  });
  assert.is(ci.status, 0, `npm ci in the student release:\n${ci.stdout.slice(-2000)}${ci.stderr.slice(-2000)}`);
  const t = spawnSync("npm", ["test"], { cwd: copy, encoding: "utf8", env, timeout: 900_000 });
  const last = t.stdout.trim().split("\n").pop() ?? "";
  const failures = t.stdout
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n")
    .filter((l) => /FAIL/.test(l));
  assert.is(t.status, 0, `npm test in the student release ended: ${last}\n${failures.join("\n")}\n${t.stderr.slice(-1500)}`);
  assert.match(last, /^\d+ passed, 0 failed$/);
});

test.run();
