/** Building the grading jobs of an exercise: the compiled cell and the bundled hidden tests. */
import { findExercise, hiddenTestPath } from "./catalogue";
import { bundleTests, compileCell } from "./harness/compile";
import type { ExerciseJob } from "./harness/evaluate";
import * as fs from "node:fs";

const bundles = new Map<string, string | undefined>();

/** The hidden tests of `id` bundled into CommonJS text (cached per process), or undefined if none. */
export function hiddenBundle(id: string): string | undefined {
  if (!bundles.has(id)) {
    const file = hiddenTestPath(id);
    bundles.set(id, fs.existsSync(file) ? bundleTests(file) : undefined);
  }
  return bundles.get(id);
}

/** The job that grades `cellBody` (undefined: the cell is missing, with `missingReason`). */
export async function jobFor(
  id: string,
  cellBody: string | undefined,
  options: { hidden: boolean; missingReason?: string },
): Promise<ExerciseJob> {
  const e = findExercise(id);
  if (!e?.code) throw new Error(`jobFor: exercise ${id} has no code part`);
  const names = e.code.names;
  let cell: ExerciseJob["cell"];
  if (cellBody === undefined) cell = { error: options.missingReason ?? `没有找到练习 ${id} 的代码单元格` };
  else {
    const c = await compileCell(cellBody, names);
    cell = c.ok ? { js: c.js } : { error: c.error };
  }
  return { id, names, forbid: e.code.forbid ?? [], cell, hiddenJs: options.hidden ? hiddenBundle(id) : undefined };
}
