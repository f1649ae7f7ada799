import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";

/*
 * The package's entry points, `d2lzh` and `d2lzh/check`, as a student's or an author's script
 * meets them: an ES module run by Node or by tsx, a CommonJS script, and TypeScript's checkers
 * (tslab's 5.0 with node10 resolution, which reads lib/check/package.json; and nodenext, which
 * reads the `exports` map). Each script sits in a fresh folder outside the workbook whose
 * node_modules links to the workbook's, as an installed package would be found.
 */
const ROOT = path.join(__dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
let dir = "";

/** What every probe prints: the names each entry exports, and the types of a few of them. */
const REPORT = `JSON.stringify({
  lib: Object.keys(d2l).filter((k) => k !== "default" && k !== "__esModule").sort(),
  check: Object.keys(check).filter((k) => k !== "default" && k !== "__esModule").sort(),
  kinds: [typeof d2l.scratchModel, typeof check.defineTests, typeof check.assert.close],
})`;
const ESM = `import * as d2l from "d2lzh";\nimport * as check from "d2lzh/check";\nimport { assert, defineTests } from "d2lzh/check";\nif (assert !== check.assert || defineTests !== check.defineTests) throw new Error("named imports differ");\nconsole.log(${REPORT});\n`;
const CJS = `const d2l = require("d2lzh");\nconst check = require("d2lzh/check");\nconsole.log(${REPORT});\n`;

type Run = { status: number | null; stdout: string; stderr: string };

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function run(args: string[]): Run {
  const { status, stdout, stderr } = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8", timeout: 120_000 });
  return { status, stdout, stderr };
}

/** The names of both entries as CommonJS sees them (this process, which loads the same files). */
function expectedNames(): { lib: string[]; check: string[] } {
  const names = (m: object) =>
    Object.keys(m)
      .filter((k) => k !== "default" && k !== "__esModule")
      .sort();
  return { lib: names(require("d2lzh")), check: names(require("d2lzh/check")) };
}

function assertReport(got: Run, what: string): void {
  assert.is(got.status, 0, `${what} exited ${got.status}: ${got.stderr.slice(0, 600)}`);
  const report = JSON.parse(got.stdout.trim().split("\n").pop() ?? "") as { lib: string[]; check: string[]; kinds: string[] };
  const expected = expectedNames();
  assert.ok(report.lib.length > 100, `${what}: only ${report.lib.length} names from d2lzh`);
  assert.equal(report.lib, expected.lib, `${what}: the names of d2lzh`);
  assert.equal(report.check, expected.check, `${what}: the names of d2lzh/check`);
  assert.equal(report.kinds, ["function", "function", "function"], `${what}: scratchModel, defineTests, assert.close`);
}

/** TypeScript's diagnostics for one file, as text (empty when it type-checks). */
function typeErrors(compiler: typeof ts, file: string, options: ts.CompilerOptions): string[] {
  const program = compiler.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
    typeRoots: [path.join(ROOT, "node_modules", "@types")],
    ...options,
  });
  return compiler.getPreEmitDiagnostics(program).map((d) => compiler.flattenDiagnosticMessageText(d.messageText, "\n"));
}

const entries = suite("package entry points");
entries.before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "d2lzh-entries-"));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
});
entries.after(() => {
  if (dir !== "") fs.rmSync(dir, { recursive: true, force: true });
});

entries("an ES module run by Node (.mjs) imports d2lzh and d2lzh/check with all their names", () => {
  assertReport(run([write("probe.mjs", ESM)]), "node probe.mjs");
});

entries("an ES module run by tsx (.mts) imports both entries", () => {
  assertReport(run([TSX, write("probe.mts", ESM)]), "tsx probe.mts");
});

entries("a CommonJS script (.cjs) requires both entries", () => {
  assertReport(run([write("probe.cjs", CJS)]), "node probe.cjs");
});

entries("a path the package does not export is refused, in ESM and CommonJS alike", () => {
  const esm = run([write("missing.mjs", 'import "d2lzh/src/index";\n')]);
  assert.is.not(esm.status, 0);
  assert.match(esm.stderr, "ERR_PACKAGE_PATH_NOT_EXPORTED");
  const cjs = run([write("missing.cjs", 'require("d2lzh/check/index");\n')]);
  assert.is.not(cjs.status, 0);
  assert.match(cjs.stderr, "ERR_PACKAGE_PATH_NOT_EXPORTED");
});

entries("the build output is not an entry point: a deep import of dist/ is refused", () => {
  const deep = ["d2lzh", "dist", "index"].join("/"); // spelled in parts: the repository holds no such import
  const got = run([write("dist.cjs", `require(${JSON.stringify(deep)});\n`)]);
  assert.is.not(got.status, 0);
  assert.match(got.stderr, "ERR_PACKAGE_PATH_NOT_EXPORTED");
});

entries("tslab's TypeScript (node10 resolution) type-checks both entries; a wrong name fails", () => {
  const tslabTs = require("@tslab/typescript-for-tslab") as typeof ts;
  const options = {
    module: tslabTs.ModuleKind.ESNext,
    moduleResolution: tslabTs.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: tslabTs.ScriptTarget.ES2022,
  };
  const good = write(
    "tslab.ts",
    'import * as d2l from "d2lzh";\nimport { assert, defineTests } from "d2lzh/check";\nexport const used: [unknown, unknown, unknown] = [d2l.scratchModel, assert.close, defineTests];\n',
  );
  assert.equal(typeErrors(tslabTs, good, options), []);
  const bad = write("tslab-bad.ts", 'import { notExported } from "d2lzh/check";\nexport const used = notExported;\n');
  assert.match(typeErrors(tslabTs, bad, options).join("\n"), "notExported");
});

entries("TypeScript with nodenext resolution takes the types from the exports map", () => {
  const options = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 };
  const good = write(
    "nodenext.mts",
    'import * as d2l from "d2lzh";\nimport { assert, defineTests } from "d2lzh/check";\nexport const used: [unknown, unknown, unknown] = [d2l.scratchModel, assert.close, defineTests];\n',
  );
  assert.equal(typeErrors(ts, good, options), []);
  const bad = write("nodenext-bad.mts", 'import { notExported } from "d2lzh/check";\nexport const used = notExported;\n');
  assert.match(typeErrors(ts, bad, options).join("\n"), "notExported");
});

entries.run();
