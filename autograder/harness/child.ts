/**
 * The student's process: loads one submission's exercise cells and runs the student's functions
 * when the judge asks. It never decides a grade: the judge (harness/judge.ts, in the grader) runs
 * the test cases and sends each call's arguments here as data; this process answers with the
 * return value as data. Only the cases listed as tier "student" (tiers.json) run whole here.
 *
 * Protocol: frames (frames.ts) on stdin (grader → here) and on fd 3 (here → grader).
 *   → { op: "init", root, jobs, loadTimeoutMs }        ← { op: "ready" }
 *   → { op: "load", job }                               ← { op: "loaded", job, shape } | { op: "loaded", job, error }
 *   → { op: "call", job, case, name, args }             ← { op: "reply", reply }
 *   → { op: "case", job, index, timeoutMs }             ← { op: "outcome", outcome }
 * The process exits when stdin closes (the grader went away), besides dying with it (pdeathsig).
 *
 * Before any student code: the libraries are frozen; `process` loses every door to modules,
 * bindings and the channel (mainModule, getBuiltinModule, binding, dlopen, …); network APIs throw;
 * timers are counted per exercise and cleared when the next exercise loads, so a timer left by
 * one cell cannot fail a later one.
 */
import * as fs from "node:fs";
import type { ExerciseJob, Libraries } from "./evaluate";
import { casesFor, loadCell, wireLibs } from "./evaluate";
import { FrameReader, frame } from "./frames";
import { implShape, serveCall } from "./judge";
import { loadLibraries } from "./libraries";
import { Tensors } from "./wire";

interface Init {
  readonly op: "init";
  readonly root: string;
  readonly jobs: readonly ExerciseJob[];
  readonly loadTimeoutMs: number;
}

// Captured before anything else can run.
const writeSync = fs.writeSync;
const exit = process.exit.bind(process);
const realSetTimeout = setTimeout;
const realSetInterval = setInterval;
const realSetImmediate = setImmediate;
const realClearTimeout = clearTimeout;
const realClearInterval = clearInterval;
const realClearImmediate = clearImmediate;

function send(message: unknown): void {
  const bytes = frame(message);
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(3, bytes, off, bytes.length - off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EAGAIN") continue;
      exit(5); // the grader is gone
    }
  }
}

let init: Init | undefined;
let libs: Libraries | undefined;
const loaded = new Map<number, Record<string, unknown>>();
let table: { key: string; t: Tensors } | undefined;
let queue: Promise<void> = Promise.resolve();

/** Timers per exercise: those of earlier exercises are cleared when a new one loads. */
let currentJob = -1;
const timers = new Map<number, Set<{ kind: "t" | "i" | "m"; h: unknown }>>();
function track<T>(kind: "t" | "i" | "m", h: T): T {
  let set = timers.get(currentJob);
  if (!set) timers.set(currentJob, (set = new Set()));
  set.add({ kind, h });
  return h;
}
function clearJobTimers(except: number): void {
  for (const [job, set] of timers) {
    if (job === except) continue;
    for (const { kind, h } of set) {
      if (kind === "t") realClearTimeout(h as NodeJS.Timeout);
      else if (kind === "i") realClearInterval(h as NodeJS.Timeout);
      else realClearImmediate(h as NodeJS.Immediate);
    }
    timers.delete(job);
  }
}

const reader = new FrameReader(
  (m) => {
    queue = queue
      .then(() => handle(m))
      .catch((err: unknown) => {
        send({ op: "fatal", message: String(err instanceof Error ? err.stack : err).slice(0, 2000) });
        exit(4);
      });
  },
  () => exit(3),
);
process.stdin.on("data", (chunk: Buffer) => reader.push(chunk));
process.stdin.on("end", () => exit(0));
process.stdin.on("error", () => exit(0));

async function handle(m: Record<string, unknown>): Promise<void> {
  if (m.op === "init") {
    if (init) return;
    init = m as unknown as Init;
    libs = await loadLibraries(init.root);
    harden(libs);
    send({ op: "ready" });
    return;
  }
  if (!init || !libs) return exit(3);
  const job = typeof m.job === "number" ? init.jobs[m.job] : undefined;
  if (!job) return exit(3);
  const j = m.job as number;
  if (m.op === "load") {
    clearJobTimers(j);
    currentJob = j;
    const cell = await loadCell(job, libs, init.loadTimeoutMs);
    if ("error" in cell) return send({ op: "loaded", job: j, error: cell.error });
    loaded.set(j, cell.impl);
    send({ op: "loaded", job: j, shape: implShape(cell.impl, job.names, wireLibs(libs)) });
  } else if (m.op === "call") {
    const impl = loaded.get(j);
    if (!impl || typeof m.name !== "string" || !Array.isArray(m.args)) return exit(3);
    const key = `${j}|${String(m.case)}`;
    if (table?.key !== key) table = { key, t: new Tensors("student") };
    const reply = await serveCall(impl, m.name, m.args, wireLibs(libs), table.t);
    send({ op: "reply", reply });
  } else if (m.op === "case") {
    const impl = loaded.get(j);
    const c = casesFor(job, libs)[m.index as number]?.c;
    if (!impl || !c) return exit(3);
    const outcome = await libs.check.runCase(c, impl, typeof m.timeoutMs === "number" ? m.timeoutMs : c.timeoutMs);
    send({ op: "outcome", outcome });
  }
}

