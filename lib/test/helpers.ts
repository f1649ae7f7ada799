/** Assertions shared by the library's test suites. */
import * as assert from "uvu/assert";

/** Asserts that `f` throws exactly `expected` (and shows the message it did throw). */
export function throwsMessage(f: () => unknown, expected: string): void {
  let got = "no error";
  try {
    f();
  } catch (e) {
    got = (e as Error).message;
  }
  assert.is(got, expected);
}
