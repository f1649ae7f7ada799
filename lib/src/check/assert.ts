/**
 * Assertions for exercise tests. Every failure speaks to the student in Chinese: what was checked,
 * what was expected and what came back, and (optionally) a hint. Numeric comparisons name the worst
 * element, its index and both values; shape errors name the axis.
 *
 * Failures are `CheckFailure` errors; anything else a test throws is reported as a crash.
 */
import * as tf from "@tensorflow/tfjs";

/** A failed expectation: `message` says what is wrong, `hint` how to look for the mistake. */
export class CheckFailure extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "CheckFailure";
  }
}

/** Fails with `message` (and an optional hint). */
export function fail(message: string, hint?: string): never {
  throw new CheckFailure(message, hint);
}

/** Fails unless `condition` holds. */
export function ok(condition: unknown, message: string, hint?: string): asserts condition {
  if (!condition) fail(message, hint);
}

/** A short, safe description of any value, for messages (never calls student getters or toString). */
export function describe(value: unknown): string {
  if (value === null) return "null";
  const type = typeof value;
  if (type === "undefined") return "undefined";
  if (type === "number" || type === "boolean" || type === "bigint") return String(value);
  if (type === "string") {
    const s = value as string;
    return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}…` : s);
  }
  if (type === "function") return "一个函数";
  if (type === "symbol") return "一个 symbol";
  if (isTensor(value)) return `形状为 [${value.shape.join(", ")}] 的 ${value.dtype} 张量`;
  if (Array.isArray(value)) return `长度为 ${value.length} 的数组`;
  if (value instanceof Map) return `含 ${value.size} 项的 Map`;
  if (ArrayBuffer.isView(value)) return `长度为 ${(value as unknown as ArrayLike<number>).length} 的类型化数组`;
  return "一个对象";
}

/** Whether `value` is a tfjs tensor (checked without touching student-defined properties). */
export function isTensor(value: unknown): value is tf.Tensor {
  return value instanceof tf.Tensor;
}

/** Fails unless `value` is a tensor; `what` names it in the message ("gradClipping 的返回值 grads[0]"). */
export function tensor(value: unknown, what: string, hint?: string): asserts value is tf.Tensor {
  if (!isTensor(value)) fail(`${what} 应为 tf.Tensor，实际得到 ${describe(value)}`, hint);
  if (value.isDisposed) fail(`${what} 已被释放（dispose）：不要释放要返回的张量`, hint);
}

/** Fails unless `value` is a finite number. */
export function finiteNumber(value: unknown, what: string, hint?: string): asserts value is number {
  if (typeof value !== "number") fail(`${what} 应为数字（number），实际得到 ${describe(value)}`, hint);
  if (!Number.isFinite(value)) fail(`${what} 应为有限的数，实际为 ${value}`, hint);
}

/**
 * Fails unless `t` is a tensor of shape `expected`. `axes` names the axes ("批量大小 B", "隐藏单元数 H")
 * so that a wrong axis reads: `H 的第 2 维（axis 1）（隐藏单元数 H）应为 4，实际为 3（…）`: counted from 1 as
 * Chinese readers count, with the zero-based axis beside it.
 */
export function shape(
  t: unknown,
  expected: readonly number[],
  what: string,
  axes?: readonly string[],
  hint?: string,
): asserts t is tf.Tensor {
  tensor(t, what, hint);
  const got = t.shape;
  if (got.length !== expected.length) {
    fail(`${what} 应为 ${expected.length} 维张量，形状 [${expected.join(", ")}]；实际是 ${got.length} 维，形状 [${got.join(", ")}]`, hint);
  }
  for (let axis = 0; axis < expected.length; axis++) {
    if (got[axis] !== expected[axis]) {
      const name = axes?.[axis] ? `（${axes[axis]}）` : "";
      fail(
        `${what} 的第 ${axis + 1} 维（axis ${axis}）${name}应为 ${expected[axis]}，实际为 ${got[axis]}（期望形状 [${expected.join(", ")}]，实际 [${got.join(", ")}]）`,
        hint,
      );
    }
  }
}

/** Deep equality of plain data: numbers, strings, booleans, null, arrays, plain objects, Maps. */
export function equal(actual: unknown, expected: unknown, what: string, hint?: string): void {
  const where = firstDifference(actual, expected, "");
  if (where !== undefined) {
    const path = where.path === "" ? "" : ` 在 ${where.path} 处`;
    fail(`${what}${path} 不对：期望 ${describe(where.expected)}，实际 ${describe(where.actual)}`, hint);
  }
}

interface Difference {
  readonly path: string;
  readonly actual: unknown;
  readonly expected: unknown;
}

function firstDifference(actual: unknown, expected: unknown, path: string): Difference | undefined {
  if (Object.is(actual, expected)) return undefined;
  if (typeof expected === "number" && typeof actual === "number") {
    return actual === expected ? undefined : { path, actual, expected };
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, actual, expected };
    if (actual.length !== expected.length) {
      return { path: `${path}（长度）`, actual: actual.length, expected: expected.length };
    }
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected instanceof Map) {
    if (!(actual instanceof Map)) return { path, actual, expected };
    if (actual.size !== expected.size) return { path: `${path}（Map 的项数）`, actual: actual.size, expected: expected.size };
    for (const [k, v] of expected) {
      if (!actual.has(k)) return { path: `${path}.get(${JSON.stringify(k)})`, actual: undefined, expected: v };
      const d = firstDifference(actual.get(k), v, `${path}.get(${JSON.stringify(k)})`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return { path, actual, expected };
    for (const key of Object.keys(expected)) {
      const d = firstDifference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
      if (d) return d;
    }
    return undefined;
  }
  return { path, actual, expected };
}

/** Tolerances for `close`: |actual − expected| ≤ atol + rtol·|expected| element-wise. */
export interface Tolerance {
  /** Absolute tolerance. Default 1e-5. */
  readonly atol?: number;
  /** Relative tolerance. Default 1e-4 (float32 arithmetic on wasm and cpu agrees to this). */
  readonly rtol?: number;
}

type Numeric = tf.Tensor | number | ArrayLike<number> | readonly (readonly number[])[];

/** The values and shape of a numeric argument (tensor, number, flat or nested array). */
function numbers(value: Numeric, what: string): { values: ArrayLike<number>; shape: number[] } {
  if (isTensor(value)) {
    if (value.isDisposed) fail(`${what} 已被释放（dispose）：不要释放要返回的张量`);
    return { values: value.dataSync() as ArrayLike<number>, shape: value.shape.slice() };
  }
  if (typeof value === "number") return { values: [value], shape: [] };
  if (Array.isArray(value) && value.length > 0 && Array.isArray(value[0])) {
    const rows = value as readonly (readonly number[])[];
    return { values: rows.flat(), shape: [rows.length, rows[0].length] };
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const flat = value as ArrayLike<number>;
    return { values: flat, shape: [flat.length] };
  }
  return fail(`${what} 应为张量、数或数组，实际得到 ${describe(value)}`);
}

/** The multi-index of flat position `i` in `shape`, as "[1, 2]". */
export function indexOf(i: number, shape: readonly number[]): string {
  if (shape.length === 0) return "[]";
  const idx: number[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    idx.unshift(i % shape[axis]);
    i = Math.floor(i / shape[axis]);
  }
  return `[${idx.join(", ")}]`;
}

/** Formats a number for messages: at most 6 significant digits. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

/**
 * Fails unless `actual` matches `expected` element-wise within tolerance (same shape when both are
 * tensors). The message names the worst element, its index, both values and how many are off.
 */
export function close(actual: unknown, expected: Numeric, what: string, tolerance: Tolerance = {}, hint?: string): void {
  const atol = tolerance.atol ?? 1e-5;
  const rtol = tolerance.rtol ?? 1e-4;
  const want = numbers(expected, "期望值");
  if (isTensor(expected)) {
    shape(actual, want.shape, what, undefined, hint);
  } else if (typeof expected === "number") {
    finiteNumber(actual, what, hint);
  } else if (isTensor(actual)) {
    const n = actual.size;
    if (n !== want.values.length)
      fail(`${what} 应有 ${want.values.length} 个元素，实际有 ${n} 个（形状 [${actual.shape.join(", ")}]）`, hint);
  } else if (!Array.isArray(actual) && !ArrayBuffer.isView(actual)) {
    fail(`${what} 应为数组或张量，实际得到 ${describe(actual)}`, hint);
  }
  const got = numbers(actual as Numeric, what);
  if (got.values.length !== want.values.length) {
    fail(`${what} 应有 ${want.values.length} 个元素，实际有 ${got.values.length} 个`, hint);
  }
  let worst = -1;
  let worstExcess = 0;
  let bad = 0;
  for (let i = 0; i < want.values.length; i++) {
    const a = Number(got.values[i]);
    const e = Number(want.values[i]);
    const excess = Number.isNaN(a) || !Number.isFinite(a) ? Infinity : Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (excess > 0 || (Number.isNaN(a) && !Number.isNaN(e))) {
      bad++;
      if (worst < 0 || excess > worstExcess) {
        worst = i;
        worstExcess = excess;
      }
    }
  }
  if (bad > 0) {
    const at = want.shape.length === 0 ? "" : `，最大偏差在下标 ${indexOf(worst, want.shape)}`;
    const a = Number(got.values[worst]);
    const e = Number(want.values[worst]);
    const count = want.values.length > 1 ? `；${want.values.length} 个元素中有 ${bad} 个超出容差` : "";
    fail(`${what} 的数值不对${at}：你的值 ${num(a)}，期望 ${num(e)}（允许误差 ${num(atol)} + ${num(rtol)}·|期望|）${count}`, hint);
  }
}

/** Runs `fn` and fails unless it throws (or rejects); returns what was thrown. */
export async function throws(fn: () => unknown, what: string, hint?: string): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  return fail(`${what}：应当抛出错误，但没有抛出`, hint);
}
