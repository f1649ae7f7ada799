/**
 * Gradient clipping (d2l-zh 6.4): treat all gradients as one vector g and rescale it to
 * min(θ / ‖g‖, 1) · g, so that its L2 norm is at most θ. Gradients whose norm is at most θ are
 * returned untouched (the very tensors given).
 */
import * as tf from "@tensorflow/tfjs";

/** Gradients as a list or a named record of tensors. */
export type Grads = readonly tf.Tensor[] | { readonly [name: string]: tf.Tensor };

/** The global L2 norm ‖g‖ of all gradients together. */
export function globalNorm(grads: Grads): number {
  const list = Object.values(grads) as tf.Tensor[];
  if (list.length === 0) return 0;
  const squared = tf.tidy(() => tf.addN(list.map((g) => tf.sum(tf.square(g)))));
  const value = squared.dataSync()[0];
  squared.dispose();
  return Math.sqrt(value);
}

/**
 * Clips `grads` (a list or record) to global norm θ. Returns `{grads, norm}`: gradients in the same
 * container shape (new tensors, owned by the caller, when they were rescaled; the given ones when
 * ‖g‖ ≤ θ) and the norm before clipping.
 */
export function gradClipping<G extends Grads>(grads: G, theta: number): { grads: G; norm: number } {
  if (!(typeof theta === "number" && theta > 0)) {
    throw new Error(`gradClipping: theta: expected a positive number, got ${String(theta)}`);
  }
  for (const [key, g] of Object.entries(grads)) {
    if (!(g instanceof tf.Tensor)) throw new Error(`gradClipping: grads[${key}]: expected a tensor, got ${String(g)}`);
  }
  const norm = globalNorm(grads);
  if (!(norm > theta)) return { grads, norm }; // also when norm is NaN: nothing sensible to rescale
  const scale = theta / norm;
  const clip = (g: tf.Tensor) => tf.mul(g, scale);
  const clipped = Array.isArray(grads) ? grads.map(clip) : Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, clip(g)]));
  return { grads: clipped as unknown as G, norm };
}
