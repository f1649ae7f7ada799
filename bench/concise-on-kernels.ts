/**
 * `D2L_WASM_THREADS=1 npx tsx bench/concise-on-kernels.ts [rnn gru lstm]`: would a tf.layers-compatible
 * layer on our fused kernels pay for the concise models (issue 18)? A prototype, not that layer:
 * it slices a concise model's tf.layers weights (kernel, recurrentKernel, bias; gates side by side)
 * into the per-gate record of the fused layers and runs `fusedSequence` on the token indices, then
 * the dense layer's weights as a product. It times the CPU of one batch's forward and backward
 * (loss and gradients of every weight) against the concise model's own `forward`, alternating the
 * two, median of 5 each. The slices and their gradients cost copies that the real layer would not.
 */
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
type Cell = "rnn" | "gru" | "lstm";
/** The gate order of tf.layers within a weight matrix. */
const GATES: Record<Cell, string[]> = { rnn: ["h"], gru: ["z", "r", "h"], lstm: ["i", "f", "c", "o"] };
async function main() {
  await d2l.backend({ quiet: true });
  const rng = d2l.seed(1);
  const [B, T, V, H] = [32, 35, 1027, 256];
  for (const cell of process.argv.slice(2) as Cell[]) {
    const model = d2l.conciseModel({ cell, vocabSize: V, numHiddens: H, rng: d2l.seed(0) });
    const [kernel, recurrent, bias] = model.recurrent[0].trainableWeights.map((w) => w.read());
    const [dk, db] = model.dense.trainableWeights.map((w) => w.read());
    const X = tf.tensor2d(
      Array.from({ length: B * T }, () => rng.randint(0, V)),
      [B, T],
      "int32",
    );
    const Y = tf.tensor1d(
      Array.from({ length: B * T }, () => rng.randint(0, V)),
      "int32",
    );
    const layer = d2l.fusedLayer(cell);
    const viaLayers = () => model.forward(X, model.initState(B)).logits;
    const viaKernels = () => {
      const p: Record<string, tf.Tensor> = {};
      GATES[cell].forEach((g, j) => {
        p[`W_x${g}`] = tf.slice(kernel, [0, j * H], [-1, H]);
        p[`W_h${g}`] = tf.slice(recurrent, [0, j * H], [-1, H]);
        p[`b_${g}`] = tf.slice(bias, [j * H], [H]);
      });
      const state = cell === "lstm" ? { H: tf.zeros([B, H]), C: tf.zeros([B, H]) } : { H: tf.zeros([B, H]) };
      const { outputs } = d2l.fusedSequence(layer, [p as never], [state as never], X);
      return tf.add(tf.matMul(outputs, dk as tf.Tensor2D), db) as tf.Tensor2D;
    };
    const step = (f: () => tf.Tensor2D) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => d2l.softmaxCrossEntropy(f(), Y), Object.values(model.variables));
        return Object.values(grads).map((g) => g.dataSync()[0]);
      });
    const cpu: Record<string, number[]> = { kernels: [], layers: [] };
    for (let i = 0; i < 11; i++) {
      const v = i % 2 === 0 ? "kernels" : "layers";
      const c0 = process.cpuUsage();
      step(v === "kernels" ? viaKernels : viaLayers);
      const c = process.cpuUsage(c0);
      if (i > 1) cpu[v].push((c.user + c.system) / 1000);
    }
    const med = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor((x.length - 1) / 2)];
    console.log(
      `${cell}: a batch's forward + backward, CPU ms: tf.layers ${med(cpu.layers).toFixed(0)}, prototype on our kernels ${med(cpu.kernels).toFixed(0)} (${(med(cpu.layers) / med(cpu.kernels)).toFixed(1)}x); load ${require("os").loadavg()[0].toFixed(2)}`,
    );
    tf.dispose([X, Y]);
    model.dispose();
  }
}
main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
