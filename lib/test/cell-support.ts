/**
 * Helpers shared by the cell tests: random records with a usable scale, a finite-difference
 * gradient check, and element-wise comparisons that name the worst element.
 */
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

/** A record of tensors of the given shapes from N(0, std²), drawn from `rng`. */
export function randomRecord(rng: d2l.Rng, shapes: Record<string, number[]>, std = 0.5): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [k, shape] of Object.entries(shapes)) {
    out[k] = tf.tensor(
      rng.normals(
        shape.reduce((a, b) => a * b, 1),
        0,
        std,
      ),
      shape,
    );
  }
  return out;
}

/** The shapes of a record's tensors. */
export function shapesOf(record: Record<string, tf.Tensor>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(record).map(([k, t]) => [k, t.shape]));
}

/** Largest |a − b| and where, for two tensors (or arrays) of equal size. */
export function maxAbsDiff(
  a: tf.Tensor | ArrayLike<number>,
  b: tf.Tensor | ArrayLike<number>,
): { diff: number; index: number; a: number; b: number } {
  const x = a instanceof tf.Tensor ? a.dataSync() : a;
  const y = b instanceof tf.Tensor ? b.dataSync() : b;
  if (x.length !== y.length) throw new Error(`maxAbsDiff: sizes differ: ${x.length} vs ${y.length}`);
  let worst = { diff: 0, index: -1, a: NaN, b: NaN };
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i] - y[i]);
    if (!(d <= worst.diff)) worst = { diff: d, index: i, a: x[i], b: y[i] };
  }
  return worst;
}

/** Throws unless every element of a and b agrees within atol + rtol·|b|, naming the worst one. */
export function assertClose(
  a: tf.Tensor | ArrayLike<number>,
  b: tf.Tensor | ArrayLike<number>,
  what: string,
  atol = 1e-5,
  rtol = 1e-4,
): void {
  const x = a instanceof tf.Tensor ? a.dataSync() : a;
  const y = b instanceof tf.Tensor ? b.dataSync() : b;
  if (x.length !== y.length) throw new Error(`${what}: sizes differ: ${x.length} vs ${y.length}`);
  for (let i = 0; i < x.length; i++) {
    if (!(Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i]))) {
      const w = maxAbsDiff(x, y);
      throw new Error(`${what}: worst element ${w.index}: ${w.a} vs ${w.b} (|diff| ${w.diff})`);
    }
  }
}

/**
 * Compares the gradient of `f` (a scalar function of a record of tensors) from tf.grads with
 * central differences, element by element. Float32 needs a large step and a loose tolerance.
 */
export function gradCheck(
  f: (args: Record<string, tf.Tensor>) => tf.Scalar,
  args: Record<string, tf.Tensor>,
  what: string,
  eps = 1e-2,
  tol = 2e-3,
): void {
  const keys = Object.keys(args);
  const analytic = tf.tidy(() =>
    tf.grads((...xs: tf.Tensor[]) => f(Object.fromEntries(keys.map((k, i) => [k, xs[i]]))))(keys.map((k) => args[k])),
  );
  const value = (record: Record<string, tf.Tensor>) => tf.tidy(() => f(record).dataSync()[0]);
  keys.forEach((key, a) => {
    const base = args[key].dataSync().slice();
    const grad = analytic[a].dataSync();
    for (let i = 0; i < base.length; i++) {
      const at = (delta: number) => {
        const values = base.slice();
        values[i] += delta;
        const shifted = tf.tensor(values, args[key].shape, args[key].dtype);
        try {
          return value({ ...args, [key]: shifted });
        } finally {
          shifted.dispose();
        }
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      if (!(Math.abs(numeric - grad[i]) <= tol + 2e-2 * Math.abs(numeric))) {
        throw new Error(`${what}: ∂f/∂${key}[${i}]: autodiff ${grad[i]}, finite differences ${numeric}`);
      }
    }
  });
  tf.dispose(analytic);
}
