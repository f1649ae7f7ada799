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
 *   FAILED  set by a helper whose unit threw
 *   KIND  what a unit is: a block of a product (PRODUCT), or a program (PROGRAM: a list of calls of
 *         the module's functions recorded by `row-split.ts`, run in order: a time loop's steps on
 *         a block of rows)
 *   ARGS  the 15 arguments of `gemm` and the unit layout; for programs, where each lies in the
 *         program words (start, end)
 * The caller returns only once DONE has counted every unit (`awaitUnits`): a unit still being
 * computed writes its block of C and reads the packed operands, which the caller frees or reuses
 * as soon as it returns. A helper that was that slow (SLOW_MS) leaves later products to the caller
 * alone.
 *
 * Every element of C is still computed by one thread over all of k in order, so the numbers do
 * not depend on how the units fall (`gemm.test.ts`).
 */
import { writeSync } from "node:fs";
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
const FAILED = 9;
const KIND = 10;
const ARGS = 11; // 15 words: gemm's arguments; i0, i1, j0, j1 are set per unit
const WORDS = ARGS + 15;

/** A unit is a block of tiles of a product (`gemm`'s arguments in ARGS). */
const PRODUCT = 0;
/** A unit is a program in the program words (its start and end at ARGS + 2u). */
const PROGRAM = 1;

/** The most programs of one job (two words each in ARGS). */
export const MAX_PROGRAMS = 7;

/** Words of the program buffer (4 MiB): a 35-step GRU backward on half of 32 rows takes about 4,000. */
export const PROGRAM_WORDS = 1 << 20;

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
  const panelsPerUnit = Math.max(fit, Math.ceil(nPanels / Math.floor(MAX_UNITS / chunks)));
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

/**
 * Takes the next unit of product `job` for a helper: its index, or −1 when that product has no
 * unit left (or is no longer the current one). The compare-and-swap checks the job and the count
 * together, so a unit is taken once; the count it is held against is read after NEXT, and NEXT is
 * closed before a product's words are rewritten (`writeJob`), so a helper still in the previous
 * product cannot take a unit while the next one's count and arguments are written (the CAS then
 * fails). Left: the 16-bit job number's wrap, which needs a helper stalled between its two reads
 * for 65,536 products that leave NEXT at the very same count. The helper's program holds this
 * function's own text.
 */
export function takeUnit(w: Int32Array, job: number): number {
  for (;;) {
    const taken = Atomics.load(w, NEXT);
    if (taken >>> 16 !== job || (taken & 0xffff) >= Atomics.load(w, UNITS)) return -1;
    if (Atomics.compareExchange(w, NEXT, taken, taken + 1) === taken) return taken & 0xffff;
  }
}

/** The control words of a pool (`WORDS` 32-bit words, shared with the helpers). */
export function controlWords(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * WORDS));
}

/**
 * Writes product `job`'s words, with NEXT closed first (job number `job`, count 0xffff: above any
 * product's units), so that no unit can be taken until `openJob`. Before this order a helper that
 * the OS descheduled at the end of a product could read the old NEXT with the new count, take
 * a unit past the old product's end and run it on half-written arguments, and add its unit to
 * the new product's DONE (the caller then returned with a unit still being computed).
 */
export function writeJob(w: Int32Array, job: number, args: readonly number[], layout: UnitLayout): void {
  Atomics.store(w, NEXT, (job << 16) | 0xffff);
  w[UNITS] = layout.units;
  w[ROW_CHUNKS] = layout.rowChunks;
  w[TILES_PER_UNIT] = layout.tilesPerUnit;
  w[PANELS_PER_UNIT] = layout.panelsPerUnit;
  w[M_TILES] = layout.mTiles;
  w[N_PANELS] = layout.nPanels;
  w[FAILED] = 0;
  w[KIND] = PRODUCT;
  w.set(args, ARGS);
  Atomics.store(w, DONE, 0);
}

/**
 * Runs the calls of a program, words [start, end) of `words`: each call is (function index,
 * argument count, the arguments), the index into `fns` (the module's exported functions in the
 * order `WebAssembly.Module.exports` gives them). The helper's program holds this function's own text.
 */
export function runProgram(
  fns: readonly ((...a: number[]) => void)[],
  argv: number[][],
  words: Int32Array,
  start: number,
  end: number,
): void {
  for (let i = start; i < end;) {
    const fn = fns[words[i]];
    const a = argv[words[i + 1]];
    for (let x = 0; x < a.length; x++) a[x] = words[i + 2 + x];
    fn(...a);
    i += 2 + a.length;
  }
}

/** The names of a module's exported functions, in the order of `WebAssembly.Module.exports`. */
export function functionNames(module: object): string[] {
  const WA = (globalThis as unknown as { WebAssembly: { Module: { exports(m: object): { name: string; kind: string }[] } } }).WebAssembly;
  return WA.Module.exports(module)
    .filter((e) => e.kind === "function")
    .map((e) => e.name);
}

