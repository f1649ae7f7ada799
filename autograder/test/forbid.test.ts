/**
 * `forbid`, proven: for every exercise that forbids d2lzh functions, nothing a graded cell is given
 * reaches them. The walk covers the d2lzh view the grader hands the cell and everything reachable
 * from it (own properties, getters, prototypes, Maps and Sets, and what the public factories
 * return: every cell kit and fused layer for every cell and activation), and fails on a function
 * that is a forbidden implementation, or whose code calls or holds one (a wrapper such as a cell
 * kit's `step` closure). Then one generated hostile cell per forbidden name tries to reach the name
 * through the view's every door and delegates to it: it must find nothing and score zero.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as path from "node:path";
import { codeExercises, codeReady } from "../catalogue";
import { compileCell } from "../harness/compile";
import { ExerciseJob, Libraries, cellModules, forbiddenNames, gradeInProcess, loadCell } from "../harness/evaluate";
import { loadLibraries } from "../harness/libraries";
import { REACH } from "../harness/reach";
import { reachGraph } from "../harness/reach-graph";
import { hiddenBundle } from "../jobs";

const root = path.resolve(__dirname, "..", "..");
let libs: Libraries;
test.before(async () => {
  libs = await loadLibraries(root);
});

const forbidding = codeExercises().filter((e) => codeReady(e.id) && (e.code?.forbid ?? []).length > 0);
const CELLS = ["rnn", "gru", "lstm"] as const;
const ACTIVATIONS = [undefined, "tanh", "relu", "identity"] as const;

/** What the public factories of a view return, for every argument they take (cell names, activations). */
function factoryResults(d2l: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  const call = (label: string, fn: unknown, args: unknown[]) => {
    if (typeof fn !== "function") return;
    try {
      out.push([`${label}(${args.map((a) => JSON.stringify(a)).join(", ")})`, fn(...args)]);
    } catch {
      // a combination the factory refuses
    }
  };
  for (const name of ["cellKit", "fusedLayer"]) for (const c of CELLS) for (const a of ACTIVATIONS) call(name, d2l[name], [c, a]);
  for (const c of CELLS) call("defaultsFor", d2l.defaultsFor, [c]);
  call("trainConfig", d2l.trainConfig, [{}]);
  call("scan", d2l.scan, [(_p: unknown, s: unknown) => s]);
  call("seed", d2l.seed, [1]);
  return out;
}

const INTRINSIC = new Set<unknown>([
  Object.prototype,
  Function.prototype,
  Array.prototype,
  Map.prototype,
  Set.prototype,
  Promise.prototype,
  Error.prototype,
  Object.getPrototypeOf(function* () {}),
  Object.getPrototypeOf(async () => {}),
]);

/** Every function reachable from `roots`, with the path that reaches it. */
function reachableFunctions(roots: [string, unknown][], stopAt: Set<unknown>): Map<(...a: unknown[]) => unknown, string> {
  const fns = new Map<(...a: unknown[]) => unknown, string>();
  const seen = new Set<unknown>();
  const queue: [string, unknown][] = [...roots];
  while (queue.length > 0) {
    const [at, v] = queue.shift()!;
    if ((typeof v !== "object" && typeof v !== "function") || v === null || seen.has(v) || INTRINSIC.has(v) || stopAt.has(v)) continue;
    seen.add(v);
    if (typeof v === "function") fns.set(v as (...a: unknown[]) => unknown, at);
    for (const key of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, key)!;
      const label = `${at}.${String(key)}`;
      if ("value" in d) queue.push([label, d.value]);
      else {
        queue.push([`${label}[get]`, d.get], [`${label}[set]`, d.set]);
        try {
          queue.push([label, Reflect.get(v, key)]);
        } catch {
          // a getter that needs its own receiver
        }
      }
    }
    queue.push([`${at}.[[Prototype]]`, Object.getPrototypeOf(v)]);
    if (v instanceof Map) for (const [k, x] of v) queue.push([`${at}.key`, k], [`${at}.get(…)`, x]);
    if (v instanceof Set) for (const x of v) queue.push([`${at}.item`, x]);
  }
  return fns;
}

/** Whether compiled code calls or holds `name` (a same-module call, or a CommonJS `mod_1.name`). */
function mentions(source: string, name: string): boolean {
  return new RegExp(`[\\w$]_\\d+\\.${name}(?![\\w$])|(?<![\\w$.'"\`])${name}\\s*\\(`).test(source);
}

