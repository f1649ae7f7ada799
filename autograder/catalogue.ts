/**
 * The exercise catalogue (ids, points, notebooks, code and written parts, the names each code cell
 * defines). Each exercise declares its entry in `solutions/<id>/exercise.ts` and the `d2lzh-exercises`
 * package lists them in notebook order; this module is the autograder's door to it, plus file locations.
 */
import * as fs from "node:fs";
import { exercisePoints, type Exercise } from "d2lzh/check";
import { catalogue, findExercise } from "d2lzh-exercises";
import { hiddenTestPath, solutionPath, writtenPath } from "./cells";

export { catalogue, exercisePoints, findExercise, hiddenTestPath };
export type { Exercise };

/** Exercises with an auto-graded code part. */
export function codeExercises(): Exercise[] {
  return catalogue.filter((e) => e.code !== undefined);
}

/** Exercises with a written part. */
export function writtenExercises(): Exercise[] {
  return catalogue.filter((e) => e.written !== undefined);
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
