/**
 * Vocabularies: the book's `idx_to_char` / `char_to_idx` pair, with a deterministic order.
 *
 * Order rule: tokens are numbered in order of first appearance in the text they are built from
 * (the book uses `list(set(...))`, whose order changes between Python runs).
 */

export interface Vocab {
  /** Token of each index: `idxToChar[i]`. */
  readonly idxToChar: readonly string[];
  /** Index of each token: `charToIdx.get(token)`. */
  readonly charToIdx: ReadonlyMap<string, number>;
  /** Number of tokens, V. */
  readonly size: number;
  /** The token that unknown input maps to, when the vocabulary has one. */
  readonly unknownToken?: string;
}

export interface VocabOptions {
  /** Add this token (at index 0) and map unseen tokens to it when encoding. Default: none. */
  readonly unknownToken?: string;
}

/** Splits text into characters (Unicode code points, as Python's `str` indexes them). */
export function tokenizeChars(text: string): string[] {
  return Array.from(text);
}

/** Splits text into words on white space (empty pieces dropped). */
export function tokenizeWords(text: string): string[] {
  return text.split(/\s+/u).filter((w) => w.length > 0);
}

/** Builds a vocabulary in order of first appearance. */
export function buildVocab(tokens: Iterable<string>, options: VocabOptions = {}): Vocab {
  const idxToChar: string[] = [];
  const charToIdx = new Map<string, number>();
  const add = (token: string) => {
    if (!charToIdx.has(token)) {
      charToIdx.set(token, idxToChar.length);
      idxToChar.push(token);
    }
  };
  if (options.unknownToken !== undefined) add(options.unknownToken);
  for (const token of tokens) {
    if (typeof token !== "string") {
      throw new Error(`buildVocab: tokens: expected strings, got ${typeof token}`);
    }
    add(token);
  }
  return Object.freeze({ idxToChar, charToIdx, size: idxToChar.length, unknownToken: options.unknownToken });
}

/** Maps tokens to indices; an unknown token is an error unless the vocabulary has `unknownToken`. */
export function encode(vocab: Vocab, tokens: Iterable<string>): number[] {
  const unk = vocab.unknownToken === undefined ? undefined : vocab.charToIdx.get(vocab.unknownToken);
  const out: number[] = [];
  let position = 0;
  for (const token of tokens) {
    const idx = vocab.charToIdx.get(token) ?? unk;
    if (idx === undefined) {
      throw new Error(
        `encode: token ${JSON.stringify(token)} at position ${position} is not in the vocabulary ` +
          `(${vocab.size} tokens); build the vocabulary with {unknownToken} to map unseen tokens`,
      );
    }
    out.push(idx);
    position++;
  }
  return out;
}

/** Maps indices back to tokens; `separator` joins them (default "", for characters). */
export function decode(vocab: Vocab, indices: Iterable<number>, separator = ""): string {
  const out: string[] = [];
  let position = 0;
  for (const idx of indices) {
    const token = Number.isInteger(idx) ? vocab.idxToChar[idx] : undefined;
    if (token === undefined) {
      throw new Error(
        `decode: index ${idx} at position ${position} is outside the vocabulary [0, ${vocab.size})`,
      );
    }
    out.push(token);
    position++;
  }
  return out.join(separator);
}