/** Freezes the libraries and removes every way out of the process that student code could reach. */
function harden(l: Libraries): void {
  const freezeDeep = (o: object) => {
    Object.freeze(o);
    for (const v of Object.values(o)) {
      if ((typeof v === "object" && v !== null) || typeof v === "function") {
        Object.freeze(v);
        if (typeof v === "function" && v.prototype) Object.freeze(v.prototype);
      }
    }
  };
  freezeDeep(l.check as object);
  freezeDeep(l.exercises as object);
  freezeDeep(l.check.assert as object);
  freezeDeep(l.d2l as object);
  Object.freeze(l.tf.Tensor.prototype);
  Object.freeze(l.tf.Variable.prototype);
  Object.freeze(l.tf);
  lockEngine();
  // No modules, bindings, native addons, channel or paths from `process`.
  for (const name of [
    "mainModule",
    "getBuiltinModule",
    "binding",
    "_linkedBinding",
    "dlopen",
    "send",
    "channel",
    "_channel",
    "connected",
    "disconnect",
    "report",
    "_debugProcess",
    "_debugEnd",
    "_startProfilerIdleNotifier",
    "setUncaughtExceptionCaptureCallback",
    "permission",
    "moduleLoadList",
    "_getActiveHandles",
    "_getActiveRequests",
    "_kill",
    "abort",
    "chdir",
    "setuid",
    "setgid",
    "setegid",
    "seteuid",
    "setgroups",
    "initgroups",
    "loadEnvFile",
  ]) {
    try {
      Object.defineProperty(process, name, { value: undefined, writable: false, configurable: false, enumerable: false });
    } catch {
      // not configurable in this Node: it stays, the permission model still applies
    }
  }
  for (const name of ["execArgv", "argv"])
    Object.defineProperty(process, name, { value: Object.freeze([]), writable: false, configurable: false });
  Object.defineProperty(process, "env", { value: Object.freeze({}), writable: false, configurable: false });
  // Heap snapshots and network, for the code that still reaches these modules.
  const deny = (what: string) => () => {
    throw new Error(`评分时不能${what}`);
  };
  const v8 = require("node:v8") as Record<string, unknown>;
  for (const name of ["getHeapSnapshot", "writeHeapSnapshot", "setFlagsFromString"]) {
    Object.defineProperty(v8, name, { value: deny("使用堆快照"), writable: false, configurable: false });
  }
  const net = require("node:net") as { Socket: { prototype: Record<string, unknown> } };
  Object.defineProperty(net.Socket.prototype, "connect", { value: deny("访问网络"), writable: false, configurable: false });
  const names = [
    "connect",
    "createConnection",
    "request",
    "get",
    "createSocket",
    "lookup",
    "lookupService",
    "resolve",
    "resolve4",
    "resolve6",
    "resolveAny",
    "resolveCname",
    "resolveMx",
    "resolveNs",
    "resolveTxt",
    "resolveSrv",
    "resolvePtr",
    "resolveNaptr",
    "resolveSoa",
    "reverse",
    "setServers",
    "createServer",
    "connectSecure",
    "createSecureServer",
    "createSecureContext",
    "fetch",
  ];
  const mods = ["node:net", "node:tls", "node:http", "node:https", "node:http2", "node:dgram", "node:dns", "node:dns/promises"];
  const loadedMods = mods.map((mod) => require(mod) as Record<string, unknown>); // all loaded before any is patched (they extend each other's classes)
  for (const [k, mod] of mods.entries()) {
    const ms = [loadedMods[k]];
    if (mod === "node:dns") ms.push((require(mod) as { promises: Record<string, unknown> }).promises);
    for (const m of ms) {
      for (const name of names) {
        if (name in m) {
          try {
            Object.defineProperty(m, name, { value: deny("访问网络"), writable: false, configurable: false });
          } catch {
            // a getter-only export
          }
        }
      }
      const R = (m as { Resolver?: unknown }).Resolver as ((new () => unknown) & { prototype: object }) | undefined;
      if (typeof R === "function") {
        for (let p: object | null = R.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
          for (const name of Object.getOwnPropertyNames(p)) {
            if (name === "constructor") continue;
            try {
              Object.defineProperty(p, name, { value: deny("访问网络"), writable: false, configurable: false });
            } catch {
              // already denied (the two Resolvers share a base)
            }
          }
          Object.freeze(p);
        }
      }
    }
  }
  const dgram = require("node:dgram") as { Socket: { prototype: Record<string, unknown> } };
  for (const name of ["send", "connect", "bind"])
    Object.defineProperty(dgram.Socket.prototype, name, { value: deny("访问网络"), writable: false, configurable: false });
  for (const name of [
    "fetch",
    "WebSocket",
    "EventSource",
    "XMLHttpRequest",
    "Request",
    "Response",
    "Headers",
    "FormData",
    "WebAssembly.instantiateStreaming",
  ]) {
    if (name in globalThis) Object.defineProperty(globalThis, name, { value: deny("访问网络"), writable: false, configurable: false });
  }
  // Signals only to itself.
  const ownKill = process.kill.bind(process);
  Object.defineProperty(process, "kill", {
    value: (pid: number, signal?: string | number) => {
      if (pid !== process.pid) throw new Error("评分时不能向其他进程发信号");
      return ownKill(pid, signal);
    },
    writable: false,
    configurable: false,
  });
  // Timers counted per exercise (see clearJobTimers); nextTick stays (it cannot outlive a case).
  const g = globalThis as Record<string, unknown>;
  const def = (name: string, value: unknown) => Object.defineProperty(g, name, { value, writable: false, configurable: false });
  def("setTimeout", (fn: (...a: unknown[]) => void, ms?: number, ...a: unknown[]) => track("t", realSetTimeout(fn, ms, ...a)));
  def("setInterval", (fn: (...a: unknown[]) => void, ms?: number, ...a: unknown[]) => track("i", realSetInterval(fn, ms, ...a)));
  def("setImmediate", (fn: (...a: unknown[]) => void, ...a: unknown[]) => track("m", realSetImmediate(fn, ...a)));
  def("clearTimeout", realClearTimeout);
  def("clearInterval", realClearInterval);
  def("clearImmediate", realClearImmediate);
  // The channel stays ours (stdout and stderr lead to /dev/null and stay for Node's own use).
  for (const name of ["stdin", "openStdin"])
    Object.defineProperty(process, name, { value: undefined, writable: false, configurable: false });
  // An error a student's callback throws outside a call must not end the process: the call in
  // progress (of the current exercise) still answers or times out.
  process.on("uncaughtException", () => undefined);
  process.on("unhandledRejection", () => undefined);
}

