/**
 * Helper threads for `gemm.ts`: each runs the same generated module on the same shared heap and
 * takes units of a product (a block of row tiles × a block of panels) from a counter, as the
 * calling thread does, so a helper that the OS has descheduled holds up at most the unit it took
 * (XNNPACK's pool gives every thread its share up front, and a product waits for the slowest).
 *
 * The control words live in a SharedArrayBuffer:
 *   JOB   the number of the current product (wraps at 2^16); helpers wait on it, awake for
 *         SPIN_MS after their last unit and then asleep
 *   NEXT  (job << 16) | units taken: a unit is taken by a compare-and-swap that also checks the
 *         job, so a helper that wakes late never runs a later product's unit with an earlier
 *         product's arguments (a product's arguments are written only once the previous one's
 *         units are all done)
 *   DONE  units finished; the caller sleeps on it once it has no unit left to take
 *   ARGS  the 15 arguments of `gemm` and the unit layout
 *
 * Every element of C is still computed by one thread over all of k in order, so the numbers do
 * not depend on how the units fall (`gemm.test.ts`).
 */
import { Worker } from "node:worker_threads";
import { GemmExports, MR, NR } from "./gemm-module";

const JOB = 0;
const NEXT = 1;
const DONE = 2;
const UNITS = 3;
const ROW_CHUNKS = 4;
const TILES_PER_UNIT = 5;
const PANELS_PER_UNIT = 6;
const M_TILES = 7;
const N_PANELS = 8;
const ARGS = 9; // 15 words: gemm's arguments; i0, i1, j0, j1 are set per unit
const WORDS = ARGS + 15;

/** The most units a product may have (NEXT counts them below the job number's 16 bits). */
export const MAX_UNITS = 0xffff - 16;

/** Units of one product, and the words that say which tiles unit `u` covers. */
export interface UnitLayout {
  readonly units: number;
  readonly rowChunks: number;
  readonly tilesPerUnit: number;
  readonly panelsPerUnit: number;
  readonly mTiles: number;
  readonly nPanels: number;
}

/** Panels of packed B that one sweep over the row tiles keeps in the 2 MiB L2 (about a quarter of it). */
const PANEL_BYTES = 1 << 19;

/**
 * How a product is cut into units: sweeps of as many panels as fit a quarter of L2, each cut into
 * row chunks, four per thread (one chunk per sweep on a single thread).
 */
export function unitLayout(M: number, N: number, K: number, threads: number): UnitLayout {
  const mTiles = Math.ceil(M / MR);
  const nPanels = Math.ceil(N / NR);
  const rowChunks = threads === 1 ? 1 : Math.min(mTiles, 4 * threads);
  const tilesPerUnit = Math.ceil(mTiles / rowChunks);
  const chunks = Math.ceil(mTiles / tilesPerUnit);
  // Units are counted in the low 16 bits of NEXT: a very wide product takes wider sweeps.
  const fit = Math.max(1, Math.floor(PANEL_BYTES / (4 * NR * K)));
  const panelsPerUnit = Math.max(fit, Math.ceil((nPanels * chunks) / MAX_UNITS));
  return { units: chunks * Math.ceil(nPanels / panelsPerUnit), rowChunks: chunks, tilesPerUnit, panelsPerUnit, mTiles, nPanels };
}

/** Tile ranges of unit u: sweeps of panels outside, row chunks inside (all threads share a sweep's panels). */
export function unitRange(layout: UnitLayout, u: number): [number, number, number, number] {
  const sweep = Math.floor(u / layout.rowChunks);
  const chunk = u % layout.rowChunks;
  const i0 = chunk * layout.tilesPerUnit;
  const j0 = sweep * layout.panelsPerUnit;
  return [i0, Math.min(layout.mTiles, i0 + layout.tilesPerUnit), j0, Math.min(layout.nPanels, j0 + layout.panelsPerUnit)];
}

/**
 * How long a helper stays awake after a unit (ms). Measured on 35 steps of [32, 256]·[256, 256]
 * products with a tanh between them (the RNN's loop): 3.4–3.8 ms awake, 5.2–6.8 ms asleep at
 * once, 4.9–6.4 ms on the calling thread alone.
 */
const SPIN_MS = 0.1;

/**
 * How long the calling thread waits awake for the helpers' last units before it sleeps (ms).
 * 35 steps with a tanh between products, three pairs of runs: [32, 256]·[256, 256] 3.1–4.3 ms
 * against 3.7–4.7 asleep at once, [32, 256]·[256, 1024] 13.2–13.5 against 13.7–16.5.
 */
