/**
 * Solution files and the cells made from them.
 *
 * `solutions/<id>/solution.ts` is the one source of truth of an exercise's code cell:
 *
 *   import * as tf from "@tensorflow/tfjs";     ┐ prelude: the imports every notebook already has;
 *   import * as d2l from "d2lzh";               ┘ not copied into the notebook
 *   // 练习 6.4.2                                ┐
 *   function gradClipping(…) {                  │ the cell, verbatim
 *     // BEGIN SOLUTION 提示：先求全局范数          │
 *     …reference code…                          │ a region: replaced in the student stub
 *     // END SOLUTION                           │
 *   }                                           ┘
 *
 * The cell starts at the line `// 练习 <id>`. The solution variant drops the marker lines; the stub
 * replaces each region by a TODO comment (carrying the hint written after BEGIN SOLUTION) and a
 * `throw new Error("练习 <id>：尚未完成 …")`, so every test of an untouched stub fails with a clear
 * message.
 *
 * A known-wrong variant (`solutions/<id>/wrong/<name>.ts`) states only what differs from the
 * solution: a header line `// d2l-wrong-fails: <case name> | <case name>` naming the test cases it
 * must fail, a line `// d2l-wrong-why: <一句中文>` the feedback shows a student whose answer looks like it
 * (autograder/misconceptions.ts), comments saying what is wrong, and the regions it changes: replaced whole, written as
 * `// BEGIN SOLUTION <n>` … `// END SOLUTION` (n: which region of solution.ts, counted from 1; it
 * may be left out when the solution has a single region), or edited by substitutions
 * (`// REPLACE IN <n>: <text>` then `// WITH: <text>`). Regions it does not name keep the reference code.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..");
/** The exercises' folder: `solutions/` here, the shipped copy of the package in a release. */
export const EXERCISES_DIR = path.dirname(require.resolve("d2lzh-exercises/package.json"));

/** The folder of exercise `id`. */
export function exerciseDir(id: string): string {
  return path.join(EXERCISES_DIR, id);
}

export interface Region {
  /** 0-based line numbers (in the cell body) of the BEGIN and END marker lines. */
  readonly begin: number;
  readonly end: number;
  readonly indent: string;
  readonly hint: string;
  /** The reference code between the markers. */
  readonly code: string;
}

export interface SolutionFile {
  readonly id: string;
  readonly file: string;
  /** The imports above the cell (not copied into the notebook). */
  readonly prelude: string;
  /** The cell as written in the file, markers included. */
  readonly body: string;
  readonly regions: readonly Region[];
}

const CELL_START = /^\/\/ 练习 (\S+)\s*$/;
const BEGIN = /^(\s*)\/\/ BEGIN SOLUTION\b\s*(.*)$/;
const END = /^\s*\/\/ END SOLUTION\s*$/;

/** Parses a solution (or wrong-variant) file's text. */
export function parseSolution(text: string, file: string): SolutionFile {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const start = lines.findIndex((l) => CELL_START.test(l));
  if (start < 0) throw new Error(`${file}: no line \`// 练习 <id>\` starts the cell`);
  const id = CELL_START.exec(lines[start])![1];
  const preludeLines = lines.slice(0, start);
  const stray = preludeLines.findIndex((l) => l.trim() !== "" && !/^\s*(import\s|\/\/)/.test(l));
  if (stray >= 0)
    throw new Error(`${file}:${stray + 1}: only imports and comments may come before \`// 练习 ${id}\`, got: ${preludeLines[stray]}`);
  const bodyLines = lines.slice(start);
  while (bodyLines.length > 0 && bodyLines[bodyLines.length - 1].trim() === "") bodyLines.pop();
  const regions: Region[] = [];
  let open: { line: number; indent: string; hint: string } | undefined;
  bodyLines.forEach((line, i) => {
    const b = BEGIN.exec(line);
    if (b) {
      if (open) throw new Error(`${file}:${start + i + 1}: BEGIN SOLUTION inside the region opened at line ${start + open.line + 1}`);
      open = { line: i, indent: b[1], hint: b[2].trim() };
    } else if (END.test(line)) {
      if (!open) throw new Error(`${file}:${start + i + 1}: END SOLUTION without a BEGIN SOLUTION`);
      regions.push({ begin: open.line, end: i, indent: open.indent, hint: open.hint, code: bodyLines.slice(open.line + 1, i).join("\n") });
      open = undefined;
    }
  });
  if (open) throw new Error(`${file}:${start + open.line + 1}: BEGIN SOLUTION is never closed`);
  return { id, file, prelude: preludeLines.join("\n"), body: bodyLines.join("\n"), regions };
}

