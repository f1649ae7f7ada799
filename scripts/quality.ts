/**
 * `npm run quality`: the chapter's seven headline runs with the book's settings on the first
 * 10,000 characters of the lyrics, one seeded run each, compared with the perplexity ranges of
 * the book's own builds. Writes reports/quality.json (an array of {model, impl, sampling, epochs,
 * perplexity, secondsPerEpoch, backend}) and reports/quality.md (the table), updated after every
 * run so that a long run leaves its finished rows behind; `--only` keeps the other rows of an
 * earlier report. The generated samples go to reports/tmp/quality.samples.md, which git ignores:
 * at perplexity ≈ 1.3 they repeat the lyrics nearly verbatim, and the corpus is not ours to
 * commit (the committed table keeps only the first few characters of each sample).
 *
 *   npm run quality                      # the full runs (250 / 160 epochs; long on wasm)
 *   npm run quality -- --quick           # 5 epochs each (also D2L_QUICK=1), to reports/quality.quick.*
 *   npm run quality -- --epochs 20 --only rnn,gru   # other epoch counts, a subset of the models
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as d2l from "d2lzh";
import { checkOutputFolder, openOutputFolder } from "./lib/output";

interface Run {
  readonly model: d2l.CellName;
  readonly impl: "scratch" | "concise";
  readonly sampling: d2l.Sampling;
  /** The book's published perplexity range at the last epoch. */
  readonly target: readonly [number, number];
}

/** The seven runs and the book's perplexity ranges at their last epoch. */
export const RUNS: readonly Run[] = [
  { model: "rnn", impl: "scratch", sampling: "random", target: [1.28, 1.33] },
  { model: "rnn", impl: "scratch", sampling: "consecutive", target: [1.15, 1.21] },
  { model: "gru", impl: "scratch", sampling: "consecutive", target: [1.72, 1.81] },
  { model: "lstm", impl: "scratch", sampling: "consecutive", target: [3.78, 4.46] },
  { model: "rnn", impl: "concise", sampling: "consecutive", target: [1.74, 1.82] },
  { model: "gru", impl: "concise", sampling: "consecutive", target: [1.44, 1.47] },
  { model: "lstm", impl: "concise", sampling: "consecutive", target: [3.57, 4.21] },
];

/** One row of reports/quality.json. */
export interface QualityRow {
  readonly model: d2l.CellName;
  readonly impl: "scratch" | "concise";
  readonly sampling: d2l.Sampling;
  readonly epochs: number;
  readonly perplexity: number;
  readonly secondsPerEpoch: number;
  readonly backend: string;
}

export const QUALITY_USAGE = `usage: npm run quality [-- options]
  --quick        5 epochs per run (also D2L_QUICK=1), written to quality.quick.{json,md}
  --epochs N     N epochs per run (N >= 1)
  --only a,b     only the runs whose "model-impl-sampling" contains one of the texts (rnn, gru-concise …)
  --out DIR      write to DIR (default reports/); DIR must be new, empty or an earlier output of npm run quality
  --help         this text`;

/** Reads the command line (`--quick`, `--epochs N`, `--only a,b`, `--out DIR`); D2L_QUICK=1 also means quick. */
export function parseArgs(argv: readonly string[]) {
  const known = new Set(["--quick", "--epochs", "--only", "--out", "--help", "-h"]);
  argv.forEach((a, i) => {
    if (a.startsWith("-") && !known.has(a) && !["--epochs", "--only", "--out"].includes(argv[i - 1])) {
      throw new Error(`quality: unknown argument ${JSON.stringify(a)}; expected --quick, --epochs N, --only a,b, --out DIR or --help`);
    }
    if (["--epochs", "--only", "--out"].includes(a) && argv[i + 1] === undefined)
      throw new Error(`quality: ${a}: expected a value, got nothing`);
  });
  const help = argv.includes("--help") || argv.includes("-h");
  const quick = argv.includes("--quick") || d2l.quickMode();
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const epochs = value("--epochs") === undefined ? (quick ? 5 : undefined) : Number(value("--epochs"));
  if (epochs !== undefined && !(Number.isInteger(epochs) && epochs >= 1))
    throw new Error(`quality: --epochs: expected a positive integer, got ${JSON.stringify(value("--epochs"))}`);
  const only = value("--only")?.split(",");
  const outDir = value("--out") ?? path.join(__dirname, "..", "reports");
  const stem = epochs !== undefined ? "quality.quick" : "quality";
  return { epochs, only, outDir, stem, help };
}

