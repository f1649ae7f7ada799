/**
 * The exercise catalogue (ids, points, notebooks, code and written parts, the names each code cell
 * defines). The data lives in the library (lib/src/check/catalogue.ts) so that the notebooks' check
 * cells can show titles and names; this module is the autograder's door to it, plus file locations.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { catalogue, Exercise, exercisePoints, findExercise } from "d2lzh/check";
import { HIDDEN_DIR, solutionPath, writtenPath } from "./cells";

export { catalogue, exercisePoints, findExercise };
export type { Exercise };

/** Exercises with an auto-graded code part. */
export function codeExercises(): Exercise[] {
  return catalogue.filter((e) => e.code !== undefined);
}

/** Exercises with a written part. */
export function writtenExercises(): Exercise[] {
  return catalogue.filter((e) => e.written !== undefined);
}

export function hiddenTestPath(id: string): string {
  return path.join(HIDDEN_DIR, `${id}.ts`);
}

/** Whether the exercise's code part has its solution and hidden tests yet. */
export function codeReady(id: string): boolean {
  return fs.existsSync(solutionPath(id)) && fs.existsSync(hiddenTestPath(id));
}

/** Whether the exercise's written part has its reference answer yet. */
export function writtenReady(id: string): boolean {
  return fs.existsSync(writtenPath(id));
}

/** Sort key of an exercise id, so that 6.10.1 comes after 6.9.1. */
export function idOrder(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
