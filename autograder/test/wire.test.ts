/**
 * What the judge takes back from the student's copy of an argument (wire.ts syncBack): an Rng only
 * in a state the judge's own Rng reaches by drawing. An honest function's draws, whatever mix of
 * uint32 / random / normal / shuffle, are taken; a state the student chose is not.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { undoAll } from "../harness/judge";
import { MAX_RNG_DRAWS, Tensors, decode, reachableRngState, syncBack } from "../harness/wire";

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

test("a post that names __proto__ reaches no prototype of the judge's thread", () => {
  // A forged reply's argument data (a student can write frames): an own "__proto__" key whose
  // value would become Object.prototype's tolerances for every later comparison in this thread.
  const frame = '{"$":"o","v":{"__proto__":{"$":"o","v":{"atol":1e30,"rtol":1e30}},"n":2}}';
  const post = decode(JSON.parse(frame), libs, new Tensors("judge"));
  assert.ok(Object.hasOwn(post as object, "__proto__"), "decoding keeps the key as an own property, as the attack needs");
  const target: Record<string, unknown> = { n: 1 };
  syncBack(target, post, libs);
  const probe: Record<string, unknown> = {};
  assert.is(probe.atol, undefined, "Object.prototype is untouched");
  assert.is(Object.getPrototypeOf(target), Object.prototype);
  assert.is(target.n, 2, "the own data property still takes the student's value");
  // Nor through an inherited object-valued property, an accessor or a read-only one.
  class Holder {
    get g(): number {
      return 1;
    }
  }
  (Holder.prototype as unknown as Record<string, unknown>).shared = { x: 1 };
  const held = Object.defineProperty(new Holder() as unknown as Record<string, unknown>, "fixed", { value: 5, enumerable: true });
  syncBack(held, { shared: { x: 99 }, g: 7, fixed: 6 }, libs);
  assert.equal((Holder.prototype as unknown as Record<string, { x: number }>).shared, { x: 1 }, "the prototype's object keeps its field");
  assert.not.ok(Object.hasOwn(held, "shared"), "and is not shadowed");
  assert.is(held.g, 1);
  assert.is(held.fixed, 5);
});

test("what a case's calls changed in the judge's arguments is undone when the case ends", () => {
  // A test module's exported fixture is the same array for every submission the judge grades.
  const CORPUS = ["我", "想", "你", "我"];
  const fixture = { corpus: CORPUS, counts: new Map([["我", 2]]), depth: 1, nested: [{ k: 1 }] };
  const rng = new d2l.Rng(4);
  const before = state(rng);
  const undo: (() => void)[] = [];
  const studentRng = copyOf(rng);
  studentRng.uint32();
  syncBack(
    [fixture, rng],
    [{ corpus: ["我", "我"], counts: new Map([["x", 1]]), depth: 9, extra: true, nested: [{ k: 7 }] }, studentRng],
    libs,
    undo,
  );
  assert.equal(CORPUS, ["我", "我"], "during the case the judge sees what the function did (in-place checks)");
  assert.is(fixture.depth, 9);
  assert.equal(state(rng), state(studentRng));
  undoAll(undo);
  assert.is(fixture.corpus, CORPUS, "the same array object");
  assert.equal(CORPUS, ["我", "想", "你", "我"], "with its own contents and length again");
  assert.equal([...fixture.counts], [["我", 2]]);
  assert.is(fixture.depth, 1);
  assert.not.ok(Object.hasOwn(fixture, "extra"));
  assert.equal(fixture.nested, [{ k: 1 }]);
  assert.equal(state(rng), before, "and the judge's Rng its state");
  assert.is(undo.length, 0);
});

test.run();
