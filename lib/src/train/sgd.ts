/**
 * Minibatch stochastic gradient descent as in the book: `param ← param − lr · grad`. The loss is a
 * mean over the batch, so no further division by the batch size (this is why lr = 100 works).
 */
import * as tf from "@tensorflow/tfjs";

/**
 * Updates each variable in place with its gradient (matched by list index or record key).
 * Variables without a gradient are an error, never silently skipped.
 */
export function sgd(
  params: readonly tf.Variable[] | { readonly [name: string]: tf.Variable },
  grads: readonly tf.Tensor[] | { readonly [name: string]: tf.Tensor },
  lr: number,
): void {
  if (!(typeof lr === "number" && Number.isFinite(lr))) throw new Error(`sgd: lr: expected a finite number, got ${String(lr)}`);
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
  tf.tidy(() => {
    for (const [key, param] of named) param.assign(tf.sub(param, tf.mul(gradOf[key] as tf.Tensor, lr)));
  });
}
