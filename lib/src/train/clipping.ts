/**
 * Gradient clipping (d2l-zh 6.4): treat all gradients as one vector g and rescale it to
 * min(θ / ‖g‖, 1) · g, so that its L2 norm is at most θ. Gradients whose norm is at most θ are
 * returned untouched (the very tensors given).
 */
import * as tf from "@tensorflow/tfjs";
import { SUM_OF_SQUARES } from "../backend/kernels/update";

/** Gradients as a list or a named record of tensors. */
export type Grads = readonly tf.Tensor[] | { readonly [name: string]: tf.Tensor };

/** The global L2 norm ‖g‖ of all gradients together. */
export function globalNorm(grads: Grads): number {
  const list = Object.values(grads) as tf.Tensor[];
  if (list.length === 0) return 0;
  // On wasm Σ g² of each gradient is one pass (the same numbers as sum(square(g))).
  const fused = tf.getKernel(SUM_OF_SQUARES, tf.getBackend()) !== undefined;
  const sumOfSquares = (g: tf.Tensor) =>
    fused && g.dtype === "float32" ? (tf.engine().runKernel(SUM_OF_SQUARES, { x: g }) as tf.Scalar) : tf.sum(tf.square(g));
  const squared = tf.tidy(() => tf.addN(list.map(sumOfSquares)));
  const value = squared.dataSync()[0];
  squared.dispose();
  return Math.sqrt(value);
}

/**
 * The factor min(θ / ‖g‖, 1) that clipping multiplies every gradient by: 1 when ‖g‖ ≤ θ (and when
 * the norm is NaN: nothing sensible to rescale). `sgd(…, scale)` applies it within the update.
 */
export function clippingScale(norm: number, theta: number): number {
  if (!(typeof theta === "number" && theta > 0)) {
    throw new Error(`clippingScale: theta: expected a positive number, got ${String(theta)}`);
  }
  return norm > theta ? theta / norm : 1;
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
  const scale = clippingScale(norm, theta);
  if (scale === 1) return { grads, norm };
  const clip = (g: tf.Tensor) => tf.mul(g, scale);
  const clipped = Array.isArray(grads) ? grads.map(clip) : Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, clip(g)]));
  return { grads: clipped as unknown as G, norm };
}
