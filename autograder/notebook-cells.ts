/**
 * The text of the exercise cells, for the notebook builder (scripts/build-notebooks.ts) and the
 * release: the code cell (student stub or reference solution), the check cell and the written
 * answer cell of each exercise, all generated from the catalogue and solutions/.
 */
import * as fs from "node:fs";
import type { Exercise } from "d2lzh/check";
import { catalogue } from "d2lzh-exercises";
import { loadSolution, solutionCell, stubCell, writtenPath } from "./cells";

export type Variant = "student" | "solution";

/** The placeholder a student replaces in a written answer cell. */
export const ANSWER_PLACEHOLDER = "（在这里用中文作答）";

function exercise(id: string): Exercise {
  const e = catalogue.find((x) => x.id === id);
  if (!e)
    throw new Error(`notebook-cells: no exercise ${id} in the catalogue (solutions/<id>/exercise.ts, listed in solutions/catalogue.ts)`);
  return e;
}

/** The code cell: `// 练习 <id>` then the stub or the reference solution. */
export function codeCell(id: string, variant: Variant): string {
  const e = exercise(id);
  if (!e.code) throw new Error(`notebook-cells: exercise ${id} has no code part`);
  const sol = loadSolution(id);
  if (!sol) return `// 练习 ${id}\n// （这个练习的代码单元格还在编写中）`;
  return variant === "solution" ? solutionCell(sol) : stubCell(sol);
}

/** The check cell: imports `check` (so it also runs after a kernel restart) and runs the public tests. */
export function checkCell(id: string): string {
  const e = exercise(id);
  if (!e.code) throw new Error(`notebook-cells: exercise ${id} has no code part to check`);
  // Explicit `name: name` pairs: tslab 1.0.22 fails on a shorthand property naming an earlier cell's declaration.
  const impl = e.code.names.map((n) => `${n}: ${n}`).join(", ");
  return [
    `// 检查练习 ${id}：运行公开测试（提交后另有隐藏测试）`,
    `import { check } from "d2lzh-exercises";`,
    `await check("${id}", { ${impl} });`,
  ].join("\n");
}

/** The header line of a written answer cell; the grader takes everything after it as the answer. */
export function writtenHeader(e: Exercise): string {
  return `**练习 ${e.id}（书面，${e.written?.points ?? 0} 分）** ${e.question}`;
}

/** The written answer cell: the question, then the reference answer or a placeholder. */
export function writtenCell(id: string, variant: Variant): string {
  const e = exercise(id);
  if (!e.written) throw new Error(`notebook-cells: exercise ${id} has no written part`);
  let answer = ANSWER_PLACEHOLDER;
  if (variant === "solution") {
    const file = writtenPath(id);
    answer = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "（参考答案还在编写中）";
  }
  return `${writtenHeader(e)}\n\n答：${answer}`;
}

/** The interface scripts/build-notebooks.ts loads. */
export const notebookCells = {
  code: codeCell,
  check: checkCell,
  written: writtenCell,
};
