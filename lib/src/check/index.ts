/**
 * d2lzh/check: the exercise checker of the chapter 6 workbook.
 *
 * - In a notebook: `import { check } from "d2lzh/check";` then `await check("6.4.2", { gradClipping });`
 *   runs the exercise's public tests in the kernel and prints the result in Chinese.
 * - For test authors: `defineTests` and the assertions; the autograder runs the same suites (public
 *   and hidden) in an isolated child process.
 * - The exercise catalogue (ids, points, names each code cell defines).
 */
export { check, formatReport, runPublic } from "./check";
export type { CheckReport } from "./check";
export { catalogue, exercisePoints, findExercise } from "./catalogue";
export type { CodePart, Exercise, WrittenPart } from "./catalogue";
export { DEFAULT_TIMEOUT_MS, defineTests } from "./suite";
export type { CaseOptions, DefineCase, Impl, Suite, TestCase, Visibility } from "./suite";
export { explain, runCase, score } from "./runner";
export type { CaseOutcome, CaseStatus } from "./runner";
export { publicSuite, publicSuites } from "./public";
export * as assert from "./assert";
export { CheckFailure } from "./assert";
export * as fixtures from "./fixtures";
