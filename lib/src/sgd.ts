/**
 * Minibatch stochastic gradient descent as in the book: `param ← param − lr · grad`. The loss is a
 * mean over the batch, so no further division by the batch size (this is why lr = 100 works).
 */
import * as tf from "@tensorflow/tfjs";
import { SGD_UPDATE } from "./kernels/sgd-update";

/**
 * Updates each variable in place with its gradient (matched by list index or record key).
 * Variables without a gradient are an error, never silently skipped. `scale` multiplies every
 * gradient first (the trainer passes gradient clipping's θ/‖g‖ here, which saves materialising
 * the clipped gradients); `param − lr · (scale · grad)` is then one pass per parameter on wasm.
 */
export function sgd(
  params: readonly tf.Variable[] | { readonly [name: string]: tf.Variable },
  grads: readonly tf.Tensor[] | { readonly [name: string]: tf.Tensor },
  lr: number,
  scale = 1,
): void {
  if (!(typeof lr === "number" && Number.isFinite(lr))) throw new Error(`sgd: lr: expected a finite number, got ${String(lr)}`);
  if (!(typeof scale === "number" && Number.isFinite(scale) && scale > 0)) {
    throw new Error(`sgd: scale: expected a finite number above 0, got ${String(scale)}`);
  }
  const named = Object.entries(params) as [string, tf.Variable][];
  const gradOf = grads as { readonly [key: string]: tf.Tensor | undefined };
  for (const [key, param] of named) {
    const grad = gradOf[key];
    if (!(grad instanceof tf.Tensor)) throw new Error(`sgd: grads[${key}]: expected a gradient tensor for this parameter, got ${String(grad)}`);
    if (grad.shape.join() !== param.shape.join()) {
      throw new Error(`sgd: grads[${key}]: expected shape [${param.shape.join(", ")}], got [${grad.shape.join(", ")}]`);
    }
  }
  const fused = tf.getKernel(SGD_UPDATE, tf.getBackend()) !== undefined;
  tf.tidy(() => {
    for (const [key, param] of named) {
      const grad = gradOf[key] as tf.Tensor;
      const step = fused
        ? (tf.engine().runKernel(SGD_UPDATE, { param, grad }, { lr, scale }) as tf.Tensor)
        : tf.sub(param, tf.mul(scale === 1 ? grad : tf.mul(grad, scale), lr));
      param.assign(step);
    }
  });
}
