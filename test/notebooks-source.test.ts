import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { catalogue } from "d2lzh-exercises";
import { ExerciseCells, parseSource } from "../scripts/build-notebooks";

// The committed notebooks are built from notebooks/src/*.md; this catches a source edited without
// `npm run notebooks`, a notebook edited by hand, and committed outputs.
const root = path.resolve(__dirname, "..");
const srcDir = path.join(root, "notebooks", "src");
const sources = fs.existsSync(srcDir)
  ? fs
      .readdirSync(srcDir)
      .filter((f) => f.endsWith(".md"))
      .sort()
  : [];

test("every committed notebook equals the one built from its source (npm run notebooks -- --check)", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "build-notebooks.ts"), "--check"], {
    cwd: root,
    encoding: "utf8",
  });
  assert.is(r.status, 0, `build-notebooks --check failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
});

test("every notebook source has its built notebook and every notebook has a source", () => {
  const built = fs
    .readdirSync(path.join(root, "notebooks"))
    .filter((f) => f.endsWith(".ipynb"))
    .sort();
  assert.equal(
    built,
    sources.map((f) => f.replace(/\.md$/, ".ipynb")),
  );
});

test("committed notebooks carry no outputs and no execution counts", () => {
  for (const f of sources) {
    const nb = JSON.parse(fs.readFileSync(path.join(root, "notebooks", f.replace(/\.md$/, ".ipynb")), "utf8")) as {
      cells: { cell_type: string; outputs?: unknown[]; execution_count?: number | null }[];
    };
    nb.cells.forEach((cell, i) => {
      if (cell.cell_type !== "code") return;
      assert.equal(cell.outputs, [], `${f}: cell ${i} has outputs`);
      assert.is(cell.execution_count, null, `${f}: cell ${i} has an execution count`);
    });
  }
});

test("every notebook starts with the imports, a seed and a config cell, and ends with 小结 and 练习", () => {
  for (const f of sources) {
    const text = fs.readFileSync(path.join(srcDir, f), "utf8");
    const code = [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    assert.ok(code.length >= 3, `${f}: expected at least three code cells`);
    assert.match(code[0], 'import * as tf from "@tensorflow/tfjs";', `${f}: the first cell imports tfjs`);
    assert.match(code[0], 'import * as d2l from "d2lzh";', `${f}: the first cell imports d2lzh`);
    assert.match(code[0], "await d2l.backend()", `${f}: the first cell picks the backend`);
    assert.match(code[1], /d2l\.seed\(\d+\)/, `${f}: the second cell makes a seeded Rng`);
    assert.match(code[2], /const config = /, `${f}: the third cell is the config`);
    const summary = text.indexOf("\n## 小结");
    const exercises = text.indexOf("\n## 练习");
    assert.ok(summary > 0 && exercises > summary, `${f}: expected ## 小结 then ## 练习`);
  }
});

type NotebookJson = { cells: { cell_type: string; metadata: { d2l?: { exercise: string; part: string } } }[] };

function notebookOfSection(section: string): string | undefined {
  const prefix = `0${section}-`;
  return sources.find((f) => f.startsWith(prefix))?.replace(/\.md$/, ".ipynb");
}

test("every catalogue exercise has its marked cells in its section's notebook: code then check, and the written answer", () => {
  for (const e of catalogue) {
    const file = notebookOfSection(e.section);
    assert.ok(file, `exercise ${e.id}: no notebook for section ${e.section}`);
    const nb = JSON.parse(fs.readFileSync(path.join(root, "notebooks", file as string), "utf8")) as NotebookJson;
    const parts = nb.cells.map((c, i) => ({ i, ...c.metadata.d2l })).filter((c) => c.exercise === e.id);
    const kinds = parts.map((c) => c.part);
    const expected = [...(e.code ? ["code", "check"] : []), ...(e.written ? ["written"] : [])];
    assert.equal(kinds, expected, `exercise ${e.id} in ${file}`);
    if (e.code) assert.is(parts[1].i, parts[0].i + 1, `exercise ${e.id}: the check cell follows the code cell`);
  }
});

test("exercise cells appear in catalogue order and only for catalogue exercises", () => {
  const known = new Set(catalogue.map((e) => e.id));
  for (const f of sources) {
    const nb = JSON.parse(fs.readFileSync(path.join(root, "notebooks", f.replace(/\.md$/, ".ipynb")), "utf8")) as NotebookJson;
    const ids = nb.cells.map((c) => c.metadata.d2l?.exercise).filter((id): id is string => id !== undefined);
    ids.forEach((id) => assert.ok(known.has(id), `${f}: exercise ${id} is not in the catalogue`));
    const order = [...new Set(ids)];
    const expected = catalogue.map((e) => e.id).filter((id) => order.includes(id));
    assert.equal(order, expected, `${f}: exercises in catalogue order`);
  }
});

test("after ## 练习 a student notebook has only exercise cells: demos go in solution-only blocks", () => {
  for (const f of sources) {
    const lines = fs.readFileSync(path.join(srcDir, f), "utf8").split("\n");
    let inExercises = false;
    let inSolution = false;
    lines.forEach((line, i) => {
      if (line.startsWith("## 练习")) inExercises = true;
      if (/^<!--\s*solution only\s*-->/.test(line)) inSolution = true;
      if (/^<!--\s*end solution only\s*-->/.test(line)) inSolution = false;
      assert.ok(
        !(inExercises && !inSolution && /^```ts\s*$/.test(line)),
        `${f}:${i + 1}: a plain code cell after ## 练习 (wrap it in <!-- solution only --> … <!-- end solution only -->)`,
      );
    });
  }
});

test("a solution-only block is left out of the student build and kept in the solution build", () => {
  const cells: ExerciseCells = { code: () => "", check: () => "", written: () => "" };
  const text = ["intro", "<!-- solution only -->", "library answer", "```ts", "demo();", "```", "<!-- end solution only -->", "outro"].join(
    "\n",
  );
  const student = parseSource(text, "x.md", cells, "student").map((c) => c.source.join(""));
  const solution = parseSource(text, "x.md", cells, "solution").map((c) => c.source.join(""));
  assert.equal(student, ["intro", "outro"]);
  assert.equal(solution, ["intro", "library answer", "demo();", "outro"]);
  assert.throws(
    () => parseSource("<!-- solution only -->\nx", "y.md", cells, "student"),
    /y\.md:2: the solution-only block is never closed/,
  );
  assert.throws(
    () => parseSource("<!-- end solution only -->", "z.md", cells, "solution"),
    /z\.md:1: `<!-- end solution only -->` without an opening/,
  );
});

test.run();
