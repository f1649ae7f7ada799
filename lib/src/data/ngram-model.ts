/**
 * The n-gram language model of d2l-zh 6.1: a Markov chain of order n − 1 whose probabilities are
 * ratios of counts,
 *
 *   P(w_1, …, w_T) ≈ ∏_t P(w_t | w_{t−n+1}, …, w_{t−1}),
 *   P(w | c) = n(c, w) / n(c·)            (book: P(w2 | w1) = n(w1, w2) / n(w1)),
 *
 * where the first n − 1 tokens use the shorter contexts they have (P(w_1), P(w_2 | w_1), …).
 *
 * One deliberate difference from the book: the denominator n(c·) counts the occurrences of the
 * context c that are followed by a token. It equals the book's n(c) except for the one context that
 * ends the training text, and it makes the probabilities of all continuations of a seen context sum
 * to one. (For "abab", the book's P(a | b) = n(ba) / n(b) = 1/2 although "b" is only ever followed
 * by "a"; here P(a | b) = 1.)
 *
 * Smoothing (add-α; α = 1 is Laplace): P(w | c) = (n(c, w) + α) / (n(c·) + α·V), so an n-gram never
 * seen in training no longer makes a whole sequence impossible. Without smoothing an unseen context
 * gives every continuation probability 0 (0/0 is taken as 0).
 */
import { Tokens, checkOrder, checkWordKeys, countList, describe, splitTokens } from "./ngram";

export interface NgramModelOptions {
  /** α added to every n-gram count (add-α smoothing; 1 is Laplace). Default 0: the book's ratios. */
  readonly smoothing?: number;
  /** V in the smoothed denominator; at least the number of distinct training tokens (the default). */
  readonly vocabSize?: number;
}

export interface NgramModel {
  /** The order n: the model looks at the last n − 1 tokens. */
  readonly n: number;
  /** "char" when trained on a string, "word" when trained on an array of words. */
  readonly unit: "char" | "word";
  /** counts[k]: count of each (k + 1)-gram, k = 0 … n − 1. */
  readonly counts: readonly ReadonlyMap<string, number>[];
  /** contextCounts[k]: how often each k-gram is followed by a token (k = 0: the key "" counts N). */
  readonly contextCounts: readonly ReadonlyMap<string, number>[];
  /** The distinct training tokens, in order of first appearance. */
  readonly vocabulary: readonly string[];
  /** V used by smoothing. */
  readonly vocabSize: number;
  /** α. */
  readonly smoothing: number;
  /** N, the number of training tokens. */
  readonly numTokens: number;
}

/** Counts the k-grams of every order k = 1 … n of `tokens` (a string of characters or an array of words). */
export function ngramModel(tokens: Tokens, n: number, options: NgramModelOptions = {}): NgramModel {
  const fn = "ngramModel";
  checkOrder(fn, n);
  const { list, separator } = splitTokens(fn, tokens);
  checkWordKeys(fn, list, separator, n);
  if (list.length === 0) throw new Error(`${fn}: tokens: expected at least one token, got none`);
  const smoothing = options.smoothing ?? 0;
  if (!(Number.isFinite(smoothing) && smoothing >= 0)) {
    throw new Error(`${fn}: options.smoothing: expected a finite number >= 0, got ${String(smoothing)}`);
  }
  const counts: Map<string, number>[] = [];
  const contextCounts: Map<string, number>[] = [new Map([["", list.length]])];
  for (let k = 1; k <= n; k++) counts.push(countList(list, separator, k));
  for (let k = 1; k < n; k++) contextCounts.push(countList(list.slice(0, -1), separator, k));
  const vocabulary = [...counts[0].keys()];
  const vocabSize = options.vocabSize ?? vocabulary.length;
  if (!(Number.isInteger(vocabSize) && vocabSize >= vocabulary.length)) {
    throw new Error(
      `${fn}: options.vocabSize: expected an integer >= ${vocabulary.length} (the distinct training tokens), ` +
        `got ${String(vocabSize)}`,
    );
  }
  const unit = separator === "" ? "char" : "word";
  return Object.freeze({ n, unit, counts, contextCounts, vocabulary, vocabSize, smoothing, numTokens: list.length });
}

/**
 * P(token | context) under the model. Only the last n − 1 tokens of `context` matter (the Markov
 * assumption); a shorter context uses the lower-order counts, as the first tokens of a sequence do.
 */
