/**
 * Starting tfjs-backend-wasm 4.22's threaded SIMD build in Node, so that the heap is shared and
 * the products use more than one core: our GEMM (`gemm.ts`) starts one helper thread per wasm
 * thread beyond the first on that heap, and XNNPACK's pool serves the stock kernels that use it
 * (softmax, sigmoid).
 *
 * tfjs ships the threaded build but turns it off in Node (its `WASM_HAS_MULTITHREAD_SUPPORT` flag
 * answers false there), because the loader hands emscripten's pthread workers two browser-only
 * things: the worker script as a `blob:` URL and the module factory as a `Blob`. Node's
 * `worker_threads` can load neither. Everything else the build needs (shared memory, Atomics,
 * `worker_threads` in place of Web Workers) it already handles itself.
 *
 * `prepareWasmThreads` bridges the two gaps for the duration of `tf.setBackend("wasm")`:
 * - the worker script and the factory are written once to a folder named by their SHA-1 under
 *   the OS temporary folder, and the worker is pointed at those files instead of the blobs;
 * - the factory text tfjs produces is a function cut out of its bundle, so the names it borrows
 *   from the bundle (`require$$N` for Node modules, `commonjsGlobal`) are defined in front of it;
 * - XNNPACK's thread pool is sized by a static constructor from `emscripten_num_logical_cores() / 2`
 *   (clamped to 1..4), which reads `os.cpus().length`; that count is presented as 2·threads while
 *   the module starts.
 * All patches are undone by the function it returns.
 *
 * The products are split across threads by output tiles, each element summed by one thread in
 * the same order, so the numbers do not depend on the thread count (`wasm-threads.test.ts`).
 * Like the kernels in this folder it relies on private details, so it runs only on tfjs 4.22.0.
 */
import * as tf from "@tensorflow/tfjs";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import os = require("node:os"); // the module object itself: its `cpus` is patched below
import * as path from "node:path";

/** XNNPACK's own limit on its thread pool in tfjs-backend-wasm. */
export const MAX_WASM_THREADS = 4;

const FACTORY_START = "var WasmBackendModuleThreadedSimd";
/** A text that only the pthread worker script contains. */
const WORKER_MARK = "ENVIRONMENT_IS_PTHREAD";

/** Checks a requested thread count (a number, or the text of an environment variable): an integer from 1 to 4. */
export function checkWasmThreads(value: number | string, source: string): number {
  const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
    throw new Error(
      `${source}: expected an integer from 1 to ${MAX_WASM_THREADS} (wasm threads), got ${typeof n === "number" ? String(n) : JSON.stringify(n)}`,
    );
  }
  return n;
}

/**
 * The default thread count: one per core that other processes leave free, at most 4; 1 where
 * this process cannot start threads. `busyElsewhere` is how many cores other processes keep busy
 * (`busyCoresElsewhere`); without it every core counts as free.
 *
 * Why not simply one per core: XNNPACK's pool threads spin while they wait for the next product,
 * and a product waits for its slowest thread. When other processes hold the cores, a pool thread
 * descheduled in the middle of a product stalls the others, which spin meanwhile: measured on 2
 * cores at a load average of about 7, two threads took 1.6x the wall time and 1.6x the CPU time of
 * one thread for the same LSTM batches (15.6 against 9.5 s; 7.6 against 4.7 CPU s).
 */
export function defaultWasmThreads(busyElsewhere = 0): number {
  if (threadsUnavailable() !== undefined) return 1;
  return threadsForFreeCores(logicalCores(), busyElsewhere);
}

/** round(cores − busy), from 1 to min(cores, 4). */
export function threadsForFreeCores(cores: number, busyElsewhere: number): number {
  const free = Math.round(cores - Math.max(0, busyElsewhere));
  return Math.max(1, Math.min(MAX_WASM_THREADS, cores, free));
}

