/**
 * The chapter's headline demo in a terminal: a character-level RNN (or GRU / LSTM) trained on the
 * lyrics with the book's settings, writing lines from 分开 and 不分开 as it learns.
 *
 *   npm run demo                                  RNN from scratch, 250 epochs, random sampling
 *   npm run demo -- --cell gru --epochs 40        other cells and shorter runs
 *   npm run demo -- --sampling consecutive
 *
 * Ctrl-C stops the run after the current batch and prints what was learnt so far.
 */
import * as d2l from "d2lzh";

interface DemoArgs {
  cell: d2l.CellName;
  numEpochs?: number;
  sampling?: d2l.Sampling;
  seed: number;
}

export function parseArgs(argv: readonly string[]): DemoArgs {
  const args: DemoArgs = { cell: "rnn", seed: 0 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = (what: string) => {
      if (value === undefined) throw new Error(`demo: ${flag}: expected ${what}, got nothing`);
      i++;
      return value;
    };
    switch (flag) {
      case "--cell": {
        const cell = need("rnn, gru or lstm");
        if (cell !== "rnn" && cell !== "gru" && cell !== "lstm")
          throw new Error(`demo: --cell: expected rnn, gru or lstm, got ${JSON.stringify(cell)}`);
        args.cell = cell;
        break;
      }
      case "--epochs": {
        const n = Number(need("a positive integer"));
        if (!(Number.isInteger(n) && n >= 1)) throw new Error(`demo: --epochs: expected a positive integer, got ${JSON.stringify(value)}`);
        args.numEpochs = n;
        break;
      }
      case "--sampling": {
        const s = need("random or consecutive");
        if (s !== "random" && s !== "consecutive")
          throw new Error(`demo: --sampling: expected random or consecutive, got ${JSON.stringify(s)}`);
        args.sampling = s;
        break;
      }
      case "--seed": {
        const n = Number(need("an integer"));
        if (!Number.isSafeInteger(n)) throw new Error(`demo: --seed: expected an integer, got ${JSON.stringify(value)}`);
        args.seed = n;
        break;
      }
      default:
        throw new Error(`demo: unknown argument ${JSON.stringify(flag)}; expected --cell, --epochs, --sampling or --seed`);
    }
  }
  return args;
}

/**
 * The SIGINT handler: the first Ctrl-C stops training after the current batch (the summary follows).
 * Wrappers (npm, tsx) forward the terminal's signal, so one Ctrl-C arrives two or three times within
 * milliseconds: copies within `windowMs` are the same keypress; a later one quits at once.
 */
export function stopOnInterrupt(
  controller: AbortController,
  windowMs = 1000,
  now = () => Date.now(),
  quit = () => process.exit(130),
): () => void {
  let first: number | undefined;
  return () => {
    if (first === undefined) {
      first = now();
      controller.abort();
    } else if (now() - first > windowMs) {
      quit();
    }
  };
}

export const USAGE = `usage: npm run demo [-- options]     (D2L_START=demo npm start runs it too)
  --cell rnn|gru|lstm          the cell (default rnn)
  --epochs N                   epochs (default: the book's, 250 for the RNN)
  --sampling random|consecutive
  --seed N                     the seed of every random choice (default 0)
Ctrl-C stops after the current batch and prints what was learnt so far; a second Ctrl-C quits at once.`;

async function main(): Promise<void> {
  if (process.argv.slice(2).some((a) => a === "--help" || a === "-h")) {
    console.log(USAGE);
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  await d2l.backend();
  const corpus = await d2l.loadDataJayLyrics();
  const model = d2l.scratchModel({ cell: args.cell, vocabSize: corpus.vocabSize, rng: d2l.seed(args.seed) });
  const defaults = d2l.defaultsFor(args.cell);
  const numEpochs = args.numEpochs ?? defaults.numEpochs;
  // A short run still shows lyrics at its end.
  const predPeriod = Math.min(defaults.predPeriod, numEpochs);
  const config = d2l.trainConfig({ numEpochs, predPeriod, sampling: args.sampling, seed: args.seed }, args.cell);
  console.log(
    `Training a ${args.cell.toUpperCase()} from scratch on ${corpus.corpusIndices.length} characters of lyrics ` +
      `(V ${corpus.vocabSize}, hidden ${config.numHiddens}, ${config.numEpochs} epochs, ${config.sampling} sampling). Ctrl-C stops early.`,
  );
  const controller = new AbortController();
  process.on("SIGINT", stopOnInterrupt(controller));
  // The trainer's book-style lines go above the live progress line.
  const line = d2l.liveLine();
  const result = await d2l.trainWithProgress({
    ...config,
    model,
    corpus,
    signal: controller.signal,
    line,
    log: (text) => {
      line.done();
      console.log(text);
    },
  });
  if (result.stopReason !== "completed") {
    const last = result.history[result.history.length - 1];
    console.log(
      `Stopped (${result.stopReason}) after ${result.history.length} epochs${last ? `, perplexity ${last.perplexity.toFixed(2)}` : ""}.`,
    );
    for (const prefix of config.prefixes) {
      console.log(` - ${d2l.predictRnn(prefix, config.predLen, { model, vocab: corpus })}`);
    }
  }
  model.dispose();
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