export function conditionalProb(model: NgramModel, context: Tokens, token: string): number {
  const ctx = queryTokens("conditionalProb", model, context, "context");
  const w = queryToken("conditionalProb", model, token);
  return probOf(model, ctx.slice(Math.max(ctx.length - (model.n - 1), 0)), w);
}

/**
 * P(w | context) for every w of the model's vocabulary, in vocabulary order. The values sum to one
 * for a context seen in training (and for any context with smoothing, when `vocabSize` is the
 * number of distinct training tokens).
 */
export function nextTokenProbs(model: NgramModel, context: Tokens): Map<string, number> {
  const ctx = queryTokens("nextTokenProbs", model, context, "context");
  const used = ctx.slice(Math.max(ctx.length - (model.n - 1), 0));
  return new Map(model.vocabulary.map((w) => [w, probOf(model, used, w)]));
}

/** ln P(w_1, …, w_T): a sum of logs, so long sequences do not underflow; −Infinity if impossible. */
export function sequenceLogProb(model: NgramModel, tokens: Tokens): number {
  return logProbOf(model, queryTokens("sequenceLogProb", model, tokens, "tokens"));
}

/** P(w_1, …, w_T) = exp(sequenceLogProb); underflows to 0 for long sequences — prefer the log. */
export function sequenceProb(model: NgramModel, tokens: Tokens): number {
  return Math.exp(logProbOf(model, queryTokens("sequenceProb", model, tokens, "tokens")));
}

/**
 * exp(−ln P(w_1, …, w_T) / T): the perplexity of 6.4, i.e. exp of the mean cross-entropy per token,
 * so it compares directly with an RNN's. Infinity when the sequence is impossible under the model.
 */
export function ngramPerplexity(model: NgramModel, tokens: Tokens): number {
  const list = queryTokens("ngramPerplexity", model, tokens, "tokens");
  if (list.length === 0) throw new Error("ngramPerplexity: tokens: expected at least one token, got none");
  return Math.exp(-logProbOf(model, list) / list.length);
}

function logProbOf(model: NgramModel, list: readonly string[]): number {
  let sum = 0;
  for (let t = 0; t < list.length; t++) {
    sum += Math.log(probOf(model, list.slice(Math.max(t - model.n + 1, 0), t), list[t]));
  }
  return sum;
}

/** The count ratio for a context of at most n − 1 tokens. */
function probOf(model: NgramModel, ctx: readonly string[], w: string): number {
  const sep = model.unit === "char" ? "" : " ";
  const k = ctx.length;
  const key = ctx.join(sep);
  const joint = model.counts[k].get(k === 0 ? w : key + sep + w) ?? 0;
  const total = model.contextCounts[k].get(key) ?? 0;
  const alpha = model.smoothing;
  const denominator = total + alpha * model.vocabSize;
  return denominator === 0 ? 0 : (joint + alpha) / denominator;
}

/** Query tokens in the model's unit: a string (or single characters) for "char", words for "word". */
function queryTokens(fn: string, model: NgramModel, tokens: Tokens, arg: string): string[] {
  if (model.unit === "char") {
    if (typeof tokens === "string") return Array.from(tokens);
    const { list } = splitTokens(fn, tokens, arg);
    const i = list.findIndex((c) => Array.from(c).length !== 1);
    if (i >= 0) {
      throw new Error(`${fn}: ${arg}[${i}]: expected one character (the model counts characters), got ${describe(list[i])}`);
    }
    return list.slice();
  }
  if (typeof tokens === "string") {
    throw new Error(`${fn}: ${arg}: expected an array of words (the model counts words), got the string ${describe(tokens)}`);
  }
  const { list } = splitTokens(fn, tokens, arg);
  const i = list.findIndex((w) => w.includes(" "));
  if (i >= 0) throw new Error(`${fn}: ${arg}[${i}]: expected a word without spaces, got ${describe(list[i])}`);
  return list.slice();
}

/** One query token: a single character for "char", a word without spaces for "word". */
function queryToken(fn: string, model: NgramModel, token: string): string {
  if (typeof token !== "string") throw new Error(`${fn}: token: expected a string, got ${describe(token)}`);
  if (model.unit === "char" && Array.from(token).length !== 1) {
    throw new Error(`${fn}: token: expected one character (the model counts characters), got ${describe(token)}`);
  }
  if (model.unit === "word" && token.includes(" ")) {
    throw new Error(`${fn}: token: expected a word without spaces, got ${describe(token)}`);
  }
  return token;
}
