/**
 * The experiments behind the reference written answers (solutions/<id>/answer.md): short, seeded runs on the
 * first 10,000 characters of the lyrics with the book's settings unless stated, so that every figure
 * an answer quotes can be reproduced. Writes solutions/experiments.json and solutions/experiments.md
 * with only the opening characters of each generated sample (the lyrics are not ours to commit, and
 * trained samples repeat them nearly verbatim); the full samples go to reports/tmp/experiments.samples.md,
 * which git ignores.
 *
 *   D2L_DATA_DIR=/work/shared/data nice npx tsx autograder/experiments.ts [--epochs 30]
 *
 * Takes some minutes on two cores (runs one after the other); not part of the tests.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as d2l from "d2lzh";
import { ROOT } from "./cells";

interface Run {
  readonly name: string;
  readonly exercise: string;
  readonly settings: Record<string, unknown>;
  readonly perplexity: number[];
  readonly gradNorm: number[];
  readonly secondsPerEpoch: number;
  readonly cpuSecondsPerEpoch: number;
  readonly stopReason: string;
  readonly message?: string;
  readonly samples: { epoch: number; prefix: string; text: string }[];
}

/** How many generated characters (after the prefix) of a sample the committed files keep. */
const SAMPLE_CHARS = 4;

/** The prefix and the first SAMPLE_CHARS characters (code points) generated after it, with "…" when cut. */
function sampleOpening(prefix: string, text: string): string {
  const chars = Array.from(text);
  const keep = (text.startsWith(prefix) ? Array.from(prefix).length : 0) + SAMPLE_CHARS;
  return chars.length <= keep ? text : `${chars.slice(0, keep).join("")}…`;
}

type ModelSpec = { impl: "scratch" | "concise"; cell: d2l.CellName; numHiddens?: number; numLayers?: number; activation?: d2l.Activation };

