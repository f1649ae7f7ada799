/**
 * Plain data across the boundary between the judge and a student's process: tensors, numbers (NaN,
 * ±Infinity, -0 included), strings, arrays, plain objects, Maps, Sets, typed arrays, d2l.Rng states,
 * iterables (collected, bounded) and opaque markers for everything else (functions, proxies,
 * getters, class instances' methods). Never a live object: the receiver rebuilds values from data.
 *
 * Encoding runs in the student's process on student values: it reads own data properties only
 * (no getters), refuses proxies, and stops at a size budget. Decoding runs in the judge on hostile
 * data: every field is validated, objects are built with defineProperty (no `__proto__` tricks),
 * tensors are rebuilt from bytes whose length must match their shape and dtype.
 *
 * Tensors keep their identity across one case: a tensor one side sent and the other returns comes
 * back as a reference (`{$: "r", id}`) and decodes to the sender's own tensor.
 */
import type * as TF from "@tensorflow/tfjs";
import { types } from "node:util";

export type Enc = null | boolean | number | string | Enc[] | { readonly $: string; readonly [k: string]: unknown };

/** Bounds on one message's data. */
export const LIMITS = { elements: 4_000_000, depth: 24, items: 10_001, stringChars: 200_000, keys: 10_000 } as const;

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WireError";
  }
}

interface RngLike {
  readonly seed: number;
}

export interface Libs {
  readonly tf: typeof TF;
  readonly Rng: new (seed: number) => RngLike;
}

const DTYPES = ["float32", "int32", "bool", "string"] as const;
const TYPED: Record<string, new (b: ArrayBuffer) => ArrayLike<number>> = {
  Float32Array,
  Float64Array,
  Int32Array,
  Int16Array,
  Int8Array,
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Uint8ClampedArray,
};

/** One side's tensor table for a case: ids of tensors sent or received, so identity survives a round trip. */
export class Tensors {
  private readonly ids = new Map<TF.Tensor, number>();
  private readonly byId = new Map<number, TF.Tensor>();
  private next: number;
  constructor(side: "judge" | "student") {
    this.next = side === "judge" ? 2 : 1;
  }
  idOf(t: TF.Tensor): number {
    let id = this.ids.get(t);
    if (id === undefined) {
      id = this.next;
      this.next += 2;
      this.ids.set(t, id);
      this.byId.set(id, t);
    }
    return id;
  }
  known(t: TF.Tensor): number | undefined {
    return this.ids.get(t);
  }
  get(id: number): TF.Tensor | undefined {
    return this.byId.get(id);
  }
  register(id: number, t: TF.Tensor): void {
    this.ids.set(t, id);
    this.byId.set(id, t);
  }
  all(): TF.Tensor[] {
    return [...this.byId.values()];
  }
}

function b64(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString("base64");
}

