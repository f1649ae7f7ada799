/** The public test suites, by exercise id: they ship with d2lzh and run in the notebook's check cells. */
import { Suite } from "../suite";
import s642 from "./6.4.2";

const suites: readonly Suite[] = [s642];

/** Every public suite. */
export function publicSuites(): readonly Suite[] {
  return suites;
}

/** The public suite of exercise `id`, or undefined. */
export function publicSuite(id: string): Suite | undefined {
  return publicSuites().find((s) => s.id === id);
}