/** Argument arrays by length, reused by every call of `runProgram` (no array per call). */
export const argArrays = (): number[][] => Array.from({ length: 64 }, (_, n) => new Array<number>(n).fill(0));

/** Opens product `job` to the helpers (its words written by `writeJob`); the caller then notifies JOB. */
export function openJob(w: Int32Array, job: number): void {
  Atomics.store(w, NEXT, job << 16);
  Atomics.store(w, JOB, job);
}

// The helper's whole program (a worker from source text: no file to find from src/ or dist/).
// A unit's words are read after `takeUnit` succeeded: the job that NEXT then belongs to is still
// open (its units are not all done), so they are that job's. A failing unit still counts as
// done, with FAILED set.
const HELPER = `
const { workerData } = require("node:worker_threads");
const { module, memory, control, program } = workerData;
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
const w = new Int32Array(control);
const words = new Int32Array(program);
const fns = (${functionNames.toString()})(module).map((name) => ex[name]);
const argv = (${argArrays.toString()})();
const [JOB, NEXT, DONE, UNITS, ROW_CHUNKS, TILES, PANELS, M_TILES, N_PANELS, FAILED, KIND, ARGS] = ${JSON.stringify([
  JOB,
  NEXT,
  DONE,
  UNITS,
  ROW_CHUNKS,
  TILES_PER_UNIT,
  PANELS_PER_UNIT,
  M_TILES,
  N_PANELS,
  FAILED,
  KIND,
  ARGS,
])};
// One arguments array for every unit, read word by word: Array.from of a view cost ~1.4 µs per
// unit, a tenth of a [4, 256]·[256, 256] unit's product.
const a = new Array(15).fill(0);
${takeUnit.toString()}
${runProgram.toString()}
let seen = Atomics.load(w, JOB);
for (;;) {
  // Awake for ${SPIN_MS} ms first: a time loop's next product comes within tens of microseconds,
  // and a helper that has gone to sleep takes about as long as the product to wake up.
  for (const until = performance.now() + ${SPIN_MS}; Atomics.load(w, JOB) === seen && performance.now() < until; ) {}
  Atomics.wait(w, JOB, seen);
  const job = Atomics.load(w, JOB);
  seen = job;
  for (let u = takeUnit(w, job); u >= 0; u = takeUnit(w, job)) {
    if (w[KIND] === ${PROGRAM}) {
      try {
        runProgram(fns, argv, words, w[ARGS + 2 * u], w[ARGS + 2 * u + 1]);
      } catch {
        Atomics.store(w, FAILED, 1);
      }
      Atomics.add(w, DONE, 1);
      Atomics.notify(w, DONE);
      continue;
    }
    const chunks = w[ROW_CHUNKS], tiles = w[TILES], panels = w[PANELS];
    for (let x = 0; x < 11; x++) a[x] = w[ARGS + x];
    const i0 = (u % chunks) * tiles, j0 = Math.floor(u / chunks) * panels;
    a[11] = i0; a[12] = Math.min(w[M_TILES], i0 + tiles); a[13] = j0; a[14] = Math.min(w[N_PANELS], j0 + panels);
    try {
      ex.gemm(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14]);
    } catch {
      Atomics.store(w, FAILED, 1);
    }
    Atomics.add(w, DONE, 1);
    Atomics.notify(w, DONE);
  }
}
`;

/** A product that waited this long (ms) with no unit finishing leaves later products to the calling thread alone. */
const SLOW_MS = 10_000;

/** Said once on stderr, synchronously (the thread is blocked), when no unit has finished for SLOW_MS. */
function warnSlow(ms: number): void {
  writeSync(
    2,
    `d2lzh gemm: no unit of a product has finished on a helper thread for ${Math.round(ms)} ms; waiting for it, then products run on this thread alone\n`,
  );
}

/**
 * Waits until DONE counts `units`: awake for CALLER_SPIN_MS, then asleep 1 ms at a time. It does
 * not give up on a slow helper: a unit that a helper has taken ends (its `gemm` call is inside a
 * try and allocates no JS memory, and nothing terminates the helpers), and until it ends it reads
 * the packed operands and writes its block of C, so returning earlier would let it write into
 * memory that the caller has freed and perhaps given to another tensor. (Before, after 10 s the
 * caller computed the missing units itself and returned.) After `slowMs` with no unit finishing
 * it calls `onSlow` once and goes on waiting, also when `onSlow` throws; it returns whether it did.
 */