test("reach.ts is the library's reach graph (regenerate: npx tsx autograder/harness/reach-graph.ts --write)", () => {
  assert.equal(REACH, reachGraph(root));
});

test("the walk sees what it must: the full d2lzh reaches every forbidden function and a wrapper of rnnStep", () => {
  const d2l = libs.d2l as unknown as Record<string, unknown>;
  const fns = reachableFunctions([["d2l", { ...d2l }], ...factoryResults(d2l)], new Set([libs.tf]));
  for (const e of forbidding) for (const f of e.code!.forbid!) assert.ok(fns.has(d2l[f] as never), `${f} is reachable`);
  const wrapper = [...fns.keys()].find((fn) => fns.get(fn)!.startsWith('cellKit("rnn", "relu")') && mentions(fn.toString(), "rnnStep"));
  assert.ok(wrapper, "the rnn cell kit's step is seen as a wrapper of rnnStep");
});

for (const e of forbidding) {
  const forbid = e.code!.forbid!;
  test(`${e.id}: nothing reachable from the cell's d2lzh is a forbidden function (${forbid.join(", ")}) or calls one`, () => {
    const names = forbiddenNames(forbid);
    const full = libs.d2l as unknown as Record<string, unknown>;
    const view = cellModules(forbid, libs).d2l as unknown as Record<string, unknown>;
    for (const n of names) assert.is(view[n], undefined, `d2l.${n} is absent`);
    const impls = new Map(names.filter((n) => typeof full[n] === "function").map((n) => [full[n], n]));
    const fns = reachableFunctions([["d2l", view], ...factoryResults(view)], new Set([libs.tf, libs.tf.Tensor.prototype]));
    const bad: string[] = [];
    for (const [fn, at] of fns) {
      if (impls.has(fn)) bad.push(`${at} is d2l.${impls.get(fn)}`);
      const source = Function.prototype.toString.call(fn);
      for (const n of names) if (mentions(source, n)) bad.push(`${at} calls ${n}`);
    }
    assert.equal(bad, [], `reachable from the view of ${e.id}`);
  });

  test(`${e.id}: one hostile cell per forbidden name finds nothing through any door and scores zero`, async () => {
    const names = forbiddenNames(forbid);
    const hidden = hiddenBundle(e.id);
    for (const n of names) {
      const own = e.code!.names;
      const body = [
        `// 练习 ${e.id}: tries to reach d2l.${n}`,
        "const d: any = d2l;",
        `const key = ${JSON.stringify(n)};`,
        "const doors: Record<string, unknown> = {};",
        "try { doors.direct = d[key]; } catch {}",
        "try { doors.default = d.default?.[key]; } catch {}",
        "try { doors.proto = Object.getPrototypeOf(d)?.[key]; } catch {}",
        "try { doors.keys = Object.keys(d).includes(key) || undefined; } catch {}",
        "try { doors.in = key in d || undefined; } catch {}",
        "try { doors.descriptor = Object.getOwnPropertyDescriptor(d, key); } catch {}",
        "try { doors.rng = (d.Rng as any)?.[key] ?? (d.Rng?.prototype as any)?.[key]; } catch {}",
        "try { doors.tf = (tf as any)[key]; } catch {}",
        "function __doors(): string[] { return Object.keys(doors).filter((k) => doors[k] !== undefined); }",
        ...own.map(
          (name) =>
            `function ${name}(...a: any[]): any { const g = doors.direct as any; if (typeof g === "function") return g(...a); throw new Error("没有实现"); }`,
        ),
      ].join("\n");
      const all = [...own, "__doors"];
      const c = await compileCell(body, all);
      assert.ok(c.ok, `the hostile cell for ${n} compiles: ${c.ok ? "" : c.error}`);
      const job: ExerciseJob = { id: e.id, names: all, forbid, cell: { js: (c as { js: string }).js }, hiddenJs: hidden };
      const loaded = await loadCell(job, libs, 5_000);
      assert.ok("impl" in loaded, `the hostile cell for ${n} loads`);
      const found = (loaded as { impl: Record<string, () => string[]> }).impl.__doors();
      assert.equal(found, [], `${e.id}: d2l.${n} is reachable through ${found.join(", ")}`);
      const graded = await gradeInProcess({ ...job, names: own }, libs, { loadTimeoutMs: 5_000 });
      const points = graded.filter((g) => g.status === "passed").reduce((s, g) => s + g.points, 0);
      assert.is(points, 0, `${e.id}: delegating to d2l.${n} gains ${points} points`);
    }
  });
}

test.run();
