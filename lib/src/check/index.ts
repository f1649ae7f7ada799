/**
 * d2lzh/check: the test framework of the chapter 6 exercises.
 *
 * - `defineTests` and the assertions (Chinese, tensor-aware messages) for writing an exercise's
 *   public and hidden tests; `runCase` and `score` to run them.
 * - The type of a catalogue entry (`Exercise`). The exercises themselves (entries, tests, the
 *   notebook's `check`) are the `d2lzh-exercises` package.
 */
export { exercisePoints } from "./exercise";
export type { CodePart, Exercise, WrittenPart } from "./exercise";
export { DEFAULT_TIMEOUT_MS, defineTests } from "./suite";
export type { CaseOptions, DefineCase, Impl, Suite, TestCase, Visibility } from "./suite";
export { explain, runCase, score } from "./runner";
export type { CaseOutcome, CaseStatus } from "./runner";
export * as assert from "./assert";
export { CheckFailure } from "./assert";
export * as fixtures from "./fixtures";
