/**
 * The worker thread of `parallel.ts`: builds a replica of the scratch model, then for every job
 * copies in the current parameters, computes the mean loss and gradients of its part of the batch
 * and copies them out. It waits on `Atomics.wait`, so it never needs its event loop.
 */
import * as tf from "@tensorflow/tfjs";
import { workerData } from "node:worker_threads";
import { BackendName, backend } from "../backend/backend";
import { scratchModel } from "../model/model";
import { seed } from "../core/random";
import { softmaxCrossEntropy } from "./loss";
import { CTRL, SharedBlock, writeError } from "./parallel";

async function main(block: SharedBlock): Promise<void> {
  const ctrl = new Int32Array(block.ctrl);
  const fail = (err: unknown) => {
    writeError(block.error, err instanceof Error ? (err.stack ?? err.message) : String(err));
    Atomics.store(ctrl, CTRL.status, 1);
  };
  try {
    await backend({ force: block.backend as BackendName, quiet: true });
    const model = scratchModel({ ...block.spec, rng: seed(0) });
    const params = new Float32Array(block.params);
    const grads = new Float32Array(block.grads);
    const tokens = new Int32Array(block.tokens);
    const loss = new Float64Array(block.loss);
    const vars = block.slots.map((s) => model.variables[s.name]);
    const T = block.numSteps;
    Atomics.store(ctrl, CTRL.ready, 1);
    Atomics.notify(ctrl, CTRL.ready);
    let seen = 0;
    for (;;) {
      Atomics.wait(ctrl, CTRL.job, seen);
      seen = Atomics.load(ctrl, CTRL.job);
      if (seen < 0) break;
      try {
        const rows = Atomics.load(ctrl, CTRL.rows);
        const weight = rows / Atomics.load(ctrl, CTRL.total); // b₂/B: the gradients are added as they are
        tf.tidy(() => {
          block.slots.forEach((s, i) => vars[i].assign(tf.tensor(params.subarray(s.offset, s.offset + s.size), s.shape)));
          const X = tf.tensor2d(tokens.subarray(0, rows * T), [rows, T], "int32");
          const Y = tf.tensor2d(tokens.subarray(rows * T, 2 * rows * T), [rows, T], "int32");
          const { value, grads: g } = tf.variableGrads(() => {
            const out = model.forward(X, model.initState(rows));
            return tf.mul(softmaxCrossEntropy(out.logits, tf.reshape(tf.transpose(Y), [-1]) as tf.Tensor1D), weight) as tf.Scalar;
          }, vars);
          loss[0] = value.dataSync()[0];
          block.slots.forEach((s, i) => grads.set(g[vars[i].name].dataSync(), s.offset));
        });
      } catch (err) {
        fail(err);
      }
      Atomics.store(ctrl, CTRL.done, seen);
      Atomics.notify(ctrl, CTRL.done);
    }
  } catch (err) {
    fail(err);
    Atomics.store(ctrl, CTRL.ready, 1);
    Atomics.notify(ctrl, CTRL.ready);
  }
}

void main(workerData as SharedBlock);
