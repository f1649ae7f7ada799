/**
 * Running one submission's jobs in an isolated child process, and accepting only signed results.
 *
 * Isolation, from the outside in:
 * - a new network and PID namespace (`unshare -rnp --fork --kill-child`) where the OS allows it:
 *   no network at all, and no other process to signal;
 * - Node's permission model: the child may read only the libraries (node_modules, lib/) and its
 *   own folder (not the hidden tests, solutions or other submissions), and may not write files,
 *   start processes or workers, or use the inspector;
 * - `--frozen-intrinsics`, a V8 heap limit, and a watchdog on the resident memory of the process tree;
 * - a time limit per cell load and per test case, and one for the whole submission.
 * The child loses a case when it dies, hangs or runs out of memory; the parent starts a new child
 * for the cases after it. Results are accepted only with a valid HMAC (see child.ts).
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { MessageChannel, Worker } from "node:worker_threads";
import type { ExerciseJob, GradedCase } from "./evaluate";
import { FrameReader, frame } from "./frames";
import type { Tier } from "./judge";
import { exercisesDir } from "./libraries";
import { answerer } from "./relay";

export interface SandboxOptions {
  /** The workbook root (its node_modules and lib are readable by the child). */
  readonly root: string;
  /** The bundled child script (see buildChild). */
  readonly childScript: string;
  /** The bundled judge worker script (see buildChild). */
  readonly judgeScript: string;
  /** Wall-clock limit for one whole submission, ms (partial results are kept). */
  readonly submissionMs: number;
  /** V8 heap limit of the child, MB. */
  readonly heapMb: number;
  /** Resident memory limit of the child's process tree, MB (Linux). */
  readonly rssMb: number;
  /** Time for a cell to load (run its top level), ms. */
  readonly loadTimeoutMs: number;
  /** Upper bound on every case's own time limit, ms. */
  readonly caseTimeoutCapMs: number;
  /** Extra time the parent allows beyond a case's own limit (the child reports async timeouts itself). */
  readonly slackMs: number;
  /** Extra folders the child may read (the data folder for training exercises). */
  readonly readable: readonly string[];
  /** Whether to use `unshare` (network/PID namespaces) when available. */
  readonly namespaces: boolean;
}

/** What the parent knows of each case before running (from its own, trusted copy of the suites). */
export interface PlannedCase {
  readonly name: string;
  readonly points: number;
  readonly visibility: "public" | "hidden";
  readonly timeoutMs: number;
  /** Where the case runs (judge.ts). */
  readonly tier: Tier;
}

export interface SubmissionRun {
  /** Outcomes per job, per case. */
  readonly cases: GradedCase[][];
  /** Things the instructor may want to know (forged messages, restarts). */
  readonly notes: string[];
  readonly children: number;
}

let unshareWorks: boolean | undefined;

/** Whether `unshare -rnp --fork` works here for the student's process (as root, or as the grading user). */
export function namespacesAvailable(): boolean {
  if (unshareWorks === undefined) {
    const probe = ["unshare", "-rnp", "--fork", "--kill-child", "--", process.execPath, "-e", "0"];
    const user = graderUser();
    const argv = user ? ["setpriv", ...user, "--", ...probe] : probe;
    const r = spawnSync(argv[0], argv.slice(1), { stdio: "ignore", timeout: 10_000 });
    unshareWorks = r.status === 0;
  }
  return unshareWorks;
}

let switchTo: { name: string; args: string[] | undefined } | undefined;

/**
 * setpriv's arguments that make the student's process run as D2L_GRADER_USER (its uid and primary
 * gid, no supplementary groups), when the grader runs as root and that account exists; undefined
 * otherwise. A named user that does not exist is an error, not a silent run as root.
 */
