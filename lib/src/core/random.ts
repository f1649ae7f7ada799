/**
 * A small seeded random generator: every random choice in the workbook (initial weights, shuffles,
 * sampling offsets, generated text) takes one, so that the same seed gives the same numbers on
 * every backend. The stream is sfc32 seeded through splitmix32; numbers are made in JS, never by
 * the backend.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  /** `seed` is any safe integer; equal seeds give equal streams. */
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new Error(`Rng: seed: expected a safe integer, got ${String(seed)}`);
    }
    let s = (seed ^ Math.floor(seed / 2 ** 32)) >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.uint32() >>> 5;
    const lo = this.uint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in [low, high) (upper bound exclusive). */
  randint(low: number, high: number): number {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
      throw new Error(`Rng.randint: expected integers low < high, got low=${low}, high=${high}`);
    }
    return low + Math.floor(this.random() * (high - low));
  }

  /** A normal sample with the given mean and standard deviation (Box–Muller). */
  normal(mean = 0, std = 1): number {
    let z = this.spareNormal;
    this.spareNormal = undefined;
    if (z === undefined) {
      let u = 0;
      while (u === 0) u = this.random();
      const v = this.random();
      const r = Math.sqrt(-2 * Math.log(u));
      z = r * Math.cos(2 * Math.PI * v);
      this.spareNormal = r * Math.sin(2 * Math.PI * v);
    }
    return mean + std * z;
  }

  /** `n` normal samples as a Float32Array. */
  normals(n: number, mean = 0, std = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** A shuffled copy of `items` (Fisher–Yates); the input is not changed. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.randint(0, i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** An index drawn with probability proportional to `weights` (non-negative, not all zero). */
  choice(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new Error(`Rng.choice: weights[${i}]: expected a finite number >= 0, got ${w}`);
      }
      total += w;
    }
    if (total <= 0) throw new Error("Rng.choice: weights: expected a positive sum, got 0");
    let r = this.random() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return weights.length - 1;
  }

  /** A new generator whose stream is fixed by this one's next draw (for independent sub-streams). */
  fork(): Rng {
    return new Rng(this.uint32() * 2 ** 21 + (this.uint32() >>> 11));
  }
}

/** A new seeded generator: `const rng = d2l.seed(42)`. */
/** Throws unless `rng` is a generator made by `seed`, naming the function and what was given. */
export function checkRng(fn: string, rng: unknown): void {
  // By shape, not instanceof: a second copy of d2lzh (src and dist) makes generators of another class.
  const r = rng as Partial<Rng> | undefined;
  if (r instanceof Rng || (typeof r?.normals === "function" && typeof r?.random === "function")) return;
  const given =
    rng === undefined || rng === null
      ? String(rng)
      : typeof rng === "object"
        ? `an object of class ${rng.constructor?.name ?? "none"} (not made by d2l.seed)`
        : `${typeof rng} ${String(rng)}`;
  throw new Error(`${fn}: rng: expected a seeded generator such as d2l.seed(0), got ${given}`);
}

export function seed(n: number): Rng {
  return new Rng(n);
}
