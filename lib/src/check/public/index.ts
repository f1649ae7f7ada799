/** The public test suites, by exercise id: they ship with d2lzh and run in the notebook's check cells. */
import { Suite } from "../suite";
import s610 from "./6.1.0";
import s611 from "./6.1.1";
import s621 from "./6.2.1";
import s642 from "./6.4.2";
import s645 from "./6.4.5";
import s673 from "./6.7.3";
import s682 from "./6.8.2";
import s683 from "./6.8.3";
import s6101 from "./6.10.1";

const suites: readonly Suite[] = [s610, s611, s621, s642, s645, s673, s682, s683, s6101];

/** Every public suite. */
export function publicSuites(): readonly Suite[] {
  return suites;
}

/** The public suite of exercise `id`, or undefined. */
export function publicSuite(id: string): Suite | undefined {
  return suites.find((s) => s.id === id);
}
