/** The public test suites, by exercise id: they ship with d2lzh and run in the notebook's check cells. */
import { Suite } from "../suite";
import s610 from "./6.1.0";
import s611 from "./6.1.1";
import s621 from "./6.2.1";
import s622 from "./6.2.2";
import s630 from "./6.3.0";
import s631 from "./6.3.1";
import s632 from "./6.3.2";
import s641 from "./6.4.1";
import s642 from "./6.4.2";
import s643 from "./6.4.3";
import s644 from "./6.4.4";
import s645 from "./6.4.5";
import s651 from "./6.5.1";
import s661 from "./6.6.1";
import s670 from "./6.7.0";
import s671 from "./6.7.1";
import s672 from "./6.7.2";
import s673 from "./6.7.3";
import s680 from "./6.8.0";
import s681 from "./6.8.1";
import s682 from "./6.8.2";
import s683 from "./6.8.3";
import s691 from "./6.9.1";
import s6101 from "./6.10.1";
import s6102 from "./6.10.2";

const suites: readonly Suite[] = [
  s610,
  s611,
  s621,
  s622,
  s630,
  s631,
  s632,
  s641,
  s642,
  s643,
  s644,
  s645,
  s651,
  s661,
  s670,
  s671,
  s672,
  s673,
  s680,
  s681,
  s682,
  s683,
  s691,
  s6101,
  s6102,
];

/** Every public suite. */
export function publicSuites(): readonly Suite[] {
  return suites;
}

/** The public suite of exercise `id`, or undefined. */
export function publicSuite(id: string): Suite | undefined {
  return suites.find((s) => s.id === id);
}