const runName = (r: Run) => `${r.model}-${r.impl}-${r.sampling}`;

/** The runs named by --only (all without it); a text that matches no run is an error naming the runs. */
export function selectRuns(only: readonly string[] | undefined): Run[] {
  if (only === undefined) return [...RUNS];
  for (const o of only) {
    if (!RUNS.some((r) => runName(r).includes(o))) {
      throw new Error(
        `quality: --only: expected texts contained in ${RUNS.map(runName).join(", ")}, got ${JSON.stringify(o)} (matches no run; nothing was run or written)`,
      );
    }
  }
  return RUNS.filter((r) => only.some((o) => runName(r).includes(o)));
}

/** The markdown report: the table (with the book's ranges) and the opening of each run's last samples. */
export type ReportRow = QualityRow & { readonly target: readonly [number, number]; readonly samples: readonly Sample[] };

/** "below (better)", "in range" or "above" the book's range. */
export function verdict(perplexity: number, target: readonly [number, number]): string {
  return perplexity <= target[1] ? (perplexity < target[0] ? "below (better)" : "in range") : "above";
}

/** How many generated characters (after the prefix) of a sample the committed report keeps. */
export const SAMPLE_CHARS = 4;

/** One generated sample: the prefix it started from and the whole text (prefix included). */
export type Sample = { readonly prefix: string; readonly text: string };

/** The prefix and the first `SAMPLE_CHARS` characters (code points) generated after it, with "…" when cut. */
export function sampleOpening(sample: Sample): string {
  const chars = Array.from(sample.text);
  const keep = (sample.text.startsWith(sample.prefix) ? Array.from(sample.prefix).length : 0) + SAMPLE_CHARS;
  return chars.length <= keep ? sample.text : `${chars.slice(0, keep).join("")}…`;
}

/** The full samples, for the ignored reports/tmp/quality.samples.md. */
export function samplesMarkdown(rows: readonly ReportRow[]): string {
  const lines = ["# Quality: full samples (greedy, after the last epoch; not committed)", ""];
  for (const r of rows) {
    lines.push(`**${r.model} ${r.impl} (${r.sampling})**`, "");
    r.samples.forEach((s) => lines.push(`- ${s.text}`));
    lines.push("");
  }
  return lines.join("\n");
}