const CALLER_SPIN_MS = 1;

// The helper's whole program (a worker from source text: no file to find from src/ or dist/).
const HELPER = `
const { workerData } = require("node:worker_threads");
const { module, memory, control } = workerData;
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
const w = new Int32Array(control);
const [JOB, NEXT, DONE, UNITS, ROW_CHUNKS, TILES, PANELS, M_TILES, N_PANELS, ARGS] = ${JSON.stringify([
  JOB,
  NEXT,
  DONE,
  UNITS,
  ROW_CHUNKS,
  TILES_PER_UNIT,
  PANELS_PER_UNIT,
  M_TILES,
  N_PANELS,
  ARGS,
])};
let seen = Atomics.load(w, JOB);
for (;;) {
  // Awake for ${SPIN_MS} ms first: a time loop's next product comes within tens of microseconds,
  // and a helper that has gone to sleep takes about as long as the product to wake up.
  for (const until = performance.now() + ${SPIN_MS}; Atomics.load(w, JOB) === seen && performance.now() < until; ) {}
  Atomics.wait(w, JOB, seen);
  const job = Atomics.load(w, JOB);
  seen = job;
  const units = w[UNITS], chunks = w[ROW_CHUNKS], tiles = w[TILES], panels = w[PANELS];
  const mTiles = w[M_TILES], nPanels = w[N_PANELS];
  const a = Array.from(w.subarray(ARGS, ARGS + 15));
  for (;;) {
    const taken = Atomics.load(w, NEXT);
    if (taken >>> 16 !== job || (taken & 0xffff) >= units) break;
    if (Atomics.compareExchange(w, NEXT, taken, taken + 1) !== taken) continue;
    const u = taken & 0xffff;
    const i0 = (u % chunks) * tiles, j0 = Math.floor(u / chunks) * panels;
    a[11] = i0; a[12] = Math.min(mTiles, i0 + tiles); a[13] = j0; a[14] = Math.min(nPanels, j0 + panels);
    ex.gemm(...a);
    Atomics.add(w, DONE, 1);
    Atomics.notify(w, DONE);
  }
}
`;

export class GemmPool {
  private readonly words: Int32Array;
  private readonly workers: Worker[];
  private job = 0;

  constructor(module: object, memory: object, helpers: number) {
    this.words = new Int32Array(new SharedArrayBuffer(4 * WORDS));
    this.workers = Array.from({ length: helpers }, () => {
      const worker = new Worker(HELPER, { eval: true, workerData: { module, memory, control: this.words.buffer } });
      worker.unref();
      return worker;
    });
  }

  get helpers(): number {
    return this.workers.length;
  }

  /** Runs every unit of a product (`args` as `gemm` takes them), this thread included. */
  run(ex: GemmExports, args: number[], layout: UnitLayout): void {
    const w = this.words;
    this.job = (this.job + 1) & 0xffff;
    w[UNITS] = layout.units;
    w[ROW_CHUNKS] = layout.rowChunks;
    w[TILES_PER_UNIT] = layout.tilesPerUnit;
    w[PANELS_PER_UNIT] = layout.panelsPerUnit;
    w[M_TILES] = layout.mTiles;
    w[N_PANELS] = layout.nPanels;
    w.set(args, ARGS);
    Atomics.store(w, DONE, 0);
    Atomics.store(w, NEXT, this.job << 16);
    Atomics.store(w, JOB, this.job);
    Atomics.notify(w, JOB);
    const mine = args.slice();
    for (;;) {
      const taken = Atomics.add(w, NEXT, 1);
      const u = taken & 0xffff;
      if (u >= layout.units) break;
      [mine[11], mine[12], mine[13], mine[14]] = unitRange(layout, u);
      ex.gemm(...mine);
      Atomics.add(w, DONE, 1);
    }
    // The helpers' last units: awake for a while (a product's tail is short, and waking from a
    // sleep costs tens of microseconds), then asleep until they are done.
    const until = performance.now() + CALLER_SPIN_MS;
    while (Atomics.load(w, DONE) < layout.units && performance.now() < until);
    for (let done = Atomics.load(w, DONE); done < layout.units; done = Atomics.load(w, DONE)) {
      Atomics.wait(w, DONE, done, 1);
    }
  }
}
