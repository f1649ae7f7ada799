/**
 * How exercise tests are written. A suite belongs to one exercise and one visibility; each case
 * is a behaviour sentence (Chinese, shown to the student), its points, and a function that receives
 * the student's implementation (the names their cell defines) and throws when it is wrong:
 *
 *   export default defineTests<Impl>("6.4.2", "public", (test) => {
 *     test("范数不超过 theta 时梯度原样返回", 1, ({ gradClipping }) => { ... });
 *   });
 *
 * The same suites grade the reference solution, the generated stub, the known-wrong variants and
 * every student: the implementation is always a parameter.
 */

/** The names one exercise cell defines, by name. Values are whatever the student wrote. */
export type Impl = Record<string, unknown>;

export type Visibility = "public" | "hidden";

export interface TestCase<I = unknown> {
  /** A behaviour sentence in Chinese; unique within the exercise (public and hidden together). */
  readonly name: string;
  /** Points for passing; a case passes or fails as a whole. */
  readonly points: number;
  /** Time limit for this case in milliseconds (default `DEFAULT_TIMEOUT_MS`). */
  readonly timeoutMs: number;
  /** Throws (a `CheckFailure`, or anything) when the implementation is wrong. (A method, so that a
   * suite for a specific implementation type is also a `Suite<Impl>`.) */
  run(impl: I): void | Promise<void>;
}

export interface Suite<I = unknown> {
  readonly id: string;
  readonly visibility: Visibility;
  readonly cases: readonly TestCase<I>[];
}

export interface CaseOptions {
  /** Time limit in milliseconds. Default `DEFAULT_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
}

/** Default per-case time limit: generous for the notebook, far above what a correct answer needs. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export type DefineCase<I> = (name: string, points: number, run: (impl: I) => void | Promise<void>, options?: CaseOptions) => void;

/** Builds a suite; `build` registers the cases in order by calling `test`. */
export function defineTests<I = Impl>(id: string, visibility: Visibility, build: (test: DefineCase<I>) => void): Suite<I> {
  const cases: TestCase<I>[] = [];
  build((name, points, run, options = {}) => {
    if (!(Number.isInteger(points) && points >= 0)) {
      throw new Error(`defineTests(${id}): case "${name}": points: expected an integer >= 0, got ${points}`);
    }
    if (cases.some((c) => c.name === name)) throw new Error(`defineTests(${id}): duplicate case name "${name}"`);
    cases.push({ name, points, run, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  });
  return { id, visibility, cases };
}
