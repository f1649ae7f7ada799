/**
 * Solution files and the cells made from them.
 *
 * `solutions/<id>.ts` is the one source of truth of an exercise's code cell:
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
 * message. Known-wrong variants (`autograder/wrong/<id>.<name>.ts`) have the same layout plus a header
 * line `// d2l-wrong-fails: <case name> | <case name>` naming the test cases they must fail.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..");
export const SOLUTIONS_DIR = path.join(ROOT, "solutions");
export const WRONG_DIR = path.join(ROOT, "autograder", "wrong");
export const HIDDEN_DIR = path.join(ROOT, "autograder", "tests", "hidden");

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
  if (stray >= 0) throw new Error(`${file}:${stray + 1}: only imports and comments may come before \`// 练习 ${id}\`, got: ${preludeLines[stray]}`);
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
  return sol.body.split("\n").filter((_, i) => !drop.has(i)).join("\n");
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
  return m[1].split("|").map((s) => s.trim()).filter((s) => s !== "");
}

export function solutionPath(id: string): string {
  return path.join(SOLUTIONS_DIR, `${id}.ts`);
}

export function writtenPath(id: string): string {
  return path.join(SOLUTIONS_DIR, `${id}.md`);
}

/** Loads solutions/<id>.ts, or undefined when it does not exist yet. */
export function loadSolution(id: string): SolutionFile | undefined {
  const file = solutionPath(id);
  if (!fs.existsSync(file)) return undefined;
  const sol = parseSolution(fs.readFileSync(file, "utf8"), file);
  if (sol.id !== id) throw new Error(`${file}: the cell says \`// 练习 ${sol.id}\`, expected ${id}`);
  return sol;
}

/** Known-wrong variants of an exercise: file, name, cell and the cases each must fail. */
export function loadWrongVariants(id: string): { file: string; name: string; sol: SolutionFile; fails: string[] }[] {
  if (!fs.existsSync(WRONG_DIR)) return [];
  return fs
    .readdirSync(WRONG_DIR)
    .filter((f) => f.startsWith(`${id}.`) && f.endsWith(".ts") && f.slice(id.length + 1, -3).indexOf(".") < 0 && /^[a-z]/.test(f.slice(id.length + 1)))
    .sort()
    .map((f) => {
      const file = path.join(WRONG_DIR, f);
      const text = fs.readFileSync(file, "utf8");
      return { file, name: f.slice(id.length + 1, -3), sol: parseSolution(text, file), fails: wrongExpectations(text, file) };
    });
}