export function graderUser(): string[] | undefined {
  const name = process.env.D2L_GRADER_USER;
  if (!name || process.getuid?.() !== 0) return undefined;
  if (switchTo?.name !== name) {
    const id = (flag: string) => spawnSync("id", [flag, name], { encoding: "utf8" });
    const [u, g] = [id("-u"), id("-g")];
    if (u.status !== 0 || g.status !== 0)
      throw new Error(`D2L_GRADER_USER=${name}: expected an existing account for the student's process, got none (id: ${u.stderr.trim()})`);
    switchTo = { name, args: ["--reuid", u.stdout.trim(), "--regid", g.stdout.trim(), "--clear-groups"] };
  }
  return switchTo.args;
}

/** A description of the isolation in effect, for the grading log. */
export function describeIsolation(options: SandboxOptions): string {
  const ns = options.namespaces && namespacesAvailable();
  return [
    ns ? "network and PID namespaces (unshare)" : "no namespaces (network blocked inside Node only)",
    ...(graderUser() ? [`student process as user ${process.env.D2L_GRADER_USER}`] : []),
    "Node permission model (reads: libraries only; no writes, processes, workers, inspector)",
    "frozen intrinsics",
    `heap ${options.heapMb} MB, resident ${options.rssMb} MB`,
  ].join("; ");
}

/**
 * What the child may read: the installed packages, d2lzh (lib/), its own folder and the extra
 * folders it is given; of the exercises package (solutions/, which also holds the reference
 * solutions and the hidden tests) only its manifest and its build (`dist/`), by their real paths.
 * node_modules is granted entry by entry, leaving out the exercises' link: a grant of a link's path
 * would reach the whole folder behind it.
 */
function readable(options: SandboxOptions): { dirs: string[]; files: string[] } {
  const modules = path.join(options.root, "node_modules");
  const exercises = exercisesDir(options.root);
  const entries = fs.existsSync(modules) ? fs.readdirSync(modules).map((e) => path.join(modules, e)) : [];
  const installed = entries.filter((p) => !(fs.lstatSync(p).isSymbolicLink() && fs.realpathSync(p) === exercises));
  const given = [
    path.dirname(options.childScript),
    ...installed,
    path.join(options.root, "lib"),
    path.join(exercises, "dist"),
    ...options.readable,
  ];
  // Modules load from their real paths (node_modules/d2lzh is a link to lib/), so allow both spellings.
  const dirs = [...new Set(given.flatMap((d) => [path.resolve(d), fs.existsSync(d) ? fs.realpathSync(d) : path.resolve(d)]))];
  return { dirs, files: [path.join(exercises, "package.json")] };
}

function nodeArgs(options: SandboxOptions): string[] {
  const { dirs, files } = readable(options);
  return [
    `--max-old-space-size=${options.heapMb}`,
    "--experimental-permission",
    ...dirs.map((d) => `--allow-fs-read=${d}/*`),
    ...files.map((f) => `--allow-fs-read=${f}`),
    "--frozen-intrinsics",
    "--disallow-code-generation-from-strings",
    "--no-warnings",
    options.childScript,
  ];
}

function childEnv(root: string): NodeJS.ProcessEnv {
  // One wasm thread: the sandbox forbids worker threads, and grading's small tensors gain nothing from more.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin", D2L_QUIET: "1", LANG: "C.UTF-8", D2L_WASM_THREADS: "1" };
  for (const name of ["D2L_BACKEND", "D2L_DATA_DIR"]) if (process.env[name]) env[name] = process.env[name];
  env.D2L_EXERCISES_DIR = exercisesDir(root);
  return env;
}

let setprivWorks: boolean | undefined;

/** Whether `setpriv --pdeathsig KILL` works here (util-linux): the child then dies with the grader. */
export function setprivAvailable(): boolean {
  if (setprivWorks === undefined) {
    const r = spawnSync("setpriv", ["--pdeathsig", "KILL", "--", process.execPath, "-e", "0"], { stdio: "ignore", timeout: 10_000 });
    setprivWorks = r.status === 0;
  }
  return setprivWorks;
}

/**
 * The student's process: `setpriv --pdeathsig KILL` (dies with the grader, even on SIGKILL) in
 * front of `unshare` (whose --kill-child ends the Node process when unshare dies), and, when the
 * grader runs as root and D2L_GRADER_USER names an account (Gradescope's setup.sh creates one),
 * under that unprivileged user.
 */
