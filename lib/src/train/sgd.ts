/**
 * Minibatch stochastic gradient descent as in the book: `param ← param − lr · grad`. The loss is a
 * mean over the batch, so no further division by the batch size (this is why lr = 100 works).
 * With a clipping factor (`clippingScale`) the update is `param − lr · (scale · grad)`: clipping
 * and the update in one step, the numbers of `sgd(params, gradClipping(grads, θ).grads, lr)`.
 */
import * as tf from "@tensorflow/tfjs";
import { SGD_UPDATE } from "../backend/kernels/update";

/**
 * Updates each variable in place with its gradient (matched by list index or record key), each
 * gradient first multiplied by `scale` (1: as given). Variables without a gradient are an error,
 * never silently skipped.
 */
export function sgd(
  params: readonly tf.Variable[] | { readonly [name: string]: tf.Variable },
  grads: readonly tf.Tensor[] | { readonly [name: string]: tf.Tensor },
  lr: number,
  scale = 1,
): void {
  if (!(typeof lr === "number" && Number.isFinite(lr))) throw new Error(`sgd: lr: expected a finite number, got ${String(lr)}`);
  if (!(typeof scale === "number" && Number.isFinite(scale))) throw new Error(`sgd: scale: expected a finite number, got ${String(scale)}`);
  const named = Object.entries(params) as [string, tf.Variable][];
  const gradOf = grads as { readonly [key: string]: tf.Tensor | undefined };
  for (const [key, param] of named) {
    const grad = gradOf[key];
    if (!(grad instanceof tf.Tensor))
      throw new Error(`sgd: grads[${key}]: expected a gradient tensor for this parameter, got ${String(grad)}`);
    if (grad.shape.join() !== param.shape.join()) {
      throw new Error(`sgd: grads[${key}]: expected shape [${param.shape.join(", ")}], got [${grad.shape.join(", ")}]`);
    }
  }
  // On wasm one pass per parameter (D2lSgdUpdate), with the ops' float32 roundings.
  const fused = tf.getKernel(SGD_UPDATE, tf.getBackend()) !== undefined;
  tf.tidy(() => {
    const [scaleT, lrT] = [tf.scalar(scale), tf.scalar(lr)];
    for (const [key, param] of named) {
      const grad = gradOf[key] as tf.Tensor;
      const next =
        fused && param.dtype === "float32" && grad.dtype === "float32"
          ? (tf.engine().runKernel(SGD_UPDATE, { param, grad, scale: scaleT, lr: lrT }) as tf.Tensor)
          : tf.sub(param, tf.mul(scale === 1 ? grad : tf.mul(grad, scaleT), lrT));
      param.assign(next);
    }
  });
}
