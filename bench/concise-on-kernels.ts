/**
 * `npx tsx bench/concise-on-kernels.ts [rnn gru lstm]`: what the concise model's recurrent layer costs
 * on tf.layers against `d2l.FusedRecurrent` (`conciseModel({ layer: "kernels" })`, the same weights
 * from the same seed) and against the scratch model's fused engine (issue 18). It times the CPU of
 * one batch's forward and backward (loss and gradients of every weight), the three in turn for
 * `--rounds N` rounds (default 9) after a warm-up, and prints the medians, the median of each
 * round's FusedRecurrent / scratch ratio with its range (the host's speed drifts between rounds, far
 * less within one) and the load average.
 */
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
type Cell = "rnn" | "gru" | "lstm";
type Variant = "tf.layers" | "kernels" | "scratch";
const VARIANTS: readonly Variant[] = ["tf.layers", "kernels", "scratch"];
async function main() {
  const argv = process.argv.slice(2);
  const at = argv.indexOf("--rounds");
  const rounds = at >= 0 ? Number(argv[at + 1]) : 9;
  if (!(Number.isInteger(rounds) && rounds >= 1))
    throw new Error(`concise-on-kernels: --rounds: expected a positive integer, got ${argv[at + 1]}`);
  const cells = argv.filter((a, i) => !(i === at || i === at + 1));
  const unknown = cells.filter((c) => !["rnn", "gru", "lstm"].includes(c));
  if (unknown.length > 0) throw new Error(`concise-on-kernels: cells: expected rnn, gru or lstm, got ${unknown.join(", ")}`);
  await d2l.backend({ quiet: true });
  const rng = d2l.seed(1);
  const [B, T, V, H] = [32, 35, 1027, 256];
  for (const cell of (cells.length > 0 ? cells : ["rnn", "gru", "lstm"]) as Cell[]) {
    const sizes = { cell, vocabSize: V, numHiddens: H };
    const models: Record<Variant, d2l.LanguageModel> = {
      "tf.layers": d2l.conciseModel({ ...sizes, rng: d2l.seed(0), layer: "tf.layers" }),
      kernels: d2l.conciseModel({ ...sizes, rng: d2l.seed(0), layer: "kernels" }),
      scratch: d2l.scratchModel({ ...sizes, rng: d2l.seed(0) }),
    };
    const X = tf.tensor2d(
      Array.from({ length: B * T }, () => rng.randint(0, V)),
      [B, T],
      "int32",
    );
    const Y = tf.tensor1d(
      Array.from({ length: B * T }, () => rng.randint(0, V)),
      "int32",
    );
    const step = (m: d2l.LanguageModel) =>
      tf.tidy(() => {
        const loss = () => d2l.softmaxCrossEntropy(m.forward(X, m.initState(B) as never).logits, Y);
        const { grads } = tf.variableGrads(loss, Object.values(m.variables));
        return Object.values(grads).map((g) => g.dataSync()[0]);
      });
    const cpu: Record<Variant, number[]> = { "tf.layers": [], kernels: [], scratch: [] };
    for (let i = 0; i < (rounds + 1) * VARIANTS.length; i++) {
      const v = VARIANTS[i % VARIANTS.length];
      const c0 = process.cpuUsage();
      step(models[v]);
      const c = process.cpuUsage(c0);
      if (i >= VARIANTS.length) cpu[v].push((c.user + c.system) / 1000);
    }
    const med = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor((x.length - 1) / 2)];
    const [a, b, s] = VARIANTS.map((v) => med(cpu[v]));
    const ratios = cpu.kernels.map((k, r) => k / cpu.scratch[r]);
    console.log(
      `${cell}: a batch's forward + backward, CPU ms: tf.layers ${a.toFixed(0)}, FusedRecurrent ${b.toFixed(0)} (${(a / b).toFixed(1)}x), ` +
        `scratch fused ${s.toFixed(0)}; FusedRecurrent / scratch per round ${med(ratios).toFixed(2)} ` +
        `(${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}, ${rounds} rounds); ` +
        `${d2l.wasmThreadsInUse()} wasm thread(s), load ${require("os").loadavg()[0].toFixed(2)}`,
    );
    tf.dispose([X, Y]);
    Object.values(models).forEach((m) => m.dispose());
  }
}
main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
