/**
 * Parameters as named records (`{W_xh, W_hh, b_h}`), how they are drawn, the one `affine` helper
 * every gate uses, and the shape checks that the public cells run on their arguments.
 *
 * Initialisation follows the book: weights from N(0, 0.01²), biases zero, drawn in JS from a seeded
 * `Rng` so that the same seed gives the same numbers on every backend.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/random";

/** A named record of parameter tensors, such as `{W_xh, W_hh, b_h}`. */
export type ParamRecord = { readonly [name: string]: tf.Tensor };

/**
 * The input of one time step: a dense batch `[B, D]` (e.g. one-hot rows), or a batch of token
 * indices `[B]` (int32), which stands for the one-hot rows of those indices. `affine` turns the
 * second form into a row lookup, so `X·W` costs a gather instead of a `[B, V]·[V, H]` product.
 */
export type StepInput = tf.Tensor2D | tf.Tensor1D;

/** The book's weight initialisation: a `[rows, cols]` matrix from N(0, std²), std 0.01 by default. */
export function normalWeight(rng: Rng, rows: number, cols: number, std = 0.01): tf.Tensor2D {
  checkSize("normalWeight", "rows", rows);
  checkSize("normalWeight", "cols", cols);
  return tf.tensor2d(rng.normals(rows * cols, 0, std), [rows, cols]);
}

/** A weight matrix `[rows, cols]` from the uniform distribution on [−limit, limit). */
export function uniformWeight(rng: Rng, rows: number, cols: number, limit: number): tf.Tensor2D {
  checkSize("uniformWeight", "rows", rows);
  checkSize("uniformWeight", "cols", cols);
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = (2 * rng.random() - 1) * limit;
  return tf.tensor2d(values, [rows, cols]);
}

/** A zero bias of length n. */
export function zeroBias(n: number): tf.Tensor1D {
  checkSize("zeroBias", "n", n);
  return tf.zeros([n]);
}

/**
 * `X·W (+ b)`. X is a dense `[B, D]` batch, or int32 indices `[B]` standing for one-hot rows, in
 * which case the product is the lookup `W[X]` (equal to `oneHot(X)·W`, without the `[B, V]`
 * matrix). Returns `[B, cols of W]`.
 */
export function affine(X: StepInput, W: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor2D {
  if (X.rank === 1) {
    const XW: tf.Tensor2D = tf.gather(W, X as tf.Tensor1D);
    return b === undefined ? XW : tf.add(XW, b);
  }
  // One fused op: the matMul kernel adds b while writing the product (no second pass over [B, H]).
  return tf.fused.matMul({ a: X as tf.Tensor2D, b: W, bias: b }) as tf.Tensor2D;
}

/**
 * One-hot rows as float32: `indices` (int32, any shape) → `[...shape, depth]`. Built as int32 and
 * cast, because the wasm kernel of `tf.oneHot(…, "float32")` in tfjs 4.22 fills float32 outputs
 * with integer bit patterns (all values read as ~0).
 */
export function oneHotFloat(indices: tf.Tensor, depth: number): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.oneHot(indices as tf.Tensor1D, depth), "float32"));
}

/** Makes every tensor of a record a trainable `tf.Variable` (copies; the given tensors are disposed). */
export function toVariables<P extends ParamRecord>(params: P): { readonly [K in keyof P]: tf.Variable } {
  const out: Record<string, tf.Variable> = {};
  for (const [name, value] of Object.entries(params)) {
    out[name] = tf.variable(value, true);
    value.dispose();
  }
  return out as { [K in keyof P]: tf.Variable };
}

/**
 * Every tensor in a nested structure of records and arrays (parameters, or states such as
 * `[{H, C}, {H, C}]`), in a fixed order: arrays by index, records by key order.
 */
export function tensorsOf(tree: unknown): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  const visit = (node: unknown): void => {
    if (node instanceof tf.Tensor) out.push(node);
    else if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === "object") Object.values(node).forEach(visit);
  };
  visit(tree);
  return out;
}

/** The number of scalars in a structure of tensors. */
export function countParams(tree: unknown): number {
  return tensorsOf(tree).reduce((n, t) => n + t.size, 0);
}

/** Throws `fn: arg: expected a positive integer, got x` unless n is one. */
export function checkSize(fn: string, arg: string, n: number): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`${fn}: ${arg}: expected a positive integer, got ${String(n)}`);
}

/** Throws `fn: arg: expected shape [a, b], got [c, d]` when `t` does not have `shape`. */
export function checkShape(fn: string, arg: string, t: tf.Tensor | undefined, shape: readonly number[]): void {
  if (!(t instanceof tf.Tensor)) throw new Error(`${fn}: ${arg}: expected a tensor of shape [${shape.join(", ")}], got ${String(t)}`);
  const same = t.rank === shape.length && t.shape.every((d, i) => d === shape[i]);
  if (!same) throw new Error(`${fn}: ${arg}: expected shape [${shape.join(", ")}], got [${t.shape.join(", ")}]`);
}

/**
 * Checks the arguments of a step function: `X` is `[B, D]` (float) or `[B]` (int32 indices) with
 * D = rows of the input weight `W_x`, and every state tensor is `[B, H]`, H = columns of `W_x`.
 */
export function checkStep(fn: string, W_x: tf.Tensor2D, state: ParamRecord, X: StepInput): void {
  if (!(X instanceof tf.Tensor)) throw new Error(`${fn}: X: expected a tensor [B, D] or int32 indices [B], got ${String(X)}`);
  const [D, H] = W_x.shape;
  const B = X.shape[0];
  if (X.rank === 1) {
    if (X.dtype !== "int32") throw new Error(`${fn}: X: expected int32 indices for a rank-1 input, got ${X.dtype}`);
  } else if (X.rank !== 2 || X.shape[1] !== D) {
    throw new Error(`${fn}: X: expected shape [B, ${D}] (or int32 indices [B]), got [${X.shape.join(", ")}]`);
  }
  for (const [name, t] of Object.entries(state)) checkShape(fn, `state.${name}`, t, [B, H]);
}
