/**
 * The grading child process: runs one submission's exercise cells against their tests.
 *
 * Protocol (Node IPC; the parent never reads this process's stdout or stderr):
 *   parent → child  { type: "init", key, nonce, root, jobs, start: { job, case }, loadTimeoutMs, caseTimeoutCapMs }
 *   child → parent  { type: "load", job }                     a cell starts loading (for timers)
 *                   { type: "start", job, case }              a case starts (for timers)
 *                   { type: "result", job, case, status, message, hint, mac }
 *                   { type: "done" }
 * Only `result` carries points, and the parent accepts it only with a valid `mac` =
 * HMAC-SHA256(key, "nonce|job|case|status"). The key arrives before any student code runs and
 * lives only in this module's closure, so a cell can print, exit, patch globals or send forged
 * messages, but cannot produce a valid signature for a case it did not pass.
 *
 * Before a cell runs: every test suite of the submission is already loaded (so no later message
 * carries test code), the intrinsics are frozen (--frozen-intrinsics), the library objects the tests
 * use are frozen, heap snapshots, network and signals to other processes are disabled; the parent
 * adds the Node permission model (no file reads outside the libraries, no writes, no child
 * processes or workers) and, where the OS allows, empty network and PID namespaces.
 */
import * as crypto from "node:crypto";
import type { ExerciseJob, Libraries } from "./evaluate";
import { casesFor, loadCell } from "./evaluate";
import { loadLibraries } from "./libraries";

interface Init {
  readonly type: "init";
  readonly key: string;
  readonly nonce: string;
  readonly root: string;
  readonly jobs: readonly ExerciseJob[];
  readonly start: { readonly job: number; readonly case: number };
  readonly loadTimeoutMs: number;
  /** Upper bound on every case's own time limit. */
  readonly caseTimeoutCapMs: number;
}

// Captured before anything else can run: the channel's send, and the HMAC primitive.
const send = process.send!.bind(process);
const createHmac = crypto.createHmac;
const Hmac = createHmac("sha256", "x").constructor as { prototype: object };
Object.freeze(Hmac.prototype);

function sign(key: Buffer, text: string): string {
  return createHmac("sha256", key).update(text).digest("hex");
}

process.once("message", (message: unknown) => {
  const init = message as Init;
  if (!init || init.type !== "init") process.exit(3);
  const key = Buffer.from(init.key, "hex");
  run(init, key).then(
    () => {
      send({ type: "done" }, () => process.exit(0));
    },
    (err: unknown) => {
      // A harness failure (not a student's): the parent records the cases without results as crashed.
      send({ type: "fatal", message: String(err instanceof Error ? err.stack : err) }, () => process.exit(4));
    },
  );
});

async function run(init: Init, key: Buffer): Promise<void> {
  const libs = await loadLibraries(init.root);
  // All suites first: trusted code, and no test text arrives after student code has run.
  const suites = init.jobs.map((job) => casesFor(job, libs));
  harden(libs);
  for (let j = init.start.job; j < init.jobs.length; j++) {
    const job = init.jobs[j];
    send({ type: "load", job: j });
    const loaded = await loadCell(job, libs, init.loadTimeoutMs);
    const first = j === init.start.job ? init.start.case : 0;
    for (let i = first; i < suites[j].length; i++) {
      const { c } = suites[j][i];
      send({ type: "start", job: j, case: i });
      const outcome = "error" in loaded ? { status: "error" as const, message: loaded.error, hint: undefined } : await libs.check.runCase(c, loaded.impl, Math.min(c.timeoutMs, init.caseTimeoutCapMs));
      const status = outcome.status;
      send({ type: "result", job: j, case: i, status, message: outcome.message, hint: outcome.hint, mac: sign(key, `${init.nonce}|${j}|${i}|${status}`) });
    }
  }
}

/** Freezes what the tests rely on and removes ways out of the sandbox. */
function harden(libs: Libraries): void {
  const freezeDeep = (o: object) => {
    Object.freeze(o);
    for (const v of Object.values(o)) if ((typeof v === "object" && v !== null) || typeof v === "function") Object.freeze(v);
  };
  freezeDeep(libs.check as object);
  freezeDeep(libs.exercises as object);
  freezeDeep(libs.check.assert as object);
  Object.freeze(libs.check.CheckFailure.prototype);
  Object.freeze(libs.tf.Tensor.prototype);
  Object.freeze(libs.tf.Variable.prototype);
  Object.freeze(libs.tf);
  Object.freeze(libs.d2l);
  // Heap snapshots would expose the key; the permission model already blocks the inspector.
  const v8 = require("node:v8") as Record<string, unknown>;
  for (const name of ["getHeapSnapshot", "writeHeapSnapshot"]) {
    Object.defineProperty(v8, name, { value: () => { throw new Error("评分时不能使用堆快照"); }, writable: false, configurable: false });
  }
  // No network, even where the OS gave no empty network namespace.
  const deny = () => { throw new Error("评分时不能访问网络"); };
  const net = require("node:net") as { Socket: { prototype: Record<string, unknown> }; connect: unknown; createConnection: unknown };
  Object.defineProperty(net.Socket.prototype, "connect", { value: deny, writable: false, configurable: false });
  for (const mod of ["node:net", "node:tls", "node:http", "node:https", "node:http2", "node:dgram", "node:dns"]) {
    const m = require(mod) as Record<string, unknown>;
    for (const name of ["connect", "createConnection", "request", "get", "createSocket", "lookup", "resolve", "resolve4", "resolve6"]) {
      if (typeof m[name] === "function") Object.defineProperty(m, name, { value: deny, writable: false, configurable: false });
    }
  }
  Object.defineProperty(globalThis, "fetch", { value: deny, writable: false, configurable: false });
  if ("WebSocket" in globalThis) Object.defineProperty(globalThis, "WebSocket", { value: deny, writable: false, configurable: false });
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
}
