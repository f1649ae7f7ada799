/**
 * Inputs of a character-level RNN (d2l-zh 6.4): a batch of indices X [B, T] becomes the time-major
 * list of T tensors [B, V] that every cell reads one step at a time.
 *
 * `toOnehot` is the book's `to_onehot`; `embedSequence` is the fast path: since a one-hot row times W
 * picks one row of W, `toOnehot(X, V)[t].matMul(W)` equals `gather(W, X[:, t])` without building the
 * [B, V] matrices (B·T·V·D multiply-adds saved per batch).
 */
import * as tf from "@tensorflow/tfjs";

/** One-hot encodes X [B, T] (int32) as T float32 tensors [B, V]; the caller owns (disposes) them. */
export function toOnehot(X: tf.Tensor2D, vocabSize: number): tf.Tensor2D[] {
  if (!(Number.isInteger(vocabSize) && vocabSize >= 1)) {
    throw new Error(`toOnehot: vocabSize: expected a positive integer, got ${String(vocabSize)}`);
  }
  checkIndexTensor("toOnehot", X, vocabSize, "vocabSize");
  const [B, T] = X.shape;
  return tf.tidy(() => {
    const XT = X.transpose(); // [T, B]
    // [T, B, V]. tf.oneHot(…, "float32") writes int32 bits on wasm (tfjs 4.22), hence the cast.
    const onehot = vocabSize === 1 ? tf.ones([T, B, 1]) : tf.oneHot(XT, vocabSize).cast("float32");
    return tf.unstack(onehot) as tf.Tensor2D[];
  });
}

/**
 * The embedding lookup of X [B, T] (int32) in W [V, D]: T float32 tensors [B, D], element for
 * element equal to `toOnehot(X, V)[t].matMul(W)`, by `tf.gather` (differentiable in W). The caller
 * owns the outputs; X and W are not disposed.
 */
export function embedSequence(X: tf.Tensor2D, W: tf.Tensor2D): tf.Tensor2D[] {
  if (!(W instanceof tf.Tensor) || W.rank !== 2) {
    throw new Error(`embedSequence: W: expected a [V, D] tensor (rank 2), got ${shapeOf(W)}`);
  }
  if (W.dtype !== "float32") throw new Error(`embedSequence: W: expected dtype float32, got ${W.dtype}`);
  const [V, D] = W.shape;
  checkIndexTensor("embedSequence", X, V, "W.shape[0]");
  const [B, T] = X.shape;
  return tf.tidy(() => {
    const rows = tf.gather(W, X.transpose().reshape([T * B])); // [T·B, D], time-major
    return tf.unstack(rows.reshape([T, B, D])) as tf.Tensor2D[];
  });
}

/** X must be an int32 [B, T] tensor of indices in [0, V). Reads X's values (a small sync). */
function checkIndexTensor(fn: string, X: tf.Tensor2D, V: number, vName: string): void {
  if (!(X instanceof tf.Tensor) || X.rank !== 2) {
    throw new Error(`${fn}: X: expected a [B, T] tensor (rank 2), got ${shapeOf(X)}`);
  }
  if (X.dtype !== "int32") {
    throw new Error(`${fn}: X: expected dtype int32 (e.g. tf.tensor2d(rows, [B, T], "int32")), got ${X.dtype}`);
  }
  const values = X.dataSync();
  const T = X.shape[1];
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0 || values[i] >= V) {
      const at = `[${Math.floor(i / T)}, ${i % T}]`;
      throw new Error(`${fn}: X: expected indices in [0, ${vName} = ${V}), got ${values[i]} at ${at}`);
    }
  }
}

function shapeOf(value: unknown): string {
  if (value instanceof tf.Tensor) return `shape [${value.shape.join(", ")}]`;
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? "an array (not a tensor)" : typeof value;
}
