/**
 * n-gram counting (d2l-zh 6.1): how often each run of n adjacent tokens occurs, how many of them a
 * model must store, and Zipf-style frequency tables.
 *
 * Tokens come in two forms, everywhere in this file and in `ngram-model.ts`:
 * - a string: its characters (Unicode code points, as `tokenizeChars` splits them); the key of an
 *   n-gram is the n-character substring, e.g. "我想" for a bigram;
 * - an array of words (e.g. from `tokenizeWords`): the key is the words joined by one space, e.g.
 *   "the cat". For n >= 2 a word may not contain a space, or two different n-grams would share a key.
 */

/** A token sequence: a string of characters, or an array of words. */
export type Tokens = string | readonly string[];

/** Counts of the n-grams of one order. */
export interface NgramStats {
  /** The order n. */
  readonly n: number;
  /** Count of each distinct n-gram, in order of first appearance. */
  readonly counts: Map<string, number>;
  /** Number of distinct n-grams: how many counts a model of this order must store. */
  readonly distinct: number;
  /** Number of positions an n-gram starts at: max(N − n + 1, 0) for N tokens (the sum of `counts`). */
  readonly positions: number;
}

/** One row of a Zipf table. */
export interface ZipfRow {
  /** 1 for the most frequent n-gram; ties keep the order of first appearance. */
  readonly rank: number;
  /** The n-gram's key (see the file comment). */
  readonly token: string;
  /** How often it occurs. */
  readonly count: number;
  /** count / positions. */
  readonly frequency: number;
}

export interface ZipfOptions {
  /** Order of the n-grams to rank. Default 1 (single tokens). */
  readonly n?: number;
  /** Keep only the `topK` most frequent rows. Default: all. */
  readonly topK?: number;
}

/** The tokens as an array, and the separator that joins them into keys ("" for characters). */
export function splitTokens(
  fn: string,
  tokens: Tokens,
  arg = "tokens",
): { list: readonly string[]; separator: "" | " " } {
  if (typeof tokens === "string") return { list: Array.from(tokens), separator: "" };
  if (!Array.isArray(tokens)) {
    throw new Error(`${fn}: ${arg}: expected a string or an array of words, got ${describe(tokens)}`);
  }
  for (let i = 0; i < tokens.length; i++) {
    if (typeof tokens[i] !== "string") {
      throw new Error(`${fn}: ${arg}[${i}]: expected a string, got ${describe(tokens[i])}`);
    }
  }
  return { list: tokens, separator: " " };
}

/** Checks an n-gram order: an integer >= 1. */
export function checkOrder(fn: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${fn}: n: expected an integer >= 1, got ${String(n)}`);
  }
}

/** Refuses words that contain a space when keys join several words. */
export function checkWordKeys(fn: string, list: readonly string[], separator: "" | " ", n: number): void {
  if (separator === "" || n < 2) return;
  const i = list.findIndex((w) => w.includes(" "));
  if (i >= 0) {
    throw new Error(
      `${fn}: tokens[${i}]: expected a word without spaces (keys join words with one space), ` +
        `got ${JSON.stringify(list[i])}; pass a string to count characters`,
    );
  }
}

/**
 * Counts every n-gram: `countNgrams("abab", 2)` is Map {"ab" => 2, "ba" => 1};
 * `countNgrams(["the", "cat", "the", "cat"], 2)` is Map {"the cat" => 2, "cat the" => 1}.
 * Keys are in order of first appearance; fewer than n tokens give an empty map.
 */
export function countNgrams(tokens: Tokens, n: number): Map<string, number> {
  checkOrder("countNgrams", n);
  const { list, separator } = splitTokens("countNgrams", tokens);
  checkWordKeys("countNgrams", list, separator, n);
  return countList(list, separator, n);
}

/** `countNgrams` without the checks, for callers that already made them. */
export function countList(list: readonly string[], separator: string, n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= list.length; i++) {
    const key = list.slice(i, i + n).join(separator);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The counts of one order with what a model must store (`distinct`) and how many n-grams the text
 * holds (`positions` = N − n + 1). The book's 4-gram exercise asks for `distinct` of orders 1..4,
 * which `positions` bounds from above.
 */
export function ngramStats(tokens: Tokens, n: number): NgramStats {
  return statsOf("ngramStats", tokens, n);
}

function statsOf(fn: string, tokens: Tokens, n: number): NgramStats {
  checkOrder(fn, n);
  const { list, separator } = splitTokens(fn, tokens);
  checkWordKeys(fn, list, separator, n);
  const counts = countList(list, separator, n);
  return { n, counts, distinct: counts.size, positions: Math.max(list.length - n + 1, 0) };
}

/**
 * n-grams ranked by count, ready to plot on log–log axes (Zipf's law: count falls roughly as a
 * power of rank). Ties keep the order of first appearance, so the table is deterministic.
 */
export function zipfTable(tokens: Tokens, options: ZipfOptions = {}): ZipfRow[] {
  const n = options.n ?? 1;
  const topK = options.topK ?? Infinity;
  if (topK !== Infinity && !(Number.isInteger(topK) && topK >= 1)) {
    throw new Error(`zipfTable: topK: expected an integer >= 1, got ${String(topK)}`);
  }
  const { counts, positions } = statsOf("zipfTable", tokens, n);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]); // Array.prototype.sort is stable
  return sorted.slice(0, topK).map(([token, count], i) => ({
    rank: i + 1,
    token,
    count,
    frequency: count / positions,
  }));
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "string") return JSON.stringify(value.length > 20 ? value.slice(0, 20) + "…" : value);
  if (typeof value === "object") return `a ${value.constructor?.name ?? "object"}`;
  return String(value);
}
