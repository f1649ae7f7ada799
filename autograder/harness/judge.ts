/**
 * The judge: test cases run on the trusted side, and only the student's functions run in the
 * student's process. A case's code (seeded inputs, the expected values, the comparisons) runs
 * in the judge with an implementation whose functions are calls into the student's process: the
 * arguments go there as data, the student's function runs on its own copy of them, and its
 * return value (and what it left in its arguments: a disposed tensor, a mutated array, an Rng that
 * advanced) comes back as data (wire.ts). Nothing the student's process computes is trusted beyond
 * "this is what your function returned": a patched tensor read path, random generator or kernel
 * there only changes the student's own return values, which the judge then compares with its own.
 *
 * Cases that must run in the student's process (autodiff through the student's function, a
 * tf.LayersModel the test trains, identity checks) are listed in tiers.json with tier "student":
 * they run whole in the student's process, and a student who forges them gains only those cases.
 * A test (exercises.test.ts) keeps the list exact: the reference solution fails exactly the listed
 * cases when they are forced through the judge.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as Check from "d2lzh/check";
import { Enc, Libs, Tensors, WireError, decode, encode, rethrow, syncBack, thrown } from "./wire";

/** How a call into the student's process ended. */
export type CallReply =
  | { readonly ok: true; readonly value: Enc; readonly args: readonly Enc[] }
  | { readonly ok: false; readonly thrown: Enc; readonly args: readonly Enc[] }
  | { readonly gone: { readonly status: "timeout" | "crashed"; readonly reason: string } };

/** What a loaded cell defines, as data: functions by name, values encoded. */
export type ImplShape = Readonly<
  Record<string, { readonly kind: "function" } | { readonly kind: "value"; readonly value: Enc } | { readonly kind: "missing" }>
>;

/** The student's process ended (hung, died): the case in progress is lost. */
export class StudentGone extends Error {
  constructor(
    readonly status: "timeout" | "crashed",
    readonly reason: string,
  ) {
    super(reason);
    this.name = "StudentGone";
  }
}

export type Tier = "judge" | "student";

let tiers: Record<string, Record<string, Tier>> | undefined;

/** The tier of a case: "judge" unless tiers.json says "student". */
export function tierOf(id: string, caseName: string): Tier {
  if (tiers === undefined) {
    const file = path.join(__dirname, "tiers.json");
    try {
      tiers = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, Record<string, Tier>>;
    } catch {
      tiers = {};
    }
  }
  return tiers[id]?.[caseName] ?? "judge";
}

/** For tests and the tiers command: replaces the table. */
export function setTiers(table: Record<string, Record<string, Tier>>): void {
  tiers = table;
}

// ---- the student's side ----

/** The shape of a loaded cell, as data. */
export function implShape(impl: Record<string, unknown>, names: readonly string[], libs: Libs): ImplShape {
  const out: Record<string, ImplShape[string]> = {};
  for (const n of names) {
    const v = impl[n];
    if (v === undefined) out[n] = { kind: "missing" };
    else if (typeof v === "function") out[n] = { kind: "function" };
    else {
      try {
        out[n] = { kind: "value", value: encode(v, libs, new Tensors("student")) };
      } catch {
        out[n] = { kind: "value", value: { $: "x", what: "value" } };
      }
    }
  }
  return out;
}

/**
 * Runs one call of the student's function `name` on decoded arguments (the student's side of a
 * case; `table` lives for the case). Never throws: a throw becomes data.
 */