function launch(options: SandboxOptions): ChildProcess {
  const args = nodeArgs(options);
  const useNs = options.namespaces && namespacesAvailable();
  const inner = useNs ? ["unshare", "-rnp", "--fork", "--kill-child", "--", process.execPath, ...args] : [process.execPath, ...args];
  const asUser = graderUser() ?? [];
  if (asUser.length > 0 && !setprivAvailable()) throw new Error("D2L_GRADER_USER is set but setpriv does not work here");
  const argv = setprivAvailable() ? ["setpriv", "--pdeathsig", "KILL", ...asUser, "--", ...inner] : inner;
  return spawn(argv[0], argv.slice(1), {
    stdio: ["pipe", "ignore", "ignore", "pipe"],
    env: childEnv(options.root),
    cwd: path.dirname(options.childScript),
  });
}

/** Resident memory (MB) of a process and its descendants, from /proc; undefined off Linux. */
function treeRssMb(pid: number): number | undefined {
  try {
    let total = 0;
    const stack = [pid];
    while (stack.length > 0) {
      const p = stack.pop()!;
      const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      if (m) total += Number(m[1]) / 1024;
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        const children = fs.readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim();
        if (children) stack.push(...children.split(/\s+/).map(Number));
      }
    }
    return total;
  } catch {
    return undefined;
  }
}

/** Frames a student's process may send before the grader gives up on it. */
const MAX_FRAMES = 100_000;

interface Judge {
  readonly worker: Worker;
  readonly signal: Int32Array;
  readonly port: import("node:worker_threads").MessagePort;
  dead: boolean;
}

const pool: Judge[] = [];

function startJudge(options: SandboxOptions): Judge {
  const sab = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(options.judgeScript, {
    workerData: { root: options.root, signal: sab, port: port2 },
    transferList: [port2],
    env: process.env,
    stdout: false,
    stderr: false,
  });
  const judge: Judge = { worker, signal: new Int32Array(sab), port: port1, dead: false };
  worker.on("error", () => (judge.dead = true));
  worker.on("exit", () => (judge.dead = true));
  worker.unref();
  return judge;
}

/** Ends the judge threads kept between submissions. */
export async function closeJudges(): Promise<void> {
  const all = pool.splice(0);
  await Promise.all(all.map((j) => j.worker.terminate().catch(() => undefined)));
}

type Answer = Record<string, unknown>;

/**
 * Runs every case of every job: the judge thread runs the case code, this thread relays its
 * requests to the student's process (starting a new one after a death or a timeout) and enforces
 * the time and memory limits. `onCase` sees each outcome as it is decided.
 */
