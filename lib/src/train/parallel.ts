/**
 * Data-parallel gradients on a second core. tfjs's wasm backend runs one thread in Node, so a
 * training batch uses one core; here a worker thread holds a replica of a scratch model and computes
 * the gradient of one part of each batch while the main thread computes the other part:
 *
 *   L = (b₁·L₁ + b₂·L₂) / B   (L_i the mean loss over the b_i sequences of part i),
 *   ∇L = ∇(b₁/B · L₁) + ∇(b₂/B · L₂)
 *
 * which is the gradient of the whole batch (only the order of additions differs). Each side
 * differentiates its loss already weighted by b_i/B, so the two gradients are simply added. The trainer then
 * clips and updates as before, on the main thread. Parameters go to the worker and gradients come
 * back through shared memory; the main thread blocks on `Atomics.wait` while it waits, so a training
 * step stays synchronous. Only for scratch models with the state reset at every batch (random
 * sampling), where the two parts are independent.
 */
import * as tf from "@tensorflow/tfjs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { ScratchModel, ScratchModelOptions } from "../model/model";

/** What a worker needs to build the same model: the options of `scratchModel` without the Rng. */
export type ReplicaSpec = Omit<ScratchModelOptions, "rng">;

/** Where each variable lives in the shared parameter and gradient buffers. */
export type Slot = { readonly name: string; readonly shape: number[]; readonly offset: number; readonly size: number };

/** The shared buffers and the layout, as sent to the worker. */
export interface SharedBlock {
  /** [job number, done number, status (0 ok, 1 error), rows of the worker's part, ready flag, rows of the whole batch]. */
  readonly ctrl: SharedArrayBuffer;
  /** The worker's weighted loss b₂/B · L₂ (float64). */
  readonly loss: SharedArrayBuffer;
  readonly params: SharedArrayBuffer;
  readonly grads: SharedArrayBuffer;
  /** Token rows X then Y of the worker's part (int32). */
  readonly tokens: SharedArrayBuffer;
  /** An error message from the worker (UTF-8). */
  readonly error: SharedArrayBuffer;
  readonly slots: readonly Slot[];
  readonly numSteps: number;
  readonly maxRows: number;
  readonly backend: string;
  readonly spec: ReplicaSpec;
}

export const CTRL = { job: 0, done: 1, status: 2, rows: 3, ready: 4, total: 5 } as const;
const ERROR_BYTES = 4096;
const TIMEOUT_MS = 300_000;

/** The mean cross-entropy of a model on `X [b, T]` with labels `Y [b, T]`, from a fresh state. */
export type BatchLoss = (X: tf.Tensor2D, Y: tf.Tensor2D) => tf.Scalar;

/** A second thread that computes the gradient of part of every batch. */
export class ParallelGradients {
  private readonly worker: Worker;
  private readonly ctrl: Int32Array;
  private readonly loss: Float64Array;
  private readonly params: Float32Array;
  private readonly grads: Float32Array;
  private readonly tokens: Int32Array;
  private readonly error: Uint8Array;
  private readonly slots: readonly Slot[];
  private job = 0;

  /**
   * Starts the worker and waits (blocking) until its replica is built. `spec` must build a model
   * with the same variables as `model`.
   */
  constructor(
    private readonly model: ScratchModel,
    spec: ReplicaSpec,
    private readonly numSteps: number,
    maxRows: number,
  ) {
    let offset = 0;
    this.slots = Object.entries(model.variables).map(([name, v]) => {
      const slot = { name, shape: v.shape.slice(), offset, size: v.size };
      offset += v.size;
      return slot;
    });
    const block: SharedBlock = {
      ctrl: new SharedArrayBuffer(6 * 4),
      loss: new SharedArrayBuffer(8),
      params: new SharedArrayBuffer(offset * 4),
      grads: new SharedArrayBuffer(offset * 4),
      tokens: new SharedArrayBuffer(2 * maxRows * numSteps * 4),
      error: new SharedArrayBuffer(ERROR_BYTES),
      slots: this.slots,
      numSteps,
      maxRows,
      backend: tf.getBackend(),
      spec,
    };
    this.ctrl = new Int32Array(block.ctrl);
    this.loss = new Float64Array(block.loss);
    this.params = new Float32Array(block.params);
    this.grads = new Float32Array(block.grads);
    this.tokens = new Int32Array(block.tokens);
    this.error = new Uint8Array(block.error);
    this.worker = new Worker(path.join(__dirname, "parallel-worker.js"), { workerData: block });
    this.worker.unref();
    if (Atomics.wait(this.ctrl, CTRL.ready, 0, TIMEOUT_MS) === "timed-out") {
      void this.worker.terminate();
      throw new Error("ParallelGradients: the worker thread did not start within 5 minutes");
    }
    this.check();
  }