export function qualityMarkdown(rows: readonly ReportRow[], note: string, samplesFile = "reports/tmp/quality.samples.md"): string {
  const lines = [
    "# Quality: perplexity after the book's training runs",
    "",
    note,
    "",
    "| model | impl | sampling | epochs | perplexity | book's range | verdict | s / epoch | backend |",
    "| --- | --- | --- | ---: | ---: | --- | --- | ---: | --- |",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.model} | ${r.impl} | ${r.sampling} | ${r.epochs} | ${r.perplexity.toFixed(3)} | ${r.target[0]}–${r.target[1]} | ${verdict(r.perplexity, r.target)} | ${r.secondsPerEpoch.toFixed(2)} | ${r.backend} |`,
    );
  }
  lines.push(
    "",
    "## Samples (greedy, after the last epoch)",
    "",
    `Only the prefix and the first ${SAMPLE_CHARS} generated characters of each sample: at these perplexities the samples repeat the corpus nearly verbatim, and the lyrics are not ours to commit. The full samples of the last run are in ${samplesFile} (ignored by git); the notebooks show them live.`,
    "",
  );
  for (const r of rows) {
    if (r.samples.length === 0) continue;
    lines.push(`- ${r.model} ${r.impl} (${r.sampling}): ${r.samples.map((s) => `“${sampleOpening(s)}”`).join(", ")}`);
  }
  return lines.join("\n");
}

/** The rows of an earlier reports/quality*.json, or none; a malformed file is an error, not silently replaced. */
function earlierRows(file: string): QualityRow[] {
  if (!fs.existsSync(file)) return [];
  const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  const ok = (r: unknown): r is QualityRow =>
    typeof r === "object" &&
    r !== null &&
    ["model", "impl", "sampling"].every((k) => typeof (r as Record<string, unknown>)[k] === "string") &&
    ["epochs", "perplexity", "secondsPerEpoch"].every((k) => typeof (r as Record<string, unknown>)[k] === "number");
  if (!Array.isArray(parsed) || !parsed.every(ok))
    throw new Error(`quality: ${file}: expected an array of quality rows, got something else; move it away to start afresh`);
  return parsed;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(QUALITY_USAGE);
    return;
  }
  const runs = selectRuns(args.only);
  const output = { command: "quality", flag: "--out" };
  checkOutputFolder(args.outDir, output);
  const info = await d2l.backend();
  const corpus = await d2l.loadDataJayLyrics();
  const done: ReportRow[] = [];
  const jsonPath = path.join(args.outDir, `${args.stem}.json`);
  const earlier = args.only === undefined ? [] : earlierRows(jsonPath);
  const key = (r: { model: string; impl: string; sampling: string }) => `${r.model}-${r.impl}-${r.sampling}`;
  const note =
    args.epochs === undefined
      ? `The book's settings (hidden 256, numSteps 35, batch 32, lr 100, θ 0.01) on the first 10,000 characters, seed 0 for every run.`
      : `Shortened runs (${args.epochs} epochs each), so the book's ranges do not apply; the book's settings otherwise.`;
  for (const run of runs) {
    const defaults = d2l.defaultsFor(run.model);
    const numEpochs = args.epochs ?? defaults.numEpochs;
    const rng = d2l.seed(0);
    const options = { cell: run.model, vocabSize: corpus.vocabSize, numHiddens: defaults.numHiddens, rng };
    const model: d2l.LanguageModel<unknown> = run.impl === "scratch" ? d2l.scratchModel(options) : d2l.conciseModel(options);
    console.log(`\n== ${run.model} ${run.impl}, ${run.sampling} sampling, ${numEpochs} epochs`);
    const result = await d2l.trainAndPredictRnn({
      model,
      corpus,
      sampling: run.sampling,
      numEpochs,
      predPeriod: Math.min(defaults.predPeriod, numEpochs),
    });
    const last = result.history[result.history.length - 1];
    const samples = result.samples.filter((s) => s.epoch === last?.epoch).map((s) => ({ prefix: s.prefix, text: s.text }));
    model.dispose();
    if (last === undefined) throw new Error(`quality: ${run.model} ${run.impl} stopped before its first epoch (${result.message})`);
    const secondsPerEpoch = result.history.reduce((a, h) => a + h.seconds, 0) / result.history.length;
    done.push({
      model: run.model,
      impl: run.impl,
      sampling: run.sampling,
      epochs: last.epoch,
      perplexity: last.perplexity,
      secondsPerEpoch,
      backend: info.name,
      target: run.target,
      samples,
    });
    // Rows of an earlier report that this run did not redo keep their place (RUNS order).
    const rows = RUNS.flatMap((r) => {
      const fresh = done.find((d) => key(d) === key(r));
      const old = earlier.find((e) => key(e) === key(r));
      return fresh !== undefined ? [fresh] : old !== undefined ? [{ ...old, target: r.target, samples: [] }] : [];
    });
    const json = rows.map(({ model, impl, sampling, epochs, perplexity, secondsPerEpoch, backend }) => ({
      model,
      impl,
      sampling,
      epochs,
      perplexity,
      secondsPerEpoch,
      backend,
    }));
    const folder = openOutputFolder(args.outDir, output);
    folder.write(`${args.stem}.json`, JSON.stringify(json, null, 2) + "\n");
    const load = `Seconds per epoch depend on what else runs: the 1-minute load average was ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores when this row was written.`;
    const kept =
      earlier.length > 0 ? ` Rows not redone by this run (\`--only ${args.only?.join(",")}\`) come from the earlier report.` : "";
    folder.write(`${args.stem}.md`, qualityMarkdown(rows, `${note}${kept} ${load}`, `reports/tmp/${args.stem}.samples.md`) + "\n");
    // The full samples repeat the lyrics: they go to the ignored tmp/ folder only.
    fs.mkdirSync(folder.resolve("tmp"), { recursive: true });
    folder.write(`tmp/${args.stem}.samples.md`, samplesMarkdown(done) + "\n");
  }
  console.log(`\nwrote ${path.join(args.outDir, args.stem)}.{json,md}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