/** The cell as the solution notebook shows it: the body without the marker lines. */
export function solutionCell(sol: SolutionFile): string {
  const drop = new Set(sol.regions.flatMap((r) => [r.begin, r.end]));
  return sol.body
    .split("\n")
    .filter((_, i) => !drop.has(i))
    .join("\n");
}

/** The student stub: each region replaced by a TODO and a throw. */
export function stubCell(sol: SolutionFile): string {
  const lines = sol.body.split("\n");
  const out: string[] = [];
  let i = 0;
  for (const r of sol.regions) {
    out.push(...lines.slice(i, r.begin));
    out.push(`${r.indent}// TODO（练习 ${sol.id}）：${r.hint || "在这里写出你的代码"}`);
    out.push(`${r.indent}throw new Error("练习 ${sol.id}：尚未完成（删掉这一行，写出你的代码）");`);
    i = r.end + 1;
  }
  out.push(...lines.slice(i));
  return out.join("\n");
}

/** The header line of a known-wrong variant: the case names it must fail. */
export function wrongExpectations(text: string, file: string): string[] {
  const m = /^\/\/ d2l-wrong-fails: (.+)$/m.exec(text);
  if (!m) throw new Error(`${file}: a known-wrong variant needs a line \`// d2l-wrong-fails: <case name> | …\``);
  return m[1]
    .split("|")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** The header line `// d2l-wrong-why: …` of a variant's text. */
export function wrongWhy(text: string, file: string): string {
  const m = /^\/\/ d2l-wrong-why: (.+)$/m.exec(text);
  if (!m || m[1].trim() === "")
    throw new Error(`${file}: a known-wrong variant needs a line \`// d2l-wrong-why: <一句中文：错在哪里、该看什么>\``);
  return m[1].trim();
}

const REPLACE = /^\/\/ REPLACE IN (\S+): (.*)$/;
const WITH = /^\/\/ WITH: ?(.*)$/;

/**
 * The regions a known-wrong variant changes: region number (from 1) → its code. A region is either
 * replaced whole (`// BEGIN SOLUTION <n>` … `// END SOLUTION`) or edited in place by substitutions,
 * each a pair of lines `// REPLACE IN <n>: <text>` and `// WITH: <text>`, where the text must occur
 * exactly once in region n of the solution (one-line mistakes then state just that line).
 */
export function variantRegions(text: string, file: string, sol: SolutionFile): Map<number, string> {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const out = new Map<number, string>();
  const edited = new Set<number>();
  const regionNumber = (ref: string, at: number): number => {
    if (ref === "" && sol.regions.length !== 1)
      throw new Error(
        `${file}:${at + 1}: ${sol.file} has ${sol.regions.length} regions: say which one this changes (\`// BEGIN SOLUTION <n>\`, n from 1)`,
      );
    const n = ref === "" ? 1 : Number(ref);
    if (!Number.isInteger(n) || n < 1 || n > sol.regions.length)
      throw new Error(`${file}:${at + 1}: expected a region number from 1 to ${sol.regions.length}, got ${JSON.stringify(ref)}`);
    return n;
  };
  let open: { line: number; n: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const b = BEGIN.exec(line);
    const r = REPLACE.exec(line);
    if (b) {
      if (open) throw new Error(`${file}:${i + 1}: BEGIN SOLUTION inside the region opened at line ${open.line + 1}`);
      const n = regionNumber(b[2].trim(), i);
      if (out.has(n)) throw new Error(`${file}:${i + 1}: region ${n} is changed twice`);
      open = { line: i, n };
    } else if (END.test(line)) {
      if (!open) throw new Error(`${file}:${i + 1}: END SOLUTION without a BEGIN SOLUTION`);
      out.set(open.n, lines.slice(open.line + 1, i).join("\n"));
      open = undefined;
    } else if (!open && r) {
      const n = regionNumber(r[1] === "-" ? "" : r[1], i);
      const w = WITH.exec(lines[i + 1] ?? "");
      if (!w) throw new Error(`${file}:${i + 2}: expected \`// WITH: <text>\` after the REPLACE line`);
      if (out.has(n) && !edited.has(n)) throw new Error(`${file}:${i + 1}: region ${n} is replaced whole and edited`);
      const code = out.get(n) ?? sol.regions[n - 1].code;
      const count = code.split(r[2]).length - 1;
      if (count !== 1)
        throw new Error(
          `${file}:${i + 1}: expected the text to occur once in region ${n} of ${sol.file}, found it ${count} times: ${r[2]}`,
        );
      out.set(
        n,
        code.replace(r[2], () => w[1]),
      );
      edited.add(n);
      i++;
    } else if (!open && line.trim() !== "" && !/^\s*\/\//.test(line)) {
      throw new Error(`${file}:${i + 1}: outside its regions a known-wrong variant holds only comments, got: ${line.trim()}`);
    }
  }
  if (open) throw new Error(`${file}:${open.line + 1}: BEGIN SOLUTION is never closed`);
  if (out.size === 0) throw new Error(`${file}: a known-wrong variant changes at least one region of ${sol.file}`);
  return out;
}

/** The cell of a known-wrong variant: the solution cell with the variant's regions in place of the reference code. */
export function variantCell(sol: SolutionFile, replaced: ReadonlyMap<number, string>): string {
  const lines = sol.body.split("\n");
  const out: string[] = [];
  let i = 0;
  sol.regions.forEach((r, k) => {
    out.push(...lines.slice(i, r.begin));
    const code = replaced.get(k + 1) ?? r.code;
    if (code !== "") out.push(...code.split("\n"));
    i = r.end + 1;
  });
  out.push(...lines.slice(i));
  return out.join("\n");
}

export function solutionPath(id: string): string {
  return path.join(exerciseDir(id), "solution.ts");
}

export function writtenPath(id: string): string {
  return path.join(exerciseDir(id), "answer.md");
}

export function hiddenTestPath(id: string): string {
  return path.join(exerciseDir(id), "hidden.ts");
}

/** Every file under a folder, relative paths, sorted (the release's listings, the bundle's signatures key). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

/** Loads solutions/<id>/solution.ts, or undefined when it does not exist. */
export function loadSolution(id: string): SolutionFile | undefined {
  const file = solutionPath(id);
  if (!fs.existsSync(file)) return undefined;
  const sol = parseSolution(fs.readFileSync(file, "utf8"), file);
  if (sol.id !== id) throw new Error(`${file}: the cell says \`// 练习 ${sol.id}\`, expected ${id}`);
  return sol;
}

export interface WrongVariant {
  readonly file: string;
  readonly name: string;
  /** The cell as a student would have written it. */
  readonly cell: string;
  /** The replaced regions' code (what makes it wrong). */
  readonly regions: ReadonlyMap<number, string>;
  /** The cases it must fail. */
  readonly fails: readonly string[];
  /** The header `// d2l-wrong-why: …`: one zh-CN sentence for the student (why it is wrong, what to look at). */
  readonly why: string;
}

/** Known-wrong variants of an exercise (`solutions/<id>/wrong/*.ts`), in name order. */
export function loadWrongVariants(id: string): WrongVariant[] {
  const dir = path.join(exerciseDir(id), "wrong");
  if (!fs.existsSync(dir)) return [];
  const sol = loadSolution(id);
  if (!sol) throw new Error(`${dir}: known-wrong variants need ${solutionPath(id)}`);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      const text = fs.readFileSync(file, "utf8");
      const regions = variantRegions(text, file, sol);
      return {
        file,
        name: f.slice(0, -3),
        cell: variantCell(sol, regions),
        regions,
        fails: wrongExpectations(text, file),
        why: wrongWhy(text, file),
      };
    });
}
