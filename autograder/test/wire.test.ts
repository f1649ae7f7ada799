/**
 * What the judge takes back from the student's copy of an argument (wire.ts syncBack): an Rng only
 * in a state the judge's own Rng reaches by drawing. An honest function's draws, whatever mix of
 * uint32 / random / normal / shuffle, are taken; a state the student chose is not.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { MAX_RNG_DRAWS, reachableRngState, syncBack } from "../harness/wire";

type State = { a: number; b: number; c: number; d: number; spareNormal: number | undefined };
const libs = { tf, Rng: d2l.Rng };
const state = (r: d2l.Rng): State => {
  const s = r as unknown as State;
  return { a: s.a, b: s.b, c: s.c, d: s.d, spareNormal: s.spareNormal };
};
/** The student's copy: the same state on a fresh object, as decoding makes it. */
const copyOf = (r: d2l.Rng): d2l.Rng => Object.assign(Object.create(d2l.Rng.prototype) as d2l.Rng, r);

const HONEST: [string, (r: d2l.Rng) => void][] = [
  ["nothing", () => {}],
  ["one uint32", (r) => r.uint32()],
  ["randint and shuffle", (r) => (r.randint(0, 10), r.shuffle([1, 2, 3, 4, 5, 6]))],
  ["one normal (a spare is left)", (r) => r.normal()],
  ["two normals (the spare is used)", (r) => (r.normal(), r.normal())],
  ["a normal, then uniforms (an older spare is left)", (r) => (r.normal(), r.random(), r.uint32())],
  ["normals(1001), then a normal", (r) => (r.normals(1001), r.normal())],
  ["100,000 uniforms", (r) => { for (let i = 0; i < 100_000; i++) r.random(); }], // prettier-ignore
];

for (const [name, draw] of HONEST) {
  test(`an honest function's draws are taken back: ${name}`, () => {
    const judge = new d2l.Rng(7);
    judge.normals(3); // the judge's own draws before the call, a spare included
    const student = copyOf(judge);
    draw(student);
    assert.equal(reachableRngState(state(judge), state(student), d2l.Rng), state(student));
    syncBack(judge, copyOf(student), libs);
    assert.equal(state(judge), state(student));
  });
}

test("a state the student chose is refused, and the judge's Rng keeps its own", () => {
  const judge = new d2l.Rng(7);
  judge.normal();
  const before = state(judge);
  const honest = copyOf(judge);
  honest.normals(10);
  const forged: [string, Partial<State>][] = [
    ["all zeros", { a: 0, b: 0, c: 0, d: 0, spareNormal: undefined }],
    ["another seed's start", state(new d2l.Rng(8))],
    ["the seed's start again (the same inputs twice)", state(new d2l.Rng(7))],
    ["an honest counter with other words", { ...state(honest), a: state(honest).a ^ 1 }],
    ["a counter ahead of the words", { ...state(honest), d: (state(honest).d + 1) >>> 0 }],
    ["a spare no draw made", { ...state(honest), spareNormal: 0 }],
    ["a spare that is not a number", { ...state(honest), spareNormal: "0" as unknown as number }],
    ["more draws than a call may take", { ...state(honest), d: (before.d + MAX_RNG_DRAWS + 1) >>> 0 }],
    ["words that are not 32-bit", { ...state(honest), a: 2 ** 40 }],
  ];
  for (const [name, post] of forged) {
    assert.is(reachableRngState(before, post, d2l.Rng), undefined, name);
    syncBack(judge, Object.assign(Object.create(d2l.Rng.prototype) as object, post), libs);
    assert.equal(state(judge), before, `${name}: the judge's Rng is unchanged`);
  }
  // The judge's next draws are its own: what an untouched copy draws.
  const untouched = copyOf(judge);
  assert.is(judge.normal(), untouched.normal());
});

test("inside arrays and objects too", () => {
  const judge = new d2l.Rng(3);
  const args = { rng: judge, list: [judge] };
  const post = { rng: Object.assign(Object.create(d2l.Rng.prototype) as object, state(new d2l.Rng(0))), list: [copyOf(judge)] };
  (post.list[0] as d2l.Rng).randint(0, 5);
  syncBack(args, post, libs);
  assert.equal(state(judge), state(post.list[0] as d2l.Rng), "the honest copy in the list is taken; the forged one is not");
});

test.run();