async function run(
  name: string,
  exercise: string,
  spec: ModelSpec,
  config: Partial<d2l.TrainConfig>,
  corpus: d2l.CharCorpus,
): Promise<Run> {
  const rng = d2l.seed(0);
  const numHiddens = spec.numHiddens ?? 256;
  const model = (
    spec.impl === "scratch"
      ? d2l.scratchModel({
          cell: spec.cell,
          vocabSize: corpus.vocabSize,
          numHiddens,
          numLayers: spec.numLayers,
          activation: spec.activation,
          rng,
        })
      : d2l.conciseModel({ cell: spec.cell, vocabSize: corpus.vocabSize, numHiddens, rng })
  ) as d2l.LanguageModel<unknown>;
  const cpu = process.cpuUsage();
  const r = await d2l.trainAndPredictRnn({ model, corpus, numHiddens, quiet: true, seed: 0, ...config });
  const used = process.cpuUsage(cpu);
  const epochs = Math.max(r.history.length, 1);
  const out: Run = {
    name,
    exercise,
    settings: { ...spec, ...config },
    perplexity: r.history.map((h) => Number(h.perplexity.toPrecision(5))),
    gradNorm: r.history.map((h) => Number(h.gradNorm.toPrecision(4))),
    secondsPerEpoch: Number((r.history.reduce((s, h) => s + h.seconds, 0) / epochs).toFixed(3)),
    cpuSecondsPerEpoch: Number(((used.user + used.system) / 1e6 / epochs).toFixed(3)),
    stopReason: r.stopReason,
    message: r.message,
    samples: r.samples.map((s) => ({ epoch: s.epoch, prefix: s.prefix, text: s.text })),
  };
  const last = out.perplexity[out.perplexity.length - 1];
  console.log(
    `${name}: ${out.perplexity.length} epochs, perplexity ${last}, ${out.secondsPerEpoch} s/epoch (${out.cpuSecondsPerEpoch} CPU s), ${r.stopReason}`,
  );
  return out;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf("--epochs");
  const E = i > 0 ? Number(process.argv[i + 1]) : 30;
  await d2l.backend();
  const corpus = await d2l.loadDataJayLyrics();
  const rnn: ModelSpec = { impl: "scratch", cell: "rnn" };
  const base = { numEpochs: E, predPeriod: E, predLen: 30 };
  const runs: Run[] = [];
  // 6.4.1: hyperparameters of the scratch RNN.
  runs.push(await run("rnn-baseline", "6.4.1", rnn, base, corpus));
  runs.push(await run("rnn-hidden-128", "6.4.1", { ...rnn, numHiddens: 128 }, base, corpus));
  runs.push(await run("rnn-hidden-512", "6.4.1", { ...rnn, numHiddens: 512 }, base, corpus));
  runs.push(await run("rnn-lr-10", "6.4.1", rnn, { ...base, lr: 10 }, corpus));
  runs.push(await run("rnn-lr-1000", "6.4.1", rnn, { ...base, lr: 1000 }, corpus));
  runs.push(await run("rnn-steps-16", "6.4.1", rnn, { ...base, numSteps: 16 }, corpus));
  // 6.4.2: no clipping.
  runs.push(await run("rnn-no-clipping", "6.4.2", rnn, { ...base, clipping: false }, corpus));
  // 6.4.3: what an undertrained model writes, every epoch.
  runs.push(await run("rnn-pred-period-1", "6.4.3", rnn, { numEpochs: 12, predPeriod: 1, predLen: 20 }, corpus));
  // 6.4.4: consecutive sampling with and without detaching.
  runs.push(
    await run(
      "rnn-consecutive-detach",
      "6.4.4",
      rnn,
      { numEpochs: 4, predPeriod: 1000, sampling: "consecutive", detachState: true },
      corpus,
    ),
  );
  runs.push(
    await run(
      "rnn-consecutive-no-detach",
      "6.4.4",
      rnn,
      { numEpochs: 4, predPeriod: 1000, sampling: "consecutive", detachState: false },
      corpus,
    ),
  );
  // 6.4.5: ReLU.
  runs.push(await run("rnn-relu", "6.4.5", { ...rnn, activation: "relu" }, base, corpus));
  // 6.5.1: the concise RNN.
  runs.push(
    await run("rnn-concise", "6.5.1", { impl: "concise", cell: "rnn" }, { ...base, numEpochs: Math.min(E, 10), predPeriod: 1000 }, corpus),
  );
  // 6.7.2 / 6.7.3 / 6.8.1 / 6.8.2: GRU and LSTM.
  runs.push(await run("gru-baseline", "6.7.2", { impl: "scratch", cell: "gru" }, base, corpus));
  runs.push(await run("gru-hidden-128", "6.7.2", { impl: "scratch", cell: "gru", numHiddens: 128 }, base, corpus));
  runs.push(await run("gru-steps-16", "6.7.2", { impl: "scratch", cell: "gru" }, { ...base, numSteps: 16 }, corpus));
  runs.push(await run("lstm-baseline", "6.8.1", { impl: "scratch", cell: "lstm" }, base, corpus));
  runs.push(await run("lstm-lr-300", "6.8.1", { impl: "scratch", cell: "lstm" }, { ...base, lr: 300 }, corpus));
  // 6.9.1: two hidden layers.
  runs.push(await run("rnn-2-layers", "6.9.1", { ...rnn, numLayers: 2 }, base, corpus));

  const info = await d2l.backend({ quiet: true });
  const result = { backend: info.name, date: new Date().toISOString(), corpus: "jaychou_lyrics.txt, first 10,000 characters", runs };
  const full = runs.flatMap((r) =>
    r.samples.length === 0 ? [] : [`**${r.name}**`, "", ...r.samples.map((s) => `- epoch ${s.epoch}, ${s.prefix}: ${s.text}`), ""],
  );
  fs.mkdirSync(path.join(ROOT, "reports", "tmp"), { recursive: true });
  fs.writeFileSync(
    path.join(ROOT, "reports", "tmp", "experiments.samples.md"),
    ["# Full samples of the experiments (not committed)", "", ...full].join("\n") + "\n",
  );
  const committed = runs.map((r) => ({ ...r, samples: r.samples.map((s) => ({ ...s, text: sampleOpening(s.prefix, s.text) })) }));
  fs.writeFileSync(path.join(ROOT, "solutions", "experiments.json"), JSON.stringify({ ...result, runs: committed }, null, 1) + "\n");
  const md = [
    "# The experiments behind the written answers",
    "",
    `\`npx tsx autograder/experiments.ts --epochs ${E}\` on ${result.corpus}, backend ${info.name}, seed 0, the book's settings unless listed (hidden 256, numSteps 35, batch 32, lr 100, θ 0.01, random sampling). Times are wall-clock on a shared 2-core machine: compare them within this table only.`,
    "",
    "| run | exercise | changed | epochs | perplexity first → last | s/epoch | CPU s/epoch | stop |",
    "| --- | --- | --- | ---: | --- | ---: | ---: | --- |",
    ...runs.map((r) => {
      const changed = Object.entries(r.settings)
        .filter(([k]) => !["impl", "cell", "numEpochs", "predPeriod", "predLen"].includes(k))
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(", ");
      const p = r.perplexity;
      return `| ${r.name} | ${r.exercise} | ${changed || "—"} | ${p.length} | ${p[0]} → ${p[p.length - 1]} | ${r.secondsPerEpoch} | ${r.cpuSecondsPerEpoch} | ${r.stopReason} |`;
    }),
    "",
    "## Samples",
    "",
    `Only the prefix and the first ${SAMPLE_CHARS} generated characters of each sample (the lyrics are not ours to commit); the full samples are in reports/tmp/experiments.samples.md after a run, and the notebooks show them live.`,
    "",
    ...committed.flatMap((r) =>
      r.samples.length === 0 ? [] : [`**${r.name}**`, "", ...r.samples.map((s) => `- epoch ${s.epoch}, ${s.prefix}: ${s.text}`), ""],
    ),
  ];
  fs.writeFileSync(path.join(ROOT, "solutions", "experiments.md"), md.join("\n") + "\n");
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