export async function runSubmission(
  jobs: readonly ExerciseJob[],
  plan: readonly (readonly PlannedCase[])[],
  options: SandboxOptions,
  onCase?: (job: number, index: number, outcome: GradedCase) => void,
): Promise<SubmissionRun> {
  const cases: GradedCase[][] = plan.map(() => []);
  const notes: string[] = [];
  let children = 0;
  const judge = pool.pop() ?? startJudge(options);
  let child: ChildProcess | undefined;
  let childEnd: { status: "timeout" | "crashed"; reason: string } | undefined;
  let frames = 0;
  let budgetOver = false;
  let waiting: { expect: string; resolve: (a: Answer) => void; timer?: NodeJS.Timeout } | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  /** Every process started for this submission and not yet seen exiting: all are killed at the end. */
  const spawned = new Set<ChildProcess>();

  const answer = answerer(judge.port, judge.signal);
  const settle = (a: Answer) => {
    const w = waiting;
    waiting = undefined;
    if (w) {
      clearTimeout(w.timer);
      w.resolve(a);
    }
  };
  const gone = (status: "timeout" | "crashed", reason: string): Answer => ({ gone: { status, reason }, budget: budgetOver });
  const killChild = (status: "timeout" | "crashed", reason: string) => {
    if (!child) return;
    childEnd ??= { status, reason };
    const c = child;
    try {
      c.kill("SIGKILL");
    } catch {
      // already gone
    }
  };
  const onFrame = (c: ChildProcess) => (m: Record<string, unknown>) => {
    if (c !== child) return;
    if (++frames > MAX_FRAMES) return killChild("crashed", "评分进程发出了过多的消息");
    if (m.op === "fatal") {
      // The harness's own failure report, but a student can write frames too: its text is never shown.
      if (!notes.includes("评分进程报告了内部错误")) notes.push("评分进程报告了内部错误");
      return;
    }
    if (!waiting || m.op !== waiting.expect)
      return killChild("crashed", "评分进程发出了顺序不对或无法识别的数据（是不是往评分通道里写了东西？）");
    settle(m);
  };
  const spawnChild = (waitMs: number): Promise<Answer> =>
    new Promise((resolve) => {
      if (child) {
        try {
          child.kill("SIGKILL"); // never two student processes at once
        } catch {
          // already gone
        }
      }
      children++;
      frames = 0;
      childEnd = undefined;
      let c: ChildProcess;
      try {
        c = launch(options);
      } catch (err) {
        return resolve(gone("crashed", `无法启动（${String(err)}）`));
      }
      child = c;
      spawned.add(c);
      c.on("error", () => killChild("crashed", "无法启动"));
      c.stdin?.on("error", () => undefined);
      const out = c.stdio[3] as NodeJS.ReadableStream | null;
      const reader = new FrameReader(onFrame(c), (reason) => {
        if (c === child) killChild("crashed", `评分进程发出了无法识别的数据（${reason}）`);
      });
      out?.on("data", (chunk: Buffer) => reader.push(chunk));
      out?.on("error", () => undefined);
      c.on("exit", (code, signal) => {
        spawned.delete(c);
        if (c !== child) return;
        child = undefined;
        clearInterval(watchdog);
        const end = childEnd ?? {
          status: "crashed" as const,
          reason: `评分进程意外退出（${signal ? `信号 ${signal}` : `退出码 ${code}`}；是不是调用了 process.exit，或者内存不够？）`,
        };
        settle(gone(end.status, end.reason));
      });
      clearInterval(watchdog);
      watchdog = setInterval(() => {
        const rss = c.pid === undefined ? undefined : treeRssMb(c.pid);
        if (rss !== undefined && rss > options.rssMb) killChild("crashed", `内存用量超过 ${options.rssMb} MB，进程被终止`);
      }, 200);
      waiting = { expect: "ready", resolve };
      waiting.timer = setTimeout(() => killChild("crashed", "评分进程没有启动"), waitMs);
      const jobsForChild = jobs.map((job, j) =>
        plan[j].some((p) => p.tier === "student" && p.visibility === "hidden") ? job : { ...job, hiddenJs: undefined },
      );
      c.stdin?.write(frame({ op: "init", root: options.root, jobs: jobsForChild, loadTimeoutMs: options.loadTimeoutMs }));
    });
  const ask = (message: Answer, expect: string, waitMs: number, onTimeout: () => void): Promise<Answer> =>
    new Promise((resolve) => {
      if (!child) return resolve(gone("crashed", "评分进程已经退出"));
      waiting = { expect, resolve };
      waiting.timer = setTimeout(onTimeout, waitMs);
      child.stdin?.write(frame(message), () => undefined);
    });

  const handle = async (req: Answer, waitMs: number): Promise<Answer> => {
    if (budgetOver) return gone("timeout", "评分总时间用尽");
    switch (req.op) {
      case "spawn":
        return spawnChild(waitMs);
      case "load":
        return ask({ op: "load", job: req.job }, "loaded", waitMs, () =>
          killChild("timeout", `运行超过 ${Math.round((waitMs - options.slackMs) / 1000)} 秒仍未结束`),
        );
      case "call":
        return ask(req, "reply", waitMs, () =>
          killChild("timeout", `超过时间限制 ${Math.round((waitMs - options.slackMs) / 1000)} 秒仍未完成（死循环，或者计算量过大？）`),
        ).then((a) => ("gone" in a ? a : { reply: a.reply }));
      case "case":
        return ask(req, "outcome", waitMs, () =>
          killChild("timeout", `超过时间限制 ${Math.round((waitMs - options.slackMs) / 1000)} 秒仍未完成（死循环，或者计算量过大？）`),
        ).then((a) => ("gone" in a ? a : { outcome: a.outcome }));
      case "kill":
        killChild(req.status === "timeout" ? "timeout" : "crashed", String(req.reason));
        return gone("timeout", String(req.reason));
      case "end":
        child?.stdin?.end();
        return { ok: true };
      default:
        return gone("crashed", "评分内部错误");
    }
  };

  await new Promise<void>((resolve) => {
    const budget = setTimeout(() => {
      budgetOver = true;
      notes.push(`评分总时间（${Math.round(options.submissionMs / 1000)} 秒）用尽：之后的测试没有运行`);
      killChild("timeout", "评分总时间用尽");
      settle(gone("timeout", "评分总时间用尽"));
    }, options.submissionMs);
    // The judge thread itself must not hang the run: after the budget and a minute, give up on it.
    const hard = setTimeout(() => finish("评分内部错误：评分线程没有结束"), options.submissionMs + 60_000);
    const finish = (problem?: string) => {
      clearTimeout(budget);
      clearTimeout(hard);
      judge.worker.off("message", onMessage);
      judge.worker.off("exit", onExit);
      if (child) killChild("crashed", "结束");
      child = undefined;
      for (const c of spawned) {
        try {
          c.kill("SIGKILL");
        } catch {
          // already gone
        }
      }
      clearInterval(watchdog);
      if (problem) {
        judge.dead = true;
        void judge.worker.terminate().catch(() => undefined);
        notes.push(problem);
      }
      if (!judge.dead) pool.push(judge);
      resolve();
    };
    const onExit = () => finish("评分内部错误：评分线程意外退出");
    const onMessage = (m: Record<string, unknown>) => {
      if (m.t === "req") {
        // An answer that cannot be passed on (data a student forged so that the structured clone
        // fails) ends that student's process, never the grader: the judge gets "crashed" instead.
        const reply = (a: Answer) => {
          try {
            answer(m.id, a);
          } catch {
            killChild("crashed", "评分进程发出了无法转交的数据（是不是往评分通道里写了东西？）");
            answer(m.id, gone("crashed", "评分进程发出了无法转交的数据"));
          }
        };
        void handle(m.req as Answer, typeof m.waitMs === "number" ? m.waitMs : 10_000).then(reply, () =>
          reply(gone("crashed", "评分内部错误")),
        );
      } else if (m.t === "result") {
        const j = m.job as number;
        const i = m.index as number;
        const o = m.outcome as Omit<GradedCase, "name" | "points" | "visibility">;
        const p = plan[j]?.[i];
        if (!p) return;
        cases[j][i] = { name: p.name, points: p.points, visibility: p.visibility, status: o.status, message: o.message, hint: o.hint };
        onCase?.(j, i, cases[j][i]);
      } else if (m.t === "finished") {
        finish();
      } else if (m.t === "error") {
        finish(`评分内部错误：${String(m.message).slice(0, 500)}`);
      }
    };
    judge.worker.on("message", onMessage);
    judge.worker.on("exit", onExit);
    judge.worker.postMessage({
      t: "grade",
      jobs,
      plan,
      caseTimeoutCapMs: options.caseTimeoutCapMs,
      loadTimeoutMs: options.loadTimeoutMs,
      slackMs: options.slackMs,
    });
  });
  // Cases the judge never reported (its thread died, the budget ran out): recorded as not run.
  plan.forEach((ps, j) =>
    ps.forEach((p, i) => {
      if (!cases[j][i])
        cases[j][i] = {
          name: p.name,
          points: p.points,
          visibility: p.visibility,
          status: "not-run",
          message: budgetOver ? "没有运行：这份作业的评分总时间已经用完" : "没有运行（评分中断）",
        };
    }),
  );
  return { cases, notes, children };
}