/** Encodes `value` as plain data. Throws WireError when it is too large. */
export function encode(value: unknown, libs: Libs, table: Tensors, budget: { elements: number } = { elements: LIMITS.elements }): Enc {
  const { tf, Rng } = libs;
  const spend = (n: number) => {
    budget.elements -= n;
    if (budget.elements < 0) throw new WireError(`数据太大（超过 ${LIMITS.elements} 个元素）`);
  };
  const walk = (v: unknown, depth: number): Enc => {
    spend(1);
    if (v === null) return null;
    switch (typeof v) {
      case "boolean":
        return v;
      case "number":
        return Number.isFinite(v) && !Object.is(v, -0) ? v : { $: "n", v: Object.is(v, -0) ? "-0" : String(v) };
      case "string":
        spend(Math.floor(v.length / 8));
        return v.length > LIMITS.stringChars ? `${v.slice(0, LIMITS.stringChars)}…` : v;
      case "undefined":
        return { $: "u" };
      case "bigint":
        return { $: "b", v: String(v) };
      case "symbol":
        return { $: "s" };
      case "function":
        return { $: "f" };
      case "object":
        break; // below: proxies, tensors, arrays and plain objects
    }
    if (types.isProxy(v)) return { $: "x", what: "proxy" };
    if (depth > LIMITS.depth) return { $: "x", what: "deep" };
    if (v instanceof tf.Tensor) {
      const id = table.known(v);
      if (id !== undefined) return { $: "r", id, disposed: v.isDisposed };
      const own = (k: string) => Object.getOwnPropertyDescriptor(v, k);
      const shapeD = own("shape");
      const dtypeD = own("dtype");
      if (!shapeD || !("value" in shapeD) || !dtypeD || !("value" in dtypeD)) return { $: "x", what: "tensor" };
      const shape = (shapeD.value as number[]).slice();
      const dtype = String(dtypeD.value);
      const newId = table.idOf(v);
      if (v.isDisposed) return { $: "t", id: newId, shape, dtype, disposed: true };
      const size = shape.reduce((a, b) => a * b, 1);
      spend(size);
      if (dtype === "string")
        return {
          $: "t",
          id: newId,
          shape,
          dtype,
          strings: (v.dataSync() as unknown as Uint8Array[]).map((s) => Buffer.from(s).toString("utf8")),
        };
      const data = v.dataSync();
      return { $: "t", id: newId, shape, dtype, data: b64(dtype === "float32" ? Float32Array.from(data) : Int32Array.from(data)) };
    }
    if (ArrayBuffer.isView(v)) {
      const name = Object.getPrototypeOf(v)?.constructor?.name;
      if (typeof name !== "string" || !(name in TYPED)) return { $: "x", what: "view" };
      spend((v as unknown as ArrayLike<number>).length);
      return { $: "ta", kind: name, data: b64(v) };
    }
    if (Array.isArray(v)) {
      const out: Enc[] = [];
      const n = Math.min(v.length, LIMITS.items * 100);
      for (let i = 0; i < n; i++) {
        const d = Object.getOwnPropertyDescriptor(v, i);
        out.push(d === undefined ? { $: "u" } : "value" in d ? walk(d.value, depth + 1) : { $: "x", what: "getter" });
      }
      return out;
    }
    if (v instanceof Map) {
      const out: Enc[] = [];
      for (const [k, x] of Map.prototype.entries.call(v)) out.push([walk(k, depth + 1), walk(x, depth + 1)]);
      return { $: "m", v: out };
    }
    if (v instanceof Set) {
      const out: Enc[] = [];
      for (const x of Set.prototype.values.call(v)) out.push(walk(x, depth + 1));
      return { $: "set", v: out };
    }
    if (v instanceof Rng && Object.getPrototypeOf(v) === Rng.prototype) {
      const state: Record<string, Enc> = {};
      for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(v)))
        if ("value" in d && typeof d.value !== "function") state[k] = walk(d.value, depth + 1);
      return { $: "rng", state };
    }
    const obj = v as object;
    const proto = Object.getPrototypeOf(obj);
    const iter = proto !== null && proto !== Object.prototype ? (obj as { [Symbol.iterator]?: unknown })[Symbol.iterator] : undefined;
    if (typeof iter === "function" && !(obj instanceof Promise)) {
      // An iterable of the student's (a generator): its items, at most LIMITS.items of them.
      const items: Enc[] = [];
      let error: Enc | undefined;
      try {
        const it = (iter as () => Iterator<unknown>).call(obj);
        for (let step = it.next(); !step.done; step = it.next()) {
          items.push(walk(step.value, depth + 1));
          if (items.length >= LIMITS.items) break;
        }
      } catch (err) {
        error = thrown(err, libs, table);
      }
      return error === undefined ? { $: "it", v: items } : { $: "it", v: items, error };
    }
    const props: Record<string, Enc> = {};
    let keys = 0;
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(obj))) {
      if (!d.enumerable) continue;
      if (++keys > LIMITS.keys) break;
      props[k] = "value" in d ? walk(d.value, depth + 1) : { $: "x", what: "getter" };
    }
    return { $: "o", v: props, plain: proto === Object.prototype || proto === null };
  };
  return walk(value, 0);
}

/** A thrown value as data: an Error's name and message, or the value itself. */
export function thrown(err: unknown, libs: Libs, table: Tensors): Enc {
  if (err instanceof Error) {
    const d = (k: string) => {
      const p = Object.getOwnPropertyDescriptor(err, k) ?? Object.getOwnPropertyDescriptor(Object.getPrototypeOf(err) ?? {}, k);
      return p && "value" in p && typeof p.value === "string" ? p.value.slice(0, 4000) : "";
    };
    return { $: "e", name: d("name") || "Error", message: d("message") };
  }
  try {
    return { $: "ev", v: encode(err, libs, table, { elements: 10_000 }) };
  } catch {
    return { $: "ev", v: { $: "x", what: "thrown" } };
  }
}

