/**
 * The kernel is private to each checkout (issue 14): npm test runs notebooks right after npm ci with
 * an empty home folder, never uses or writes a kernelspec there, and says in one line what to
 * install when Jupyter is missing. Each test runs in a throw-away copy of the workbook.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { notebookSupport } from "../run-notebooks";
import { workbookCopy, WorkbookCopy } from "./workbook-copy";

const jupyter = notebookSupport() === undefined;
const withJupyter = jupyter ? test : test.skip;
if (!jupyter) console.log("Jupyter is missing: the private-kernel tests that execute a notebook are skipped");

let a: WorkbookCopy;
let b: WorkbookCopy;
const homes: string[] = [];
const home = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-home-"));
  homes.push(dir);
  return dir;
};
test.before(() => {
  a = workbookCopy();
  b = workbookCopy();
});
test.after(() => {
  a.remove();
  b.remove();
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

/** Every path under `dir` with its size and modification time. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const st = fs.lstatSync(full);
      out.push(`${full} ${st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out.sort();
}

const uvu = (copy: WorkbookCopy, file: string, env: NodeJS.ProcessEnv) =>
  copy.run(process.execPath, ["--import", "tsx", "node_modules/uvu/bin.js", path.dirname(file), path.basename(file)], env);

withJupyter("npm test's notebook part passes right after npm ci with HOME at an empty folder, and leaves it empty", () => {
  const empty = home();
  // The real user's kernelspecs (other programs on this machine may run Jupyter meanwhile: only the kernelspecs are compared).
  const userJupyter = path.join(os.homedir(), ".local", "share", "jupyter", "kernels");
  const before = listing(userJupyter);
  const r = uvu(a, "test/notebooks.test.ts", { HOME: empty, D2L_NOTEBOOKS: "^import-smoke", CI: "true" });
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Passed:\s+1\b/);
  assert.equal(fs.readdirSync(empty), [], "nothing was written to the (empty) home folder");
  assert.equal(listing(userJupyter), before, "the real ~/.local/share/jupyter/kernels is untouched");
  const spec = JSON.parse(fs.readFileSync(path.join(a.root, ".jupyter-data", "kernels", "tslab", "kernel.json"), "utf8"));
  assert.is(spec.argv[1], path.join(a.root, "node_modules", "tslab", "bin", "tslab"), "the kernel is this copy's own");
});

withJupyter("a global kernelspec named tslab (another clone's, or tslab install) is not used, and two clones keep their own", () => {
  const fake = home();
  const global = path.join(fake, ".local", "share", "jupyter", "kernels", "tslab");
  fs.mkdirSync(global, { recursive: true });
  const bogus = JSON.stringify({ argv: ["/bin/false", "{connection_file}"], display_name: "another clone", language: "typescript" });
  fs.writeFileSync(path.join(global, "kernel.json"), bogus);
  const r = b.tsx("scripts/run-notebooks.ts", ["test/fixtures/import-smoke.ipynb"], { HOME: fake });
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, "1 passed, 0 failed");
  assert.is(fs.readFileSync(path.join(global, "kernel.json"), "utf8"), bogus, "the global kernelspec is left as it was");
  const own = (c: WorkbookCopy) =>
    JSON.parse(fs.readFileSync(path.join(c.root, ".jupyter-data", "kernels", "tslab", "kernel.json"), "utf8")).argv[1];
  assert.is(own(b), path.join(b.root, "node_modules", "tslab", "bin", "tslab"));
  assert.is(own(a), path.join(a.root, "node_modules", "tslab", "bin", "tslab"));
});

withJupyter("npm run kernel -- --user registers a name unique to the checkout and --remove-user takes only that away", () => {
  const fake = home();
  const kernels = path.join(fake, ".local", "share", "jupyter", "kernels");
  fs.mkdirSync(path.join(kernels, "tslab"), { recursive: true });
  fs.writeFileSync(path.join(kernels, "tslab", "kernel.json"), "{}");
  const r = a.tsx("scripts/install-kernel.ts", ["--user"], { HOME: fake });
  assert.is(r.status, 0, r.stderr);
  const names = fs.readdirSync(kernels).sort();
  assert.is(names.length, 2);
  assert.match(names[1], /^tslab-[0-9a-f]{8}$/);
  assert.is(fs.readFileSync(path.join(kernels, "tslab", "kernel.json"), "utf8"), "{}", "the other tslab is untouched");
  const other = b.tsx("scripts/install-kernel.ts", ["--user"], { HOME: fake });
  assert.is(other.status, 0);
  assert.is(fs.readdirSync(kernels).length, 3, "a second clone gets a name of its own");
  const removed = a.tsx("scripts/install-kernel.ts", ["--remove-user"], { HOME: fake });
  assert.is(removed.status, 0, removed.stderr);
  assert.is(fs.readdirSync(kernels).length, 2);
  assert.ok(fs.existsSync(path.join(kernels, "tslab", "kernel.json")));
});

test("without Jupyter, npm test's notebook part says in one line what to install and skips (outside CI)", () => {
  const bin = home(); // an empty PATH: no jupyter
  const r = uvu(a, "test/notebooks.test.ts", { PATH: bin, CI: "" });
  assert.is(r.status, 0, r.stdout + r.stderr);
  const lines = r.stdout.split("\n").filter((l) => /jupyter/i.test(l));
  assert.equal(lines, [
    "Jupyter (jupyter nbconvert) was not found: pip install jupyterlab, or on Debian/Ubuntu apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient; the notebook tests are skipped",
  ]);
  assert.match(r.stdout, /Skipped:\s+(\x1b\[\d+m)?[1-9]/);
  assert.not.match(r.stdout + r.stderr, "Traceback");
  const ci = uvu(a, "test/notebooks.test.ts", { PATH: bin, CI: "true" });
  assert.is.not(ci.status, 0, "in CI a missing Jupyter fails");
  assert.match(ci.stdout + ci.stderr, "Jupyter (jupyter nbconvert) was not found");
});

test.run();
