/**
 * The book's character corpus: `load_data_jay_lyrics` (d2l-zh 6.3) and the same processing for any
 * text.
 */
import { DatasetOptions, datasetText } from "./datasets";
import { buildVocab, encode, tokenizeChars } from "./vocab";

export interface CharCorpus {
  /** The corpus as vocabulary indices, one per character. */
  readonly corpusIndices: number[];
  /** Index of each character. */
  readonly charToIdx: ReadonlyMap<string, number>;
  /** Character of each index, numbered in order of first appearance in the corpus. */
  readonly idxToChar: readonly string[];
  /** Number of distinct characters, V. */
  readonly vocabSize: number;
  /** The processed characters (newlines replaced by spaces, truncated). */
  readonly corpusChars: string;
}

export interface CorpusOptions {
  /** How many characters to keep after newlines become spaces, or "all". Default 10,000 (the book). */
  readonly numChars?: number | "all";
}

/** Replaces `\n` and `\r` by spaces, keeps the first `numChars` characters and builds the vocabulary. */
export function charCorpus(text: string, options: CorpusOptions = {}): CharCorpus {
  const numChars = options.numChars ?? 10_000;
  if (numChars !== "all" && !(Number.isInteger(numChars) && numChars >= 1)) {
    throw new Error(`charCorpus: numChars: expected a positive integer or "all", got ${String(numChars)}`);
  }
  let chars = tokenizeChars(text.replace(/[\n\r]/g, " "));
  if (numChars !== "all") chars = chars.slice(0, numChars);
  const vocab = buildVocab(chars);
  return {
    corpusIndices: encode(vocab, chars),
    charToIdx: vocab.charToIdx,
    idxToChar: vocab.idxToChar,
    vocabSize: vocab.size,
    corpusChars: chars.join(""),
  };
}

/**
 * The Jay Chou lyrics corpus as in the book: by default the first 10,000 characters.
 * Downloads and verifies the archive on first use (see `datasetBytes`).
 */
export async function loadDataJayLyrics(options: CorpusOptions & DatasetOptions = {}): Promise<CharCorpus> {
  return charCorpus(await datasetText("jaychou_lyrics", options), options);
}

/** A short corpus written for this workbook (in `data/`), for fast tests and demos. */
export async function loadDataTinyLyrics(options: CorpusOptions = {}): Promise<CharCorpus> {
  return charCorpus(await datasetText("tiny_lyrics"), { numChars: "all", ...options });
}
