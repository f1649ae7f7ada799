/**
 * The build-freshness check (scripts/lib/fresh-build.ts) on a small throw-away workspace of one
 * package with two modules, built by the real tsc.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensureFreshBuild, staleBuilds } from "../lib/fresh-build";

const CONFIG = JSON.stringify({
  compilerOptions: { outDir: "dist", rootDir: "src", module: "commonjs", target: "ES2022", types: [], skipLibCheck: true },
  include: ["src"],
});

function workspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-fresh-"));
  fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "w", private: true, workspaces: ["pkg"] }));
  fs.symlinkSync(path.resolve(__dirname, "..", "..", "node_modules"), path.join(root, "node_modules"));
  fs.mkdirSync(path.join(root, "pkg", "src", "sub"), { recursive: true });
  fs.writeFileSync(path.join(root, "pkg", "package.json"), JSON.stringify({ name: "d2l-fresh-test-pkg" }));
  fs.writeFileSync(path.join(root, "pkg", "tsconfig.json"), CONFIG);
  fs.writeFileSync(path.join(root, "pkg", "src", "a.ts"), "export const a = 1;\n");
  fs.writeFileSync(path.join(root, "pkg", "src", "sub", "b.ts"), "export const b = 2;\n");
  fs.writeFileSync(path.join(root, "pkg", "src", "types.d.ts"), "export {};\n");
  return root;
}

/** Sets a file's times `seconds` into the past, so a later write is measurably newer. */
function age(file: string, seconds: number): void {
  const t = new Date(Date.now() - seconds * 1000);
  fs.utimesSync(file, t, t);
}

/** The sources a minute older than now (as if the build came after them). */
const ageSources = (root: string) => ["tsconfig.json", "src/a.ts", "src/sub/b.ts"].forEach((f) => age(path.join(root, "pkg", f), 60));

/** Builds the workspace, then ages its sources: a fresh build. */
function builtAndAged(root: string): void {
  ensureFreshBuild(root, () => {});
  ageSources(root);
}

test("an unbuilt package is built, then left alone while nothing changes", () => {
  const root = workspace();
  try {
    assert.equal([...[...staleBuilds(root).values()][0].reasons], ["pkg: not built yet"]);
    const lines: string[] = [];
    assert.ok(ensureFreshBuild(root, (l) => lines.push(l)));
    assert.equal(lines, ["pkg: the build is older than its sources (pkg: not built yet); rebuilding"]);
    assert.match(fs.readFileSync(path.join(root, "pkg", "dist", "sub", "b.js"), "utf8"), /b = 2/);
    ageSources(root);
    assert.equal(staleBuilds(root).size, 0);
    assert.not.ok(ensureFreshBuild(root, (l) => lines.push(l)));
    assert.equal(lines.length, 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("a source edited after the build, a new source and a changed tsconfig each make it stale", () => {
  const root = workspace();
  try {
    builtAndAged(root);
    fs.writeFileSync(path.join(root, "pkg", "src", "sub", "b.ts"), "export const b = 3;\n");
    assert.equal([...[...staleBuilds(root).values()][0].reasons], ["pkg/src/sub/b.ts changed since the build"]);
    age(path.join(root, "pkg", "src", "sub", "b.ts"), 60);
    fs.writeFileSync(path.join(root, "pkg", "src", "c.ts"), "export const c = 1;\n");
    assert.equal([...[...staleBuilds(root).values()][0].reasons], ["pkg/src/c.ts has not been built"]);
    fs.rmSync(path.join(root, "pkg", "src", "c.ts"));
    fs.writeFileSync(path.join(root, "pkg", "tsconfig.json"), CONFIG);
    assert.equal([...[...staleBuilds(root).values()][0].reasons], ["pkg/tsconfig.json changed since the build"]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("a built module whose source is gone: dist is cleared and rebuilt, the sources are untouched", () => {
  const root = workspace();
  try {
    builtAndAged(root);
    fs.writeFileSync(path.join(root, "pkg", "dist", "moved.js"), "");
    const found = [...staleBuilds(root).values()][0];
    assert.ok(found.orphans);
    assert.equal([...found.reasons], ["pkg/dist/moved.js has no source any more"]);
    const lines: string[] = [];
    ensureFreshBuild(root, (l) => lines.push(l));
    assert.match(lines[0], /^pkg: the build is older than its sources \(pkg\/dist\/moved.js has no source any more\); rebuilding$/);
    assert.not.ok(fs.existsSync(path.join(root, "pkg", "dist", "moved.js")));
    assert.ok(fs.existsSync(path.join(root, "pkg", "dist", "a.js")));
    assert.equal(fs.readFileSync(path.join(root, "pkg", "src", "a.ts"), "utf8"), "export const a = 1;\n");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("a failing build is an error naming the command", () => {
  const root = workspace();
  try {
    fs.writeFileSync(path.join(root, "pkg", "src", "a.ts"), "export const a: number = 'one';\n");
    assert.throws(() => ensureFreshBuild(root, () => {}), /tsc -p pkg failed \(exit 2\): fix the errors above/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("this checkout's packages are read from its own tsconfig files", () => {
  // Fresh right after `npm run build` (npm test builds first); an exercise's solution.ts, hidden.ts and
  // wrong/ variants are not part of the package and never make it stale.
  const root = path.resolve(__dirname, "..", "..");
  const stale = staleBuilds(root);
  assert.equal(
    [...stale].map(([ws, s]) => `${ws}: ${s.reasons.join("; ")}`),
    [],
  );
});

test.run();
