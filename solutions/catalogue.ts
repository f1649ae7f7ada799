/**
 * The chapter's exercises in notebook order: each one's catalogue entry and its public test suite
 * (the suites ship to students and run in the notebooks' check cells). Adding an exercise: make
 * its folder `solutions/<id>/` (see autograder/README.md) and list it here.
 */
import type { Exercise, Suite } from "d2lzh/check";
import { exercise as e6_1_0 } from "./6.1.0/exercise";
import e6_1_0_public from "./6.1.0/public";
import { exercise as e6_1_1 } from "./6.1.1/exercise";
import e6_1_1_public from "./6.1.1/public";
import { exercise as e6_1_2 } from "./6.1.2/exercise";
import { exercise as e6_2_1 } from "./6.2.1/exercise";
import e6_2_1_public from "./6.2.1/public";
import { exercise as e6_2_2 } from "./6.2.2/exercise";
import e6_2_2_public from "./6.2.2/public";
import { exercise as e6_3_0 } from "./6.3.0/exercise";
import e6_3_0_public from "./6.3.0/public";
import { exercise as e6_3_1 } from "./6.3.1/exercise";
import e6_3_1_public from "./6.3.1/public";
import { exercise as e6_3_2 } from "./6.3.2/exercise";
import e6_3_2_public from "./6.3.2/public";
import { exercise as e6_4_1 } from "./6.4.1/exercise";
import e6_4_1_public from "./6.4.1/public";
import { exercise as e6_4_2 } from "./6.4.2/exercise";
import e6_4_2_public from "./6.4.2/public";
import { exercise as e6_4_3 } from "./6.4.3/exercise";
import e6_4_3_public from "./6.4.3/public";
import { exercise as e6_4_4 } from "./6.4.4/exercise";
import e6_4_4_public from "./6.4.4/public";
import { exercise as e6_4_5 } from "./6.4.5/exercise";
import e6_4_5_public from "./6.4.5/public";
import { exercise as e6_5_1 } from "./6.5.1/exercise";
import e6_5_1_public from "./6.5.1/public";
import { exercise as e6_6_1 } from "./6.6.1/exercise";
import e6_6_1_public from "./6.6.1/public";
import { exercise as e6_7_0 } from "./6.7.0/exercise";
import e6_7_0_public from "./6.7.0/public";
import { exercise as e6_7_1 } from "./6.7.1/exercise";
import e6_7_1_public from "./6.7.1/public";
import { exercise as e6_7_2 } from "./6.7.2/exercise";
import e6_7_2_public from "./6.7.2/public";
import { exercise as e6_7_3 } from "./6.7.3/exercise";
import e6_7_3_public from "./6.7.3/public";
import { exercise as e6_8_0 } from "./6.8.0/exercise";
import e6_8_0_public from "./6.8.0/public";
import { exercise as e6_8_1 } from "./6.8.1/exercise";
import e6_8_1_public from "./6.8.1/public";
import { exercise as e6_8_2 } from "./6.8.2/exercise";
import e6_8_2_public from "./6.8.2/public";
import { exercise as e6_8_3 } from "./6.8.3/exercise";
import e6_8_3_public from "./6.8.3/public";
import { exercise as e6_9_1 } from "./6.9.1/exercise";
import e6_9_1_public from "./6.9.1/public";
import { exercise as e6_10_1 } from "./6.10.1/exercise";
import e6_10_1_public from "./6.10.1/public";
import { exercise as e6_10_2 } from "./6.10.2/exercise";
import e6_10_2_public from "./6.10.2/public";

/** Every exercise of the chapter, in notebook order. */
export const catalogue: readonly Exercise[] = [
  e6_1_0,
  e6_1_1,
  e6_1_2,
  e6_2_1,
  e6_2_2,
  e6_3_0,
  e6_3_1,
  e6_3_2,
  e6_4_1,
  e6_4_2,
  e6_4_3,
  e6_4_4,
  e6_4_5,
  e6_5_1,
  e6_6_1,
  e6_7_0,
  e6_7_1,
  e6_7_2,
  e6_7_3,
  e6_8_0,
  e6_8_1,
  e6_8_2,
  e6_8_3,
  e6_9_1,
  e6_10_1,
  e6_10_2,
];

const suites: readonly Suite[] = [
  e6_1_0_public,
  e6_1_1_public,
  e6_2_1_public,
  e6_2_2_public,
  e6_3_0_public,
  e6_3_1_public,
  e6_3_2_public,
  e6_4_1_public,
  e6_4_2_public,
  e6_4_3_public,
  e6_4_4_public,
  e6_4_5_public,
  e6_5_1_public,
  e6_6_1_public,
  e6_7_0_public,
  e6_7_1_public,
  e6_7_2_public,
  e6_7_3_public,
  e6_8_0_public,
  e6_8_1_public,
  e6_8_2_public,
  e6_8_3_public,
  e6_9_1_public,
  e6_10_1_public,
  e6_10_2_public,
];

/** The exercise with this id, or undefined. */
export function findExercise(id: string): Exercise | undefined {
  return catalogue.find((e) => e.id === id);
}

/** Every public suite, in notebook order. */
export function publicSuites(): readonly Suite[] {
  return suites;
}

/** The public suite of exercise `id`, or undefined. */
export function publicSuite(id: string): Suite | undefined {
  return suites.find((s) => s.id === id);
}