/**
 * The engine, its backends and the kernel and gradient registries stay reachable from globalThis
 * (tfjs reads `_tfengine` on every operation), so their methods become non-writable own properties
 * and the registries refuse changes: a cell cannot replace the read path or a kernel for the other
 * exercises of its own submission (and in the judge's process none of this exists).
 */
function lockEngine(): void {
  const g = globalThis as Record<string, unknown>;
  const lock = (obj: unknown) => {
    if (obj === null || (typeof obj !== "object" && typeof obj !== "function")) return;
    const o = obj as Record<string, unknown>;
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(o))) {
      if (typeof d.value === "function" && d.configurable)
        Object.defineProperty(o, name, { value: d.value, writable: false, configurable: false, enumerable: d.enumerable });
    }
    for (let p = Object.getPrototypeOf(o); p && p !== Object.prototype && p !== Function.prototype; p = Object.getPrototypeOf(p)) {
      for (const name of Object.getOwnPropertyNames(p)) {
        const d = Object.getOwnPropertyDescriptor(p, name)!;
        if (name === "constructor" || typeof d.value !== "function" || Object.hasOwn(o, name)) continue;
        try {
          Object.defineProperty(o, name, { value: d.value, writable: false, configurable: false, enumerable: false });
        } catch {
          // a non-extensible object
        }
      }
      Object.freeze(p);
    }
  };
  const engine = g._tfengine as Record<string, unknown> | undefined;
  if (engine) {
    lock(engine);
    const registry = engine.registry as Record<string, unknown> | undefined;
    for (const b of Object.values(registry ?? {})) {
      lock(b);
    }
    if (registry) Object.freeze(registry);
    if (engine.registryFactory) Object.freeze(engine.registryFactory);
    for (const name of ["registry", "registryFactory", "state", "ENV"]) {
      const d = Object.getOwnPropertyDescriptor(engine, name);
      if (d && "value" in d && d.configurable)
        Object.defineProperty(engine, name, { value: d.value, writable: false, configurable: false });
    }
  }
  const globals = g._tfGlobals as Map<string, unknown> | undefined;
  if (globals instanceof Map) {
    for (const key of ["kernelRegistry", "gradRegistry"]) {
      const m = globals.get(key);
      if (!(m instanceof Map)) continue;
      for (const config of m.values()) if (config && typeof config === "object") Object.freeze(config);
      for (const name of ["set", "delete", "clear"]) {
        Object.defineProperty(m, name, {
          value: () => {
            throw new Error("评分时不能修改 tfjs 的内核");
          },
          writable: false,
          configurable: false,
        });
      }
    }
    for (const name of ["set", "delete", "clear"]) {
      Object.defineProperty(globals, name, {
        value: () => {
          throw new Error("评分时不能修改 tfjs 的全局表");
        },
        writable: false,
        configurable: false,
      });
    }
  }
  for (const name of ["_tfengine", "_tfGlobals"]) {
    const d = Object.getOwnPropertyDescriptor(g, name);
    if (d && d.configurable) Object.defineProperty(g, name, { value: d.value ?? g[name], writable: false, configurable: false });
  }
}

// Keep the real timers for the harness's own time limits (runCase and loadCell use the globals at
// call time, so they see the tracked versions; clearing them is harmless to a finished case).
void realSetTimeout;
