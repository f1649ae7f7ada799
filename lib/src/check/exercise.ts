/**
 * The shape of an exercise's catalogue entry: its id, the notebook section it lives in, its
 * auto-graded code part (the names the code cell must define) and its written part. Each exercise
 * declares its entry in `solutions/<id>/exercise.ts`; the catalogue in notebook order is the
 * `d2lzh-exercises` package.
 *
 * Ids: `6.4.2` is the second exercise at the end of section 6.4; `6.7.0` is the task inside the text
 * of section 6.7 (the core the section teaches and students write themselves, such as the GRU step).
 */

export interface CodePart {
  /** Names the code cell must define (and the check cell passes): `check("6.4.2", { gradClipping })`. */
  readonly names: readonly string[];
  /** The TypeScript signature of each name, as shown to students. */
  readonly signatures: readonly string[];
  /** Points of the auto-graded part: the sum of its test cases (public and hidden). */
  readonly points: number;
  /**
   * d2lzh functions a graded cell may not call (the grader hides them from `d2l`): the exercise
   * asks the student to write them.
   */
  readonly forbid?: readonly string[];
}

export interface WrittenPart {
  /** Points of the written answer, graded by hand. */
  readonly points: number;
}

export interface Exercise {
  /** `6.4.2` (end-of-section exercise) or `6.7.0` (the task in the text of section 6.7). */
  readonly id: string;
  /** Section, e.g. `6.4`; the exercise's cells live in the notebook `06.4-*.ipynb`. */
  readonly section: string;
  /** Short Chinese title. */
  readonly title: string;
  /** The exercise as stated to students (Chinese, our own words). */
  readonly question: string;
  /** What the code cell must do (Chinese), when there is an auto-graded part. */
  readonly task?: string;
  readonly code?: CodePart;
  readonly written?: WrittenPart;
}

/** Total points of an exercise (code and written). */
export function exercisePoints(e: Exercise): number {
  return (e.code?.points ?? 0) + (e.written?.points ?? 0);
}