function fail(what: string): never {
  throw new WireError(`收到的数据格式不对：${what}`);
}

function numberOf(e: unknown): number {
  if (typeof e === "number") return e;
  fail("number");
}

/** Rebuilds a value from data. Throws WireError on anything malformed. */
export function decode(data: unknown, libs: Libs, table: Tensors, budget: { elements: number } = { elements: LIMITS.elements }): unknown {
  const { tf, Rng } = libs;
  const spend = (n: number) => {
    budget.elements -= n;
    if (budget.elements < 0) fail("太大");
  };
  const walk = (e: unknown, depth: number): unknown => {
    spend(1);
    if (depth > LIMITS.depth + 2) fail("嵌套太深");
    if (e === null || typeof e === "boolean" || typeof e === "number") return e;
    if (typeof e === "string") return e;
    if (Array.isArray(e)) return e.map((x) => walk(x, depth + 1));
    if (typeof e !== "object") fail(typeof e);
    const o = e as Record<string, unknown>;
    switch (o.$) {
      case "n":
        return o.v === "-0" ? -0 : o.v === "NaN" ? NaN : o.v === "Infinity" ? Infinity : o.v === "-Infinity" ? -Infinity : fail("n");
      case "u":
        return undefined;
      case "b":
        return typeof o.v === "string" && /^-?\d{1,400}$/.test(o.v) ? BigInt(o.v) : fail("bigint");
      case "s":
        return Symbol("student");
      case "f":
        return function opaque(): never {
          throw new Error("返回值里的函数在评分时不能调用");
        };
      case "x":
        return Object.freeze({});
      case "r": {
        const t = table.get(numberOf(o.id));
        if (t === undefined) fail("未知的张量编号");
        if (o.disposed === true && !t.isDisposed) t.dispose();
        return t;
      }
      case "t": {
        const id = numberOf(o.id);
        const shape = o.shape;
        if (!Array.isArray(shape) || shape.length > 8 || !shape.every((s) => Number.isInteger(s) && s >= 0)) fail("张量形状");
        const dtype = o.dtype as (typeof DTYPES)[number];
        if (!DTYPES.includes(dtype)) fail("张量类型");
        const size = (shape as number[]).reduce((a, b) => a * b, 1);
        if (size > LIMITS.elements) fail("张量太大");
        spend(size);
        let t: TF.Tensor;
        if (o.disposed === true) {
          t = tf.zeros(shape as number[], dtype === "string" ? "float32" : dtype);
          t.dispose();
        } else if (dtype === "string") {
          if (!Array.isArray(o.strings) || o.strings.length !== size || !o.strings.every((s) => typeof s === "string")) fail("字符串张量");
          t = tf.tensor(o.strings as string[], shape as number[], "string");
        } else {
          if (typeof o.data !== "string") fail("张量数据");
          const bytes = Buffer.from(o.data, "base64");
          if (bytes.length !== size * 4) fail("张量数据长度");
          const copy = new ArrayBuffer(bytes.length);
          new Uint8Array(copy).set(bytes);
          const values = dtype === "float32" ? new Float32Array(copy) : new Int32Array(copy);
          t = tf.tensor(values, shape as number[], dtype);
        }
        table.register(id, t);
        return t;
      }
      case "ta": {
        const Ctor = typeof o.kind === "string" && Object.hasOwn(TYPED, o.kind) ? TYPED[o.kind] : fail("类型化数组");
        if (typeof o.data !== "string") fail("类型化数组数据");
        const bytes = Buffer.from(o.data, "base64");
        const width = (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
        if (bytes.length % width !== 0) fail("类型化数组长度");
        spend(bytes.length / width);
        const copy = new ArrayBuffer(bytes.length);
        new Uint8Array(copy).set(bytes);
        return new Ctor(copy);
      }
      case "m": {
        if (!Array.isArray(o.v)) fail("Map");
        const m = new Map();
        for (const pair of o.v) {
          if (!Array.isArray(pair) || pair.length !== 2) fail("Map 项");
          m.set(walk(pair[0], depth + 1), walk(pair[1], depth + 1));
        }
        return m;
      }
      case "set": {
        if (!Array.isArray(o.v)) fail("Set");
        return new Set(o.v.map((x) => walk(x, depth + 1)));
      }
      case "rng": {
        const r = Object.create(Rng.prototype) as Record<string, unknown>;
        const state = o.state;
        if (state === null || typeof state !== "object" || Array.isArray(state)) fail("Rng");
        for (const [k, x] of Object.entries(state as object)) {
          if (!["seed", "a", "b", "c", "d", "spareNormal"].includes(k)) fail("Rng 字段");
          Object.defineProperty(r, k, { value: walk(x, depth + 1), writable: k !== "seed", enumerable: true, configurable: true });
        }
        return r;
      }
      case "it": {
        if (!Array.isArray(o.v)) fail("可迭代对象");
        const items = o.v.map((x) => walk(x, depth + 1));
        const error = o.error === undefined ? undefined : o.error;
        return (function* replay() {
          yield* items;
          if (error !== undefined) throw rethrow(error, libs, table);
        })();
      }
      case "o": {
        if (o.v === null || typeof o.v !== "object" || Array.isArray(o.v)) fail("对象");
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(o.v as object)) {
          Object.defineProperty(out, k, { value: walk(x, depth + 1), writable: true, enumerable: true, configurable: true });
        }
        return out;
      }
      default:
        fail(`未知的标记 ${JSON.stringify(String(o.$)).slice(0, 40)}`);
    }
  };
  return walk(data, 0);
}

