import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkOutputFolder, MARKER, markerOf, openOutputFolder, OutputError, replaceFolder } from "../lib/output";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-output-test-"));
const repo = path.join(work, "repo");
fs.mkdirSync(path.join(repo, "sub"), { recursive: true });
const opts = { command: "demo-cmd", repoRoot: repo };
test.after(() => fs.rmSync(work, { recursive: true, force: true }));

/** Every file under `dir` with its contents, to compare before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

test("replaceFolder builds a new folder with the marker and the files of fill", async () => {
  const out = path.join(work, "new");
  await replaceFolder(out, opts, (dir) => fs.writeFileSync(path.join(dir, "a.txt"), "A"));
  assert.equal(Object.keys(snapshot(out)).sort(), [MARKER, "a.txt"]);
  assert.is(markerOf(out), "demo-cmd");
});

test("replaceFolder refuses a non-empty folder it did not make and leaves its file", async () => {
  const out = path.join(work, "theirs");
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, "thesis.tex"), "years of work");
  let called = false;
  await replaceFolder(out, opts, () => {
    called = true;
  }).then(
    () => assert.unreachable("should refuse"),
    (err) => {
      assert.instance(err, OutputError);
      assert.match(err.message, `demo-cmd: --out ${out}: expected an empty folder or one made by npm run demo-cmd`);
      assert.match(err.message, "got a folder of 1 entries it did not make (thesis.tex)");
    },
  );
  assert.is(called, false, "fill never ran");
  assert.equal(snapshot(out), { "thesis.tex": "years of work" });
});

test("replaceFolder replaces its own output only with force", async () => {
  const out = path.join(work, "ours");
  await replaceFolder(out, opts, (dir) => fs.writeFileSync(path.join(dir, "old.txt"), "old"));
  await replaceFolder(out, opts, () => undefined).then(
    () => assert.unreachable("should refuse"),
    (err) => assert.match(err.message, "got an earlier output of npm run demo-cmd; pass --force to replace it"),
  );
  assert.is(fs.readFileSync(path.join(out, "old.txt"), "utf8"), "old");
  await replaceFolder(out, { ...opts, force: true }, (dir) => fs.writeFileSync(path.join(dir, "new.txt"), "new"));
  assert.equal(Object.keys(snapshot(out)).sort(), [MARKER, "new.txt"]);
  assert.equal(
    fs.readdirSync(work).filter((f) => f.includes(".tmp-")),
    [],
    "no temporary sibling is left",
  );
});

test("force does not extend to another command's output", async () => {
  const out = path.join(work, "other");
  await replaceFolder(out, { ...opts, command: "bench" }, (dir) => fs.writeFileSync(path.join(dir, "b.txt"), "b"));
  await replaceFolder(out, { ...opts, force: true }, () => undefined).then(
    () => assert.unreachable("should refuse"),
    (err) => assert.match(err.message, "got the output of npm run bench"),
  );
  assert.is(fs.readFileSync(path.join(out, "b.txt"), "utf8"), "b");
});

test("a failure while filling leaves the old output intact and no temporary folder", async () => {
  const out = path.join(work, "failing");
  await replaceFolder(out, opts, (dir) => fs.writeFileSync(path.join(dir, "good.txt"), "good"));
  await replaceFolder(out, { ...opts, force: true }, (dir) => {
    fs.writeFileSync(path.join(dir, "half.txt"), "half");
    throw new Error("disk full");
  }).then(
    () => assert.unreachable("should fail"),
    (err) => assert.is(err.message, "disk full"),
  );
  assert.equal(snapshot(out), { [MARKER]: snapshot(out)[MARKER], "good.txt": "good" });
  assert.equal(
    fs.readdirSync(work).filter((f) => f.includes(".tmp-")),
    [],
  );
});

test("the repository, its parents, the current folder and the home folder are refused", () => {
  for (const [target, what] of [
    [repo, "got the repository"],
    [work, "got a parent of the repository"],
    [os.homedir(), "got your home folder"],
    [process.cwd(), "the current folder"],
    ["/", "a parent of"],
  ] as const) {
    assert.throws(
      () => checkOutputFolder(target, opts),
      (err: Error) => err instanceof OutputError && err.message.includes(what),
      target,
    );
  }
  assert.is(checkOutputFolder(path.join(repo, "sub"), opts), "empty", "a folder inside the repository is fine");
});

test("a file or a symbolic link where a folder is expected is refused and left as it is", () => {
  const file = path.join(work, "passwd");
  fs.writeFileSync(file, "root:x:0:0");
  assert.throws(() => checkOutputFolder(file, opts), /expected a folder, got a file \(10 bytes\)/);
  const link = path.join(work, "link");
  fs.symlinkSync(path.join(repo, "sub"), link);
  assert.throws(() => checkOutputFolder(link, opts), /expected a folder, got a symbolic link/);
  assert.is(fs.readFileSync(file, "utf8"), "root:x:0:0");
});

test("openOutputFolder marks a new folder, rewrites its own files and writes nothing outside", () => {
  const out = path.join(work, "results");
  const folder = openOutputFolder(out, opts);
  folder.write("latest.json", "{}\n");
  folder.write("latest.json", '{"v":2}\n');
  assert.is(fs.readFileSync(path.join(out, "latest.json"), "utf8"), '{"v":2}\n');
  assert.is(markerOf(out), "demo-cmd");
  fs.writeFileSync(path.join(out, "kept-by-hand.md"), "mine");
  openOutputFolder(out, opts).write("latest.md", "x");
  assert.is(fs.readFileSync(path.join(out, "kept-by-hand.md"), "utf8"), "mine", "other files in an own folder stay");
  assert.throws(() => folder.write("../escape.txt", "x"), /expected a file inside/);
  assert.throws(() => folder.write("/etc/x", "x"), /expected a file inside/);
  assert.not.ok(fs.existsSync(path.join(work, "escape.txt")));
  assert.throws(() => openOutputFolder(path.join(work, "theirs"), opts), /it did not make/);
});

test.run();
