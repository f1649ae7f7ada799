/**
 * A time loop split by rows of the batch, one block of rows a thread, with no meeting between
 * steps: row b of H_t depends only on row b of H_{t−1} (and of the inputs), forward and back, so
 * each thread can run every step of its own rows, products included, and the threads meet once,
 * at the end of the loop.
 *
 * Before, each step's product was cut into units for all threads and the element-wise work between
 * two products ran on the calling thread alone, so the helpers waited at every step for it and
 * every product paid a hand-over (35 GRU steps forward on [32, 256], paired calls in one process:
 * 6.8 ms with the pool, 5.9 ms split, of which this thread's 16 rows took 5.3 ms).
 *
 * The helpers run programs (`gemm-pool.ts`): the loop's part for their rows is run once here with
 * a recorder standing in for the module's exports, which notes each call (the function's index and
 * its i32 arguments) instead of making it; nothing touches the heap while it records. This thread
 * then runs its own rows for real while the helpers run the recorded calls, each with the same
 * functions on the same numbers, so the results are those of the whole loop to the bit: our GEMM
 * computes each element over all of k in order whatever rows it is given, and the element-wise
 * functions work element by element (`wasm-threads.test.ts` compares one thread with two).
 *
 * Smaller loops gain the most, since their products were too small for the pool and ran on one
 * thread (35 steps on 32 rows, paired calls in one process: RNN forward at hidden 64 0.75 and at
 * 128 0.62 of the whole loop, GRU at 64 0.68, at 256 0.95; 10 GRU steps on 8 rows of 32, 0.25 M
 * multiply-adds in all, 1.5: the helper's wake-up is then most of the loop).
 *
 * A loop whose part cannot be recorded (a width that leaves columns to JS, a product that needs
 * a temporary) runs whole, with the pool for its products, as before.
 */
import { MAX_PROGRAMS } from "./gemm-pool";
import { GemmExports, MR } from "./gemm-module";
import { Instance, NotRecordable, insideSplit, instance, withStandIn } from "./gemm";
import { WasmBackend } from "./wasm-internals";

/** Loops with fewer multiply-adds in all their products run whole (at 1.1 M the split gained 5 %). */
export const LOOP_MIN_MACS = 1 << 21;

/** Loops run whole and loops run split, since the process started (for the tests). */
export const rowSplitCounts = { whole: 0, split: 0 };

/** The first row of each block and the end: blocks of whole row tiles, as even as they come. */
export function rowBlocks(B: number, parts: number): number[] {
  const tiles = Math.ceil(B / MR);
  return Array.from({ length: parts + 1 }, (_, p) => Math.min(B, MR * Math.floor((p * tiles) / parts)));
}

/** An `Instance` whose exports only append their calls to `calls` (function index, argument count, arguments). */
function recorder(names: readonly string[], calls: number[]): Instance {
  const ex = Object.fromEntries(
    names.map((name, index) => [
      name,
      (...args: number[]) => {
        for (const a of args) {
          if ((a | 0) !== a) throw new NotRecordable(`${name}: argument ${a} is not an i32`);
        }
        calls.push(index, args.length, ...args);
      },
    ]),
  ) as unknown as GemmExports;
  return { ex, pool: undefined };
}

/**
 * Runs `part(r0, rows)` over blocks of the B rows of a time loop, the first on this thread and one
 * more on each helper of our GEMM's pool, when the pool has helpers and the loop's products have
 * `loopMacs` ≥ LOOP_MIN_MACS multiply-adds in all; otherwise `part(0, B)`.
 * `part` must write only its own rows of everything it writes, and read only its own rows of
 * what any part writes.
 */
export function splitRows(backend: WasmBackend, B: number, loopMacs: number, part: (r0: number, rows: number) => void): void {
  const whole = () => {
    rowSplitCounts.whole++;
    part(0, B);
  };
  if (insideSplit()) return whole();
  const inst = instance(backend);
  const pool = inst.pool;
  const parts = pool === undefined || loopMacs < LOOP_MIN_MACS ? 1 : Math.min(pool.helpers + 1, Math.ceil(B / MR), MAX_PROGRAMS + 1);
  if (pool === undefined || parts < 2) return whole();
  const at = rowBlocks(B, parts);
  const ranges: [number, number][] = [];
  const calls: number[] = [];
  try {
    for (let p = 1; p < parts; p++) {
      const start = calls.length;
      withStandIn(recorder(pool.names, calls), true, () => part(at[p], at[p + 1] - at[p]));
      ranges.push([start, calls.length]);
    }
  } catch (err) {
    if (err instanceof NotRecordable) return whole();
    throw err;
  }
  if (calls.length > pool.program.length) return whole();
  pool.program.set(calls);
  rowSplitCounts.split++;
  withStandIn({ ex: inst.ex, pool: undefined }, false, () => pool.runPrograms(inst.ex, ranges, () => part(at[0], at[1] - at[0])));
}