  /**
   * The mean loss and the gradients (by variable name, as `tf.variableGrads` gives them) of the
   * whole batch `X [B, T]`, `Y [B, T]`: the worker takes the last ⌊B/2⌋ rows, this thread the rest.
   */
  compute(X: tf.Tensor2D, Y: tf.Tensor2D, lossOf: BatchLoss): { value: number; grads: tf.NamedTensorMap } {
    const [B, T] = X.shape;
    if (T !== this.numSteps) throw new Error(`ParallelGradients: X: expected ${this.numSteps} steps, got ${T}`);
    const b2 = Math.floor(B / 2);
    const b1 = B - b2;
    // Hand the worker its part: current parameters and token rows b1 … B − 1. A batch of one row
    // is this thread's alone: a job of no rows would only run on beside the next batch's writes.
    if (b2 > 0) {
      for (const slot of this.slots) this.params.set(this.model.variables[slot.name].dataSync(), slot.offset);
      this.tokens.set(X.dataSync().subarray(b1 * T), 0);
      this.tokens.set(Y.dataSync().subarray(b1 * T), b2 * T);
      Atomics.store(this.ctrl, CTRL.rows, b2);
      Atomics.store(this.ctrl, CTRL.total, B);
      Atomics.store(this.ctrl, CTRL.job, ++this.job);
      Atomics.notify(this.ctrl, CTRL.job);
    }
    // Meanwhile, this thread's part. Whether it returns or throws, the worker's part is waited
    // for: the next batch writes the shared parameters and tokens that a running part still reads.
    const weighted = () => tf.mul(lossOf(tf.slice(X, [0, 0], [b1, T]), tf.slice(Y, [0, 0], [b1, T])), b1 / B) as tf.Scalar;
    let mine: ReturnType<typeof tf.variableGrads>;
    try {
      mine = tf.variableGrads(b2 === 0 ? () => lossOf(X, Y) : weighted, Object.values(this.model.variables));
    } catch (err) {
      if (b2 > 0) this.awaitWorker();
      throw err;
    }
    const l1 = mine.value.dataSync()[0];
    if (b2 > 0) {
      this.awaitWorker();
      this.check();
    }
    const grads: tf.NamedTensorMap = {};
    for (const slot of this.slots) {
      const v = this.model.variables[slot.name];
      const g1 = mine.grads[v.name];
      grads[v.name] =
        b2 === 0 ? g1 : tf.tidy(() => tf.add(g1, tf.tensor(this.grads.subarray(slot.offset, slot.offset + slot.size), slot.shape)));
      if (b2 > 0) g1.dispose();
    }
    mine.value.dispose();
    return { value: b2 === 0 ? l1 : l1 + this.loss[0], grads };
  }

  /** Waits until the worker has finished the current job. */
  private awaitWorker(): void {
    while (Atomics.load(this.ctrl, CTRL.done) !== this.job) {
      if (Atomics.wait(this.ctrl, CTRL.done, this.job - 1, TIMEOUT_MS) === "timed-out")
        throw new Error("ParallelGradients: the worker did not answer within 5 minutes");
    }
  }

  /** Stops the worker. */
  terminate(): void {
    Atomics.store(this.ctrl, CTRL.job, -1);
    Atomics.notify(this.ctrl, CTRL.job);
    void this.worker.terminate();
  }

  private check(): void {
    if (Atomics.load(this.ctrl, CTRL.status) !== 0) {
      const end = this.error.indexOf(0);
      const text = Buffer.from(this.error.slice(0, end < 0 ? this.error.length : end)).toString("utf8");
      throw new Error(`ParallelGradients: the worker failed: ${text}`);
    }
  }
}

/** Writes `text` into a shared byte buffer (truncated, zero-terminated). */
export function writeError(buffer: SharedArrayBuffer, text: string): void {
  const bytes = Buffer.from(text, "utf8").subarray(0, ERROR_BYTES - 1);
  const view = new Uint8Array(buffer);
  view.set(bytes);
  view[bytes.length] = 0;
}