export function awaitUnits(w: Int32Array, units: number, slowMs = SLOW_MS, onSlow: (ms: number) => void = warnSlow): boolean {
  const start = performance.now();
  const until = start + CALLER_SPIN_MS;
  while (Atomics.load(w, DONE) < units && performance.now() < until);
  let slow = false;
  let [last, since] = [Atomics.load(w, DONE), start];
  for (let done = last; done < units; done = Atomics.load(w, DONE)) {
    if (done !== last) [last, since] = [done, performance.now()];
    Atomics.wait(w, DONE, done, 1);
    if (!slow && performance.now() - since > slowMs) {
      slow = true;
      try {
        onSlow(performance.now() - since);
      } catch {
        // A warning that cannot be written (stderr a full non-blocking pipe: EAGAIN) must not end
        // the wait: the helper's unit still writes into memory the caller would then free.
      }
    }
  }
  return slow;
}

export class GemmPool {
  private readonly words: Int32Array;
  /** The programs' calls (`runPrograms`), shared with the helpers. */
  readonly program = new Int32Array(new SharedArrayBuffer(4 * PROGRAM_WORDS));
  /** The module's functions in the order a program's calls name them (`functionNames`). */
  readonly names: readonly string[];
  private readonly workers: Worker[];
  private readonly argv = argArrays();
  private job = 0;
  private broken = false;

  constructor(module: object, memory: object, helpers: number) {
    this.words = controlWords();
    this.names = functionNames(module);
    this.workers = Array.from({ length: helpers }, () => {
      const workerData = { module, memory, control: this.words.buffer, program: this.program.buffer };
      const worker = new Worker(HELPER, { eval: true, workerData });
      worker.on("error", () => (this.broken = true));
      worker.unref();
      return worker;
    });
  }

  /** Helper threads that take units (0 once one has failed or been slow: products then run on the caller alone). */
  get helpers(): number {
    return this.broken ? 0 : this.workers.length;
  }

  /**
   * Runs every unit of a product (`args` as `gemm` takes them), this thread included. It returns
   * only when no helper is still working on the product, also when a unit throws.
   */
  run(ex: GemmExports, args: number[], layout: UnitLayout): void {
    const w = this.words;
    const { units } = layout;
    if (units > MAX_UNITS) throw new Error(`GemmPool.run: ${units} units, expected at most ${MAX_UNITS}`);
    this.job = (this.job + 1) & 0xffff;
    writeJob(w, this.job, args, layout);
    openJob(w, this.job);
    Atomics.notify(w, JOB);
    const mine = args.slice();
    this.finish(units, undefined, "a product", (u) => {
      [mine[11], mine[12], mine[13], mine[14]] = unitRange(layout, u);
      ex.gemm(...mine);
    });
  }

  /**
   * The caller's side of a job once it is open: takes the units no helper has taken and runs
   * them (`run`), or only counts them once one has failed (`failure`: its own earlier work's
   * error, or a unit's), waits for the helpers' units and throws the first failure.
   */
  private finish(units: number, failure: unknown, what: string, run: (u: number) => void): void {
    const w = this.words;
    for (;;) {
      const u = Atomics.add(w, NEXT, 1) & 0xffff;
      if (u >= units) break;
      try {
        if (failure === undefined) run(u);
      } catch (err) {
        failure = err; // the remaining units are taken and counted, not run
      }
      Atomics.add(w, DONE, 1);
    }
    if (awaitUnits(w, units)) this.broken = true;
    if (failure !== undefined) throw failure;
    if (w[FAILED] !== 0) {
      this.broken = true;
      throw new Error(`gemm: a helper thread failed in ${what}; products now run on the calling thread`);
    }
  }

  /**
   * Runs `mine` on this thread while the helpers run the programs whose calls lie in
   * `this.program` at `ranges` (start, end), one program a unit; once `mine` is done this thread
   * takes the programs no helper has started and runs them itself, on `ex` (the module's exports
   * on this thread). It returns only when no helper is still running a program, also when one throws.
   */
  runPrograms(ex: GemmExports, ranges: readonly (readonly [number, number])[], mine: () => void): void {
    const w = this.words;
    const units = ranges.length;
    if (units < 1 || units > MAX_PROGRAMS) throw new Error(`GemmPool.runPrograms: ${units} programs, expected 1 to ${MAX_PROGRAMS}`);
    this.job = (this.job + 1) & 0xffff;
    writeJob(w, this.job, [], { units, rowChunks: 1, tilesPerUnit: 1, panelsPerUnit: 1, mTiles: 1, nPanels: 1 });
    w[KIND] = PROGRAM;
    ranges.forEach(([start, end], u) => [(w[ARGS + 2 * u] = start), (w[ARGS + 2 * u + 1] = end)]);
    openJob(w, this.job);
    Atomics.notify(w, JOB);
    let failure: unknown;
    try {
      mine();
    } catch (err) {
      failure = err;
    }
    const fns = this.names.map((name) => (ex as unknown as Record<string, (...a: number[]) => void>)[name]);
    this.finish(units, failure, "a time loop's rows", (u) => runProgram(fns, this.argv, this.program, ranges[u][0], ranges[u][1]));
  }
}
