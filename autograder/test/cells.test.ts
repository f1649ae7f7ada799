/**
 * The cells made from solution files: parsing, the stub and solution variants, and the fact that
 * both type-check (tslab refuses to run a cell with type errors, so a stub must compile as is).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as path from "node:path";
import * as ts from "typescript";
import { codeExercises, codeReady } from "../catalogue";
import { loadSolution, loadWrongVariants, parseSolution, solutionCell, stubCell, variantCell, variantRegions } from "../cells";
import { checkCell, codeCell, writtenCell } from "../notebook-cells";
import { compileCell, CompilerFailure, MAX_CELL_CHARS, MAX_CELL_DEPTH, nestingDepth } from "../harness/compile";

const SAMPLE = [
  'import * as tf from "@tensorflow/tfjs";',
  "",
  "// 练习 9.9.9",
  "function f(x: number): number {",
  "  // BEGIN SOLUTION 提示：加一",
  "  return x + 1;",
  "  // END SOLUTION",
  "}",
  "",
].join("\n");

test("parseSolution splits the prelude from the cell and finds the regions with their hints", () => {
  const sol = parseSolution(SAMPLE, "x.ts");
  assert.is(sol.id, "9.9.9");
  assert.is(sol.prelude, 'import * as tf from "@tensorflow/tfjs";\n');
  assert.is(sol.regions.length, 1);
  assert.is(sol.regions[0].hint, "提示：加一");
  assert.is(sol.regions[0].code, "  return x + 1;");
});

test("the solution cell drops the markers and the stub replaces each region by a TODO and a throw", () => {
  const sol = parseSolution(SAMPLE, "x.ts");
  assert.is(solutionCell(sol), "// 练习 9.9.9\nfunction f(x: number): number {\n  return x + 1;\n}");
  assert.is(
    stubCell(sol),
    '// 练习 9.9.9\nfunction f(x: number): number {\n  // TODO（练习 9.9.9）：提示：加一\n  throw new Error("练习 9.9.9：尚未完成（删掉这一行，写出你的代码）");\n}',
  );
});

test("parseSolution names the file and line of a broken region", () => {
  assert.throws(() => parseSolution("// 练习 1.1.1\n// BEGIN SOLUTION\nx\n", "a.ts"), /a\.ts:2: BEGIN SOLUTION is never closed/);
  assert.throws(() => parseSolution("// 练习 1.1.1\n// END SOLUTION\n", "a.ts"), /a\.ts:2: END SOLUTION without a BEGIN SOLUTION/);
  assert.throws(() => parseSolution("const x = 1;\n// 练习 1.1.1\n", "a.ts"), /a\.ts:1: only imports and comments/);
  assert.throws(() => parseSolution("nothing here", "a.ts"), /a\.ts: no line `\/\/ 练习 <id>`/);
});

test("compileCell reports syntax errors with the cell's own line numbers and refuses foreign imports", async () => {
  const bad = await compileCell("// 练习 1.1.1\nconst x = ;\n", ["x"]);
  assert.is(bad.ok, false);
  assert.match((bad as { error: string }).error, /语法错误（第 2 行第 11 列）/);
  const unclosed = await compileCell("// 练习 1.1.1\nfunction f( {\n", ["f"]);
  assert.match((unclosed as { error: string }).error, /在单元格末尾/);
  const foreign = await compileCell('import * as fs from "node:fs";\nconst x = 1;', ["x"]);
  assert.match((foreign as { error: string }).error, /只能导入 @tensorflow\/tfjs 和 d2lzh/);
  const ok = await compileCell('import * as tf from "@tensorflow/tfjs";\nimport { seed as s } from "d2lzh";\nexport const x: number = 1;', [
    "x",
  ]);
  assert.is(ok.ok, true);
});

test("compileCell refuses a 1,000,000-deep cell before esbuild sees it, and an honest cell compiles after it", async () => {
  const deep = await compileCell(`// 练习 6.4.2\nconst x = ${"[".repeat(1_000_000)}${"]".repeat(1_000_000)};\n`, ["x"]);
  assert.is(deep.ok, false);
  assert.is((deep as { error: string }).error, `练习单元格的括号嵌套太深（1000000 层，上限 ${MAX_CELL_DEPTH} 层）：请把表达式拆开写`);
  const long = await compileCell(`// 练习 6.4.2\nconst x = [${"1,".repeat(MAX_CELL_CHARS)}];\n`, ["x"]);
  assert.match((long as { error: string }).error, /练习单元格太长（\d+ 个字符，上限 100000）/);
  const honest = await compileCell("// 练习 6.4.2\nconst x = [[1, 2], [3]];\n", ["x"]);
  assert.is(honest.ok, true, "the esbuild service still runs");
});

test("every solution and stub cell stays far below the nesting and size bounds", () => {
  for (const e of ready) {
    const sol = loadSolution(e.id)!;
    for (const cell of [solutionCell(sol), stubCell(sol)]) {
      assert.ok(nestingDepth(cell) <= MAX_CELL_DEPTH / 8, `${e.id}: depth ${nestingDepth(cell)}`);
      assert.ok(cell.length <= MAX_CELL_CHARS / 10, `${e.id}: ${cell.length} characters`);
    }
  }
});

test("compileCell restarts esbuild after a failure that is not about the code, and throws CompilerFailure if it persists", async () => {
  const dead = async () => {
    throw new Error("The service is no longer running");
  };
  let first = true;
  const flaky = async (source: string) => {
    if (first) {
      first = false;
      throw new Error("The service is no longer running");
    }
    return { code: source };
  };
  assert.is((await compileCell("// 练习 6.4.2\nconst x = 1;\n", ["x"], 5_000, flaky)).ok, true, "recovered on the second try");
  // A persistent failure is the grader's, never a compile error in the student's grade.
  let failure: unknown;
  try {
    await compileCell("// 练习 6.4.2\nconst x = 1;\n", ["x"], 5_000, dead);
  } catch (err) {
    failure = err;
  }
  assert.instance(failure, CompilerFailure);
  // A syntax error is still the student's, with esbuild's diagnosis.
  assert.match(((await compileCell("// 练习 6.4.2\nconst x = ;\n", ["x"])) as { error: string }).error, /语法错误/);
  assert.is((await compileCell("// 练习 6.4.2\nconst x = 1;\n", ["x"])).ok, true, "the real esbuild still runs after esbuild.stop");
});

test("compileCell refuses a cell whose compile outlasts its limit, without holding the event loop, and compiles the next", async () => {
  // 2,000 chained arrows: 6 KB, far inside the size and bracket bounds, and about 11 s in esbuild here.
  const slow = `// 练习 6.4.2\nconst f = ${"a=>".repeat(2_000)}1;\n`;
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 50);
  const started = Date.now();
  const r = await compileCell(slow, ["f"], 1_000);
  clearInterval(ticker);
  assert.is(r.ok, false);
  assert.match((r as { error: string }).error, /编译超过 1 秒仍未完成/);
  assert.ok(Date.now() - started < 8_000, "refused near its limit, not after the compile");
  assert.ok(ticks >= 5, `the event loop ran meanwhile (${ticks} ticks)`);
  const honest = await compileCell("// 练习 6.4.2\nconst x = [[1, 2], [3]];\n", ["x"]);
  assert.is(honest.ok, true, "a new service compiles the next cell");
  assert.match(((await compileCell("// 练习 6.4.2\nconst x = ;\n", ["x"])) as { error: string }).error, /语法错误（第 2 行/);
});

test("the check cell imports check and passes every name explicitly (tslab cannot resolve shorthand properties across cells)", () => {
  assert.is(
    checkCell("6.4.2"),
    '// 检查练习 6.4.2：运行公开测试（提交后另有隐藏测试）\nimport { check } from "d2lzh-exercises";\nawait check("6.4.2", { gradClipping: gradClipping });',
  );
  assert.match(codeCell("6.4.2", "student"), /^\/\/ 练习 6\.4\.2\n/);
  assert.match(writtenCell("6.4.2", "student"), /^\*\*练习 6\.4\.2（书面，2 分）\*\* .*\n\n答：（在这里用中文作答）$/);
});

const ready = codeExercises().filter((e) => codeReady(e.id));

test("a known-wrong variant replaces only the regions it names and keeps the others", () => {
  const two = parseSolution(
    SAMPLE.replace("}\n", "}\nfunction g(): number {\n  // BEGIN SOLUTION\n  return 2;\n  // END SOLUTION\n}\n"),
    "s.ts",
  );
  const variant = "// d2l-wrong-fails: a case\n// Off by one.\n// BEGIN SOLUTION 2\n  return 3;\n// END SOLUTION\n";
  assert.is(
    variantCell(two, variantRegions(variant, "w.ts", two)),
    "// 练习 9.9.9\nfunction f(x: number): number {\n  return x + 1;\n}\nfunction g(): number {\n  return 3;\n}",
  );
  assert.throws(
    () => variantRegions("// BEGIN SOLUTION\nx\n// END SOLUTION\n", "w.ts", two),
    /w\.ts:1: s\.ts has 2 regions: say which one/,
  );
  assert.throws(
    () => variantRegions("// BEGIN SOLUTION 3\nx\n// END SOLUTION\n", "w.ts", two),
    /expected a region number from 1 to 2, got "3"/,
  );
  assert.throws(
    () => variantRegions("const extra = 1;\n// BEGIN SOLUTION 1\nx\n// END SOLUTION\n", "w.ts", two),
    /w\.ts:1: outside its regions a known-wrong variant holds only comments/,
  );
  assert.throws(() => variantRegions("// only a comment\n", "w.ts", two), /changes at least one region/);
  const edit = "// d2l-wrong-fails: a case\n// REPLACE IN 1: x + 1\n// WITH: x - 1\n";
  assert.is(
    variantCell(two, variantRegions(edit, "w.ts", two)),
    "// 练习 9.9.9\nfunction f(x: number): number {\n  return x - 1;\n}\nfunction g(): number {\n  return 2;\n}",
  );
  assert.throws(
    () => variantRegions("// REPLACE IN 1: y\n// WITH: z\n", "w.ts", two),
    /expected the text to occur once in region 1 of s\.ts, found it 0 times: y/,
  );
  assert.throws(() => variantRegions("// REPLACE IN 1: x\n", "w.ts", two), /w\.ts:2: expected `\/\/ WITH: <text>`/);
});

test("every stub, solution cell and known-wrong variant type-checks with the notebook prelude (strict)", () => {
  const root = path.resolve(__dirname, "..", "..");
  const files = new Map<string, string>();
  for (const e of ready) {
    const sol = loadSolution(e.id)!;
    // Each file is a module (the prelude has imports), as each tslab cell sees its own declarations.
    files.set(path.join(root, "autograder", "__typecheck__", `stub-${e.id}.ts`), `${sol.prelude}\n${stubCell(sol)}\nexport {};\n`);
    files.set(path.join(root, "autograder", "__typecheck__", `solution-${e.id}.ts`), `${sol.prelude}\n${solutionCell(sol)}\nexport {};\n`);
    for (const w of loadWrongVariants(e.id))
      files.set(path.join(root, "autograder", "__typecheck__", `wrong-${e.id}-${w.name}.ts`), `${sol.prelude}\n${w.cell}\nexport {};\n`);
  }
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    noEmit: true,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ["node"],
    lib: ["lib.es2022.d.ts"],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => files.get(path.resolve(f)) ?? read(f);
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => files.has(path.resolve(f)) || exists(f);
  const program = ts.createProgram([...files.keys()], options, host);
  const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.has(path.resolve(d.file.fileName)));
  const text = errors.map((d) => `${path.basename(d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`).join("\n");
  assert.is(errors.length, 0, text);
});

test.run();
