/**
 * Imports run one way: an exercise imports only tfjs, d2lzh, the test framework (d2lzh/check), the
 * shared exercise helpers and its own files; lib/ never imports the exercises; nothing anywhere
 * imports one of our build outputs (`d2lzh-exercises/dist/…`, `../dist/…`). Read from the import statements of the source files.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { readSpecifiers } from "../../lib/test/import-rules";

const root = path.resolve(__dirname, "..", "..");

/** The module specifiers a TypeScript source names, in order (the library's import test reads them the same way). */
export function importsOf(file: string, text: string): string[] {
  return readSpecifiers(file, text).map((s) => s.specifier);
}

/** Why an import of `spec` from `file` (a path relative to solutions/) breaks the exercise rules, or undefined. */
export function exerciseImportProblem(file: string, spec: string): string | undefined {
  const external = ["@tensorflow/tfjs", "d2lzh", "d2lzh/check"];
  if (!spec.startsWith("."))
    return external.includes(spec)
      ? undefined
      : `${file} imports ${spec}: an exercise may import only ${external.join(", ")}, shared helpers and its own files`;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
  const [fromTop] = file.split("/");
  const [toTop] = target.split("/");
  if (target.startsWith("..")) return `${file} imports ${spec}: outside solutions/`;
  if (toTop === "dist" || target.includes("/dist/")) return `${file} imports ${spec}: a build output`;
  if (/^\d/.test(fromTop) && /^\d/.test(toTop) && fromTop !== toTop)
    return `${file} imports ${spec}: another exercise's file (move what both need to shared/)`;
  if (fromTop === "shared" && /^\d/.test(toTop)) return `${file} imports ${spec}: a shared helper may not depend on one exercise`;
  return undefined;
}

/** Whether `spec` reaches into one of our own build outputs. */
export function ownDistImport(spec: string): boolean {
  return /^(d2lzh(-exercises)?|\.{1,2})(\/.*)?\/dist(\/|$)/.test(spec);
}

function sources(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!["node_modules", "dist", ".git", "build"].includes(e.name)) out.push(...sources(dir, r));
    } else if (/\.(ts|mts|cts)$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(r);
  }
  return out;
}

test("the rule checker accepts an exercise's own files, shared helpers and the libraries, and names what it refuses", () => {
  assert.is(exerciseImportProblem("6.4.2/hidden.ts", "./public"), undefined);
  assert.is(exerciseImportProblem("6.4.2/public.ts", "../shared/tuning"), undefined);
  assert.is(exerciseImportProblem("6.4.2/public.ts", "d2lzh/check"), undefined);
  assert.match(exerciseImportProblem("6.4.2/hidden.ts", "../6.4.1/public")!, /another exercise's file/);
  assert.match(exerciseImportProblem("6.4.2/hidden.ts", "d2lzh-exercises/dist/catalogue")!, /may import only/);
  assert.match(exerciseImportProblem("6.4.2/hidden.ts", "../../autograder/cells")!, /outside solutions/);
  assert.match(exerciseImportProblem("shared/tuning.ts", "../6.4.1/exercise")!, /may not depend on one exercise/);
  assert.match(exerciseImportProblem("6.4.2/public.ts", "node:fs")!, /may import only/);
  assert.ok(
    ownDistImport(["d2lzh", "dist", "index"].join("/")) &&
      ownDistImport("../../lib/dist/index") &&
      ownDistImport("d2lzh-exercises/dist/catalogue"),
  );
  assert.not.ok(ownDistImport("tslab/dist/jupyter") || ownDistImport("d2lzh/check") || ownDistImport("./distance"));
  assert.equal(
    importsOf(
      "x.ts",
      `import * as tf from "a";\nimport type { X } from './b';\nexport { y } from "c";\nconst z = require("d");\nimport "e";`,
    ),
    ["a", "./b", "c", "d", "e"],
  );
});

test("every exercise file imports only what the rules allow", () => {
  const dir = path.join(root, "solutions");
  const problems: string[] = [];
  for (const f of sources(dir)) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    for (const spec of importsOf(f, text)) {
      const p = exerciseImportProblem(f, spec);
      if (p) problems.push(p);
    }
  }
  assert.equal(problems, []);
});

test("lib/ never imports the exercises, and nothing imports our dist/ paths", () => {
  const problems: string[] = [];
  for (const top of ["lib", "solutions", "autograder", "scripts", "bench", "test"]) {
    const dir = path.join(root, top);
    if (!fs.existsSync(dir)) continue;
    for (const f of sources(dir)) {
      for (const spec of importsOf(f, fs.readFileSync(path.join(dir, f), "utf8"))) {
        // Our own build outputs (a third-party package's internals, such as tslab's, are not ours to judge here).
        if (ownDistImport(spec)) problems.push(`${top}/${f} imports ${spec}`);
        if (top === "lib" && (spec === "d2lzh-exercises" || /(^|\/)(solutions|autograder|notebooks)(\/|$)/.test(spec)))
          problems.push(`${top}/${f} imports ${spec}`);
      }
    }
  }
  assert.equal(problems, []);
});

test("an ES module script imports the exercises' check entry, as CommonJS and tslab do", () => {
  const esm = `import { check, catalogue } from "d2lzh-exercises";\nconsole.log([typeof check, catalogue.length].join(" "));`;
  const plain = spawnSync(process.execPath, ["--input-type=module", "-e", esm], { cwd: root, encoding: "utf8" });
  assert.is(plain.stdout.trim(), "function 26", plain.stderr);
  const file = path.join(root, "autograder", `.esm-probe-${process.pid}.mts`);
  fs.writeFileSync(file, esm);
  try {
    const viaTsx = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8" });
    assert.is(viaTsx.stdout.trim(), "function 26", viaTsx.stderr);
  } finally {
    fs.rmSync(file, { force: true });
  }
  const cjs = spawnSync(process.execPath, ["-e", `const { check } = require("d2lzh-exercises"); console.log(typeof check);`], {
    cwd: root,
    encoding: "utf8",
  });
  assert.is(cjs.stdout.trim(), "function", cjs.stderr);
});

test.run();