function logicalCores(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/** Busy and total time of all cores, summed, from the first line of Linux's `/proc/stat` (any unit). */
export function cpuTimes(procStat: string): { readonly busy: number; readonly total: number } | undefined {
  const first = procStat.split("\n", 1)[0].trim().split(/\s+/);
  if (first[0] !== "cpu" || first.length < 5) return undefined;
  // user nice system idle iowait irq softirq steal (guest time is already in user and nice)
  const fields = first.slice(1, 9).map(Number);
  if (fields.some((x) => !Number.isFinite(x))) return undefined;
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3] + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * How many cores other processes kept busy during the next `ms` milliseconds: the busy share of
 * all cores in `/proc/stat`, less this process's own CPU time, times the core count. Undefined
 * where `/proc/stat` cannot be read (not Linux); a guess from the load average is not used, since
 * it lags a minute behind (a process that just ended still counts).
 */
export async function busyCoresElsewhere(ms = 200): Promise<number | undefined> {
  const read = () => {
    try {
      return cpuTimes(fs.readFileSync("/proc/stat", "utf8"));
    } catch {
      return undefined;
    }
  };
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const [a, ownA, wallA] = [read(), cpuNow(), performance.now()];
  if (a === undefined) return undefined;
  await new Promise((resolve) => setTimeout(resolve, ms));
  const [b, ownB, wallB] = [read(), cpuNow(), performance.now()];
  if (b === undefined || b.total <= a.total) return undefined;
  const cores = logicalCores();
  const busyShare = (b.busy - a.busy) / (b.total - a.total);
  const ownShare = (ownB - ownA) / ((wallB - wallA) * cores);
  return Math.max(0, (busyShare - ownShare) * cores);
}

/**
 * Why this process cannot run the threaded build, or undefined: it needs worker threads, a
 * writable temporary folder and `eval` (emscripten's worker loads the module factory with it),
 * which a sandbox such as the autograder's (Node's permission model,
 * `--disallow-code-generation-from-strings`) takes away.
 */
export function threadsUnavailable(): string | undefined {
  const permission = (process as { permission?: { has(scope: string, reference?: string): boolean } }).permission;
  if (permission !== undefined && !permission.has("worker")) return "the permission model forbids worker threads";
  if (permission !== undefined && !permission.has("fs.write", os.tmpdir())) return `the permission model forbids writing to ${os.tmpdir()}`;
  try {
    new Function("return 0");
  } catch {
    return "code generation from strings is disallowed";
  }
  try {
    fs.accessSync(os.tmpdir(), fs.constants.W_OK);
  } catch {
    return `the temporary folder ${os.tmpdir()} is not writable`;
  }
  return undefined;
}

/**
 * `var require$$N = require('m');` lines of the wasm backend's Node bundle, which its factory
 * text refers to by name.
 */
export function bundlePrelude(bundleSource: string): string {
  const lines = bundleSource.split("\n").slice(0, 80);
  const defs = lines.filter((l) => /^var require\$\$\d+ = require\('[a-z_]+'\);$/.test(l));
  return [...defs, "var commonjsGlobal = globalThis;"].join("\n") + "\n";
}

/**
 * Makes the next `tf.setBackend("wasm")` start the threaded build with `threads` XNNPACK threads.
 * Call it before the wasm backend is initialised, and the returned `restore` right after
 * (`tf.ready()` has resolved). With `threads` = 1 it changes nothing: tfjs picks its
 * single-threaded SIMD build.
 */
export function prepareWasmThreads(threads: number): () => void {
  checkWasmThreads(threads, "prepareWasmThreads: threads");
  if (threads === 1) return () => {};
  const why = threadsUnavailable();
  if (why !== undefined)
    throw new Error(`prepareWasmThreads: ${threads} wasm threads were asked for, but ${why}; use 1 (D2L_WASM_THREADS=1)`);
  const bundleFile = require.resolve("@tensorflow/tfjs-backend-wasm");
  const prelude = bundlePrelude(fs.readFileSync(bundleFile, "utf8"));
  const RealBlob = globalThis.Blob;
  const realCreateObjectURL = URL.createObjectURL;
  const realCpus = os.cpus;
  let factoryFile: string | undefined;

  class TextBlob extends RealBlob {
    readonly source: string;
    constructor(...args: ConstructorParameters<typeof Blob>) {
      super(...args);
      const parts: unknown[] = [...(args[0] ?? [])];
      this.source = parts.every((p) => typeof p === "string") ? parts.join("") : "";
      if (this.source.startsWith(FACTORY_START)) factoryFile = writeOnce("factory.js", prelude + this.source);
    }
  }
  globalThis.Blob = TextBlob as unknown as typeof Blob;
  URL.createObjectURL = (blob: Blob) => {
    if (blob instanceof TextBlob && blob.source.includes(WORKER_MARK)) {
      if (factoryFile === undefined)
        throw new Error("prepareWasmThreads: tfjs asked for the pthread worker before creating the module factory");
      // On "load" the worker imports the factory from a URL string, or from a Blob it cannot read in Node.
      const redirect =
        `\n;{const onmessage0=self.onmessage;self.onmessage=e=>{` +
        `if(e.data&&e.data.cmd==="load"&&typeof e.data.urlOrBlob!=="string")e.data.urlOrBlob=${JSON.stringify(factoryFile)};` +
        `return onmessage0(e)}}\n`;
      return writeOnce("worker.js", blob.source + redirect);
    }
    return realCreateObjectURL(blob);
  };
  const cpus = realCpus();
  os.cpus = () => Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]);
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  return () => {
    globalThis.Blob = RealBlob;
    URL.createObjectURL = realCreateObjectURL;
    os.cpus = realCpus;
  };
}

/**
 * Lets Node exit while XNNPACK's pool threads wait for work: emscripten keeps a running pthread's
 * worker referenced, which holds the event loop open after the program's last line. Call once
 * the backend has started; the threads keep working, only the process no longer waits on them.
 */
export function unrefWasmThreads(backend: unknown): void {
  type Workers = { runningWorkers?: Array<{ unref?: () => void }> };
  const pthreads = (backend as { wasm?: { PThread?: Workers } }).wasm?.PThread;
  pthreads?.runningWorkers?.forEach((w) => w.unref?.());
}

/** The wasm backend's XNNPACK thread count (after it has started). */
export function wasmThreadsInUse(): number {
  return (require("@tensorflow/tfjs-backend-wasm") as { getThreadsCount(): number }).getThreadsCount();
}

/**
 * Writes `text` to `<tmp>/d2lzh-wasm-threads-<sha1>/<name>` unless it is there; returns the path.
 * Concurrent processes write to a private name first and rename, so no reader sees half a file.
 */
function writeOnce(name: string, text: string): string {
  const digest = crypto.createHash("sha1").update(text).digest("hex").slice(0, 16);
  const dir = path.join(os.tmpdir(), `d2lzh-wasm-threads-${digest}`);
  const file = path.join(dir, name);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, file);
  return file;
}