/** The value to throw for a thrown value sent as data (see `thrown`). */
export function rethrow(data: unknown, libs: Libs, table: Tensors): unknown {
  const o = data as Record<string, unknown> | null;
  if (o !== null && typeof o === "object" && o.$ === "e") {
    const err = new Error(typeof o.message === "string" ? o.message.slice(0, 4000) : "");
    Object.defineProperty(err, "name", {
      value: typeof o.name === "string" ? o.name.slice(0, 100) : "Error",
      enumerable: false,
      configurable: true,
      writable: true,
    });
    return err;
  }
  if (o !== null && typeof o === "object" && o.$ === "ev") return decode(o.v, libs, table, { elements: 10_000 });
  return new WireError("收到的错误格式不对");
}

/** The most draws a student's function may take from a judge's Rng in one call (about 0.1 s to replay). */
export const MAX_RNG_DRAWS = 1 << 24;

type RngState = { a: number; b: number; c: number; d: number; spareNormal: number | undefined };

/**
 * The state the student's copy of a judge's Rng ended in, if the judge's own Rng reaches it by
 * drawing: sfc32's `d` counts the 32-bit draws, so the judge replays that many from its state and
 * compares. A Box–Muller spare must be none, the old one, or one that some two consecutive uniforms
 * of the replay make (as `Rng.normal` computes it from `Rng.random`). Anything else (a state chosen
 * by the student: all zeros, a replayed seed) is refused, so the judge's later draws stay its own.
 */
export function reachableRngState(target: RngState, post: Partial<RngState>, Rng: Libs["Rng"]): RngState | undefined {
  const { a, b, c, d, spareNormal } = post;
  // sfc32's words: a is an int32 (an xor), b, c, d uint32.
  if (![a, b, c, d].every((x) => typeof x === "number" && Number.isInteger(x) && x >= -(2 ** 31) && x < 2 ** 32)) return undefined;
  if (spareNormal !== undefined && typeof spareNormal !== "number") return undefined;
  const steps = ((d as number) - target.d) >>> 0;
  if (steps > MAX_RNG_DRAWS) return undefined;
  const probe = Object.create(Rng.prototype) as RngState & { uint32(): number };
  Object.assign(probe, { a: target.a, b: target.b, c: target.c, d: target.d, spareNormal: undefined });
  let spareSeen = spareNormal === undefined || Object.is(spareNormal, target.spareNormal);
  const uniform = (hi: number, lo: number) => ((hi >>> 5) * 67108864 + (lo >>> 6)) / 9007199254740992; // Rng.random
  // The last four draws, as scalars: up to 2²⁴ steps, so no array per step.
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let w3 = 0;
  for (let i = 0; i < steps; i++) {
    w0 = w1;
    w1 = w2;
    w2 = w3;
    w3 = probe.uint32();
    if (!spareSeen && i >= 3) {
      const u = uniform(w0, w1);
      spareSeen = u !== 0 && Object.is(Math.sqrt(-2 * Math.log(u)) * Math.sin(2 * Math.PI * uniform(w2, w3)), spareNormal);
    }
  }
  if (probe.a !== a || probe.b !== b || probe.c !== c || probe.d !== d || !spareSeen) return undefined;
  return { a, b, c, d, spareNormal } as RngState;
}

