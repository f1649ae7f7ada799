/**
 * d2lzh-exercises: the exercises of chapter 6, one folder each (`solutions/<id>/`).
 *
 * - In a notebook: `import { check } from "d2lzh-exercises";` then
 *   `await check("6.4.2", { gradClipping: gradClipping });` runs the exercise's public tests in the
 *   kernel and prints the result in Chinese.
 * - For the grader and the notebook builder: the catalogue in notebook order and the public suites.
 *
 * Only the shipped files of each folder (`exercise.ts`, `public.ts`, the helpers in `shared/` whose
 * names do not start with `hidden`) are part of this package; solutions, hidden tests, reference
 * answers and known-wrong variants stay with the instructor.
 */
export { check, formatReport, runPublic } from "./check";
export type { CheckReport } from "./check";
export { catalogue, findExercise, publicSuite, publicSuites } from "./catalogue";
