/**
 * Helpers for writing exercise tests: seeded inputs, reading student outputs of either form
 * (tensor or nested array), bounded iteration over student iterables.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/random";
import { describe, fail, isTensor } from "./assert";

/** A `[rows, cols]` tensor of N(0, std²) values drawn from `rng`. */
export function normal2d(rng: Rng, rows: number, cols: number, std = 1): tf.Tensor2D {
  return tf.tensor2d(rng.normals(rows * cols, 0, std), [rows, cols]);
}

/** A `[n]` tensor of N(0, std²) values drawn from `rng`. */
export function normal1d(rng: Rng, n: number, std = 1): tf.Tensor1D {
  return tf.tensor1d(rng.normals(n, 0, std));
}

/** A `[rows, cols]` tensor from nested arrays (float32). */
export function t2(values: readonly (readonly number[])[]): tf.Tensor2D {
  return tf.tensor2d(values.map((r) => r.slice()));
}

/** A student's matrix (tensor of rank 2, or nested number arrays) as number[][]; fails otherwise. */
export function rows(value: unknown, what: string): number[][] {
  if (isTensor(value)) {
    if (value.rank !== 2) fail(`${what} 应为二维（形状 [B, T]），实际形状 [${value.shape.join(", ")}]`);
    return value.arraySync() as number[][];
  }
  if (Array.isArray(value) && value.every((r) => Array.isArray(r) && r.every((x) => typeof x === "number"))) {
    return (value as number[][]).map((r) => r.slice());
  }
  return fail(`${what} 应为二维张量或二维数字数组，实际得到 ${describe(value)}`);
}

/**
 * The items of a student's iterable (generator, array…), at most `max` of them: an endless
 * generator fails instead of hanging.
 */
export function take(iterable: unknown, what: string, max = 10_000): unknown[] {
  if (iterable === null || iterable === undefined || typeof (iterable as Iterable<unknown>)[Symbol.iterator] !== "function") {
    fail(`${what} 应返回可迭代对象（例如用 function* 写的生成器），实际得到 ${describe(iterable)}`);
  }
  const out: unknown[] = [];
  for (const item of iterable as Iterable<unknown>) {
    out.push(item);
    if (out.length > max) fail(`${what} 产生了超过 ${max} 个批量：是不是没有停下来？`);
  }
  return out;
}

/** A batch `[X, Y]` (or `{X, Y}`) as two number[][]. */
export function batchRows(batch: unknown, what: string): { X: number[][]; Y: number[][] } {
  if (Array.isArray(batch) && batch.length === 2) return { X: rows(batch[0], `${what} 的 X`), Y: rows(batch[1], `${what} 的 Y`) };
  if (batch !== null && typeof batch === "object" && "X" in batch && "Y" in batch) {
    const b = batch as { X: unknown; Y: unknown };
    return { X: rows(b.X, `${what} 的 X`), Y: rows(b.Y, `${what} 的 Y`) };
  }
  return fail(`${what} 应为 [X, Y] 二元组，实际得到 ${describe(batch)}`);
}

/** Calls `fn` and disposes the tensors it created that are not in its result (synchronous code only). */
export function tidy<T extends tf.TensorContainer>(fn: () => T): T {
  return tf.tidy(fn);
}