/**
 * Brings `target` (the judge's argument) in line with what the student's function left in its copy
 * (`post`, decoded): a tensor the student disposed is disposed, arrays, plain objects and Maps take
 * the new contents, an Rng the state its own draws reach (reachableRngState; any other state is
 * ignored). Tensors are never copied back (they are immutable).
 *
 * `post` is hostile data: only the target's own data properties are followed or written (never a
 * key such as `__proto__` that reaches a prototype shared by the whole judge thread, never an
 * accessor or a read-only property). Every change pushes its reversal onto `undo`: the judge
 * undoes them, last first, when the case ends, so that a test's own fixtures (a module's exported
 * corpus, kept for every submission this judge grades) are as the test wrote them for the next
 * case and the next student, whatever a student's function did to its copy.
 */
export function syncBack(target: unknown, post: unknown, libs: Libs, undo: (() => void)[] = []): void {
  const { tf, Rng } = libs;
  if (target === post || target === null || typeof target !== "object" || post === null || typeof post !== "object") return;
  try {
    if (target instanceof tf.Tensor) return;
    if (target instanceof Rng) {
      const state = target as unknown as RngState;
      const next = reachableRngState(state, post as Partial<RngState>, Rng);
      if (next !== undefined) {
        const { a, b, c, d, spareNormal } = state;
        undo.push(() => Object.assign(target, { a, b, c, d, spareNormal }));
        Object.assign(target, next);
      }
      return;
    }
    if (Array.isArray(target) && Array.isArray(post)) {
      if (Object.isFrozen(target)) return;
      let saved = false;
      const save = () => {
        if (saved) return;
        saved = true;
        const before = target.slice();
        undo.push(() => {
          target.length = before.length;
          before.forEach((x, i) => (target[i] = x));
        });
      };
      for (let i = 0; i < post.length; i++) {
        if (i < target.length && typeof target[i] === "object" && target[i] !== null) syncBack(target[i], post[i], libs, undo);
        else if (!Object.is(target[i], post[i]) && !(post[i] instanceof tf.Tensor && target[i] instanceof tf.Tensor)) {
          save();
          target[i] = post[i];
        }
      }
      if (target.length !== post.length) {
        save();
        target.length = post.length;
      }
      return;
    }
    if (target instanceof Map && post instanceof Map) {
      if (target.size === post.size && [...post].every(([k, v]) => Object.is(target.get(k), v))) return;
      const before = [...target];
      undo.push(() => {
        target.clear();
        for (const [k, v] of before) target.set(k, v);
      });
      target.clear();
      for (const [k, v] of post) target.set(k, v);
      return;
    }
    if (Array.isArray(post) || post instanceof Map || post instanceof Set || Object.isFrozen(target)) return;
    const t = target as Record<string, unknown>;
    for (const [k, v] of Object.entries(post)) {
      if (k === "__proto__") continue;
      const own = Object.getOwnPropertyDescriptor(t, k);
      if (own === undefined) {
        // A new key, unless the target inherits it (a method, a prototype's field): then not ours to shadow.
        if (k in t || typeof v === "function" || !Object.isExtensible(t)) continue;
        undo.push(() => delete t[k]);
        Object.defineProperty(t, k, { value: v, writable: true, enumerable: true, configurable: true });
        continue;
      }
      if (!("value" in own) || !own.writable) continue;
      const cur = own.value;
      if (typeof cur === "object" && cur !== null) syncBack(cur, v, libs, undo);
      else if (!Object.is(cur, v) && typeof v !== "function") {
        undo.push(() => Object.defineProperty(t, k, own));
        t[k] = v;
      }
    }
  } catch {
    // A frozen or exotic target keeps its contents.
  }
}