export function serveCall(
  impl: Record<string, unknown>,
  name: string,
  argsData: readonly unknown[],
  libs: Libs,
  table: Tensors,
): CallReply | Promise<CallReply> {
  let args: unknown[];
  try {
    args = argsData.map((a) => decode(a, libs, table));
  } catch (err) {
    return { ok: false, thrown: thrown(err, libs, table), args: [] };
  }
  const post = (): Enc[] => {
    try {
      return args.map((a) => encode(a, libs, table));
    } catch {
      return [];
    }
  };
  const finish = (value: unknown): CallReply => {
    try {
      return { ok: true, value: encode(value, libs, table), args: post() };
    } catch (err) {
      return {
        ok: false,
        thrown: thrown(err instanceof WireError ? new Error(`返回值无法读取：${err.message}`) : err, libs, table),
        args: post(),
      };
    }
  };
  const failed = (err: unknown): CallReply => ({ ok: false, thrown: thrown(err, libs, table), args: post() });
  const fn = impl[name];
  if (typeof fn !== "function") return failed(new TypeError(`${name} is not a function`));
  let result: unknown;
  try {
    result = Reflect.apply(fn as (...a: unknown[]) => unknown, undefined, args);
  } catch (err) {
    return failed(err);
  }
  if (result instanceof Promise) return Promise.prototype.then.call(result, finish, failed) as Promise<CallReply>;
  return finish(result);
}

// ---- the judge's side ----

/** Reverses what `syncBack` changed in a case's arguments, last change first. */
export function undoAll(undo: (() => void)[]): void {
  for (let u = undo.pop(); u !== undefined; u = undo.pop()) {
    try {
      u();
    } catch {
      // a target that became frozen keeps what it has
    }
  }
}

export interface Remote {
  /** One call into the student's process (synchronous in the grader: the judge waits). */
  call(name: string, args: Enc[]): CallReply | Promise<CallReply>;
}

/**
 * The implementation the case code sees in the judge: values from the shape, functions that call
 * the student's process. What a call left in its arguments is copied back (`syncBack`), with its
 * reversal pushed onto `undo` for `undoAll` when the case ends.
 */
export function remoteImpl(
  shape: ImplShape,
  remote: Remote,
  libs: Libs,
  table: Tensors,
  undo: (() => void)[] = [],
): Record<string, unknown> {
  const impl: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(shape)) {
    if (s.kind === "missing") impl[name] = undefined;
    else if (s.kind === "value") impl[name] = decode(s.value, libs, new Tensors("judge"));
    else {
      impl[name] = (...args: unknown[]) => {
        const sent = args.map((a) => encode(a, libs, table));
        const handle = (r: CallReply): unknown => {
          if ("gone" in r) throw new StudentGone(r.gone.status, r.gone.reason);
          const posts = r.args.map((a) => {
            try {
              return decode(a, libs, table);
            } catch {
              return undefined;
            }
          });
          posts.forEach((p, i) => {
            if (i < args.length && p !== undefined) syncBack(args[i], p, libs, undo);
          });
          if (r.ok) return decode(r.value, libs, table);
          throw rethrow(r.thrown, libs, table);
        };
        const reply = remote.call(name, sent);
        return reply instanceof Promise ? reply.then(handle) : handle(reply);
      };
    }
  }
  return impl;
}

/**
 * Runs one case in the judge against the student's process. A lost student process (timeout,
 * crash) becomes that status; everything else is the case's own outcome, decided here.
 */
export async function judgeCase(
  c: Check.TestCase,
  check: typeof Check,
  impl: Record<string, unknown>,
  timeoutMs: number,
): Promise<Check.CaseOutcome & { gone?: StudentGone }> {
  let gone: StudentGone | undefined;
  const wrapped: Check.TestCase = {
    name: c.name,
    points: c.points,
    timeoutMs: c.timeoutMs,
    run: async (i) => {
      try {
        await c.run(i);
      } catch (err) {
        if (err instanceof StudentGone) gone = err;
        throw err;
      }
      if (gone) throw gone; // the case code swallowed it
    },
  };
  const outcome = await check.runCase(wrapped, impl, timeoutMs);
  if (gone) return { name: c.name, points: c.points, status: gone.status === "timeout" ? "timeout" : "error", message: gone.reason, gone };
  return outcome;
}

/** Disposes what a case left in the judge's table. */
export function disposeAll(table: Tensors): void {
  for (const t of table.all()) {
    try {
      if (!t.isDisposed) t.dispose();
    } catch {
      // already gone
    }
  }
}
