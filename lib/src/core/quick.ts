/**
 * Quick mode: `D2L_QUICK=1` shrinks epochs and data so that every notebook executes in a few
 * minutes (CI runs the notebooks this way). By default the book's settings are used.
 */

/** True when `D2L_QUICK` is set to 1, true or yes. */
export function quickMode(): boolean {
  return /^(1|true|yes)$/i.test(process.env.D2L_QUICK ?? "");
}

/** `full` normally, `quick` in quick mode: `const numEpochs = d2l.quickOr(250, 3);` */
export function quickOr<T>(full: T, quick: T): T {
  return quickMode() ? quick : full;
}
