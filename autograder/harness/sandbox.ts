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
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ExerciseJob, GradedCase } from "./evaluate";
import { exercisesDir } from "./libraries";

export interface SandboxOptions {
  /** The workbook root (its node_modules and lib are readable by the child). */
  readonly root: string;
  /** The bundled child script (see buildChild). */
  readonly childScript: string;
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
}

export interface SubmissionRun {
  /** Outcomes per job, per case. */
  readonly cases: GradedCase[][];
  /** Things the instructor may want to know (forged messages, restarts). */
  readonly notes: string[];
  readonly children: number;
}

let unshareWorks: boolean | undefined;

/** Whether `unshare -rnp --fork` works here (root, or unprivileged user namespaces). */
export function namespacesAvailable(): boolean {
  if (unshareWorks === undefined) {
    const r = spawnSync("unshare", ["-rnp", "--fork", "--kill-child", "--", process.execPath, "-e", "0"], { stdio: "ignore", timeout: 10_000 });
    unshareWorks = r.status === 0;
  }
  return unshareWorks;
}

/** A description of the isolation in effect, for the grading log. */
export function describeIsolation(options: SandboxOptions): string {
  const ns = options.namespaces && namespacesAvailable();
  return [
    ns ? "network and PID namespaces (unshare)" : "no namespaces (network blocked inside Node only)",
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
  const given = [path.dirname(options.childScript), ...installed, path.join(options.root, "lib"), path.join(exercises, "dist"), ...options.readable];
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

function launch(options: SandboxOptions): ChildProcess {
  const args = nodeArgs(options);
  const useNs = options.namespaces && namespacesAvailable();
  const [cmd, argv] = useNs ? ["unshare", ["-rnp", "--fork", "--kill-child", "--", process.execPath, ...args]] : [process.execPath, args];
  return spawn(cmd, argv, { stdio: ["ignore", "ignore", "ignore", "ipc"], env: childEnv(options.root), cwd: path.dirname(options.childScript), serialization: "json" });
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

const MAX_MESSAGES = 20_000;
/** After this many cases of one exercise time out or kill the process, its other cases are not run. */
const MAX_STRIKES = 2;

/**
 * Runs every case of every job, starting new children after deaths and timeouts. `plan[j]` lists
 * the cases of job j in the order the child runs them.
 */
export async function runSubmission(jobs: readonly ExerciseJob[], plan: readonly (readonly PlannedCase[])[], options: SandboxOptions): Promise<SubmissionRun> {
  const cases: GradedCase[][] = plan.map(() => []);
  const notes: string[] = [];
  let children = 0;
  const strikes: number[] = [];
  let position = { job: 0, case: 0 };
  const advancePast = () => {
    position = { job: position.job, case: position.case + 1 };
    normalise();
  };
  const normalise = () => {
    while (position.job < plan.length && position.case >= plan[position.job].length) position = { job: position.job + 1, case: 0 };
  };
  const record = (j: number, i: number, outcome: Omit<GradedCase, "name" | "points" | "visibility">) => {
    const p = plan[j][i];
    cases[j][i] = { name: p.name, points: p.points, visibility: p.visibility, ...outcome };
  };
  normalise();
  while (position.job < plan.length) {
    children++;
    const end = await runChild(jobs, plan, position, options, (j, i, outcome) => {
      record(j, i, outcome);
      position = { job: j, case: i + 1 };
      normalise();
    }, notes);
    if (position.job >= plan.length) break;
    // The child stopped before finishing: the case in progress (or the whole cell load) is lost.
    const { job: j, case: i } = position;
    if (end.phase === "load") {
      for (let k = i; k < plan[j].length; k++) record(j, k, { status: end.status, message: `练习单元格加载时${end.reason}` });
      position = { job: j + 1, case: 0 };
      normalise();
    } else {
      record(j, i, { status: end.status, message: end.reason });
      strikes[j] = (strikes[j] ?? 0) + 1;
      advancePast();
      if (strikes[j] >= MAX_STRIKES && position.job === j) {
        // Two cases of this exercise already hung or killed the process: do not spend more time on it.
        for (let k = position.case; k < plan[j].length; k++) {
          record(j, k, { status: "not-run", message: `没有运行：这个练习已有 ${MAX_STRIKES} 个测试超时或使评分进程终止` });
        }
        position = { job: j + 1, case: 0 };
        normalise();
      }
    }
  }
  return { cases, notes, children };
}

interface ChildEnd {
  readonly phase: "load" | "case";
  readonly status: "timeout" | "crashed";
  readonly reason: string;
}

function runChild(
  jobs: readonly ExerciseJob[],
  plan: readonly (readonly PlannedCase[])[],
  start: { job: number; case: number },
  options: SandboxOptions,
  accept: (job: number, index: number, outcome: Omit<GradedCase, "name" | "points" | "visibility">) => void,
  notes: string[],
): Promise<ChildEnd> {
  return new Promise((resolve) => {
    const key = crypto.randomBytes(32);
    const nonce = crypto.randomBytes(16).toString("hex");
    const child = launch(options);
    let expected = { ...start };
    let phase: "startup" | "load" | "case" = "startup";
    let finished = false;
    let killedFor: ChildEnd | undefined;
    let messages = 0;
    let timer: NodeJS.Timeout | undefined;
    const budget = plan.slice(start.job).flat().reduce((s, c) => s + Math.min(c.timeoutMs, options.caseTimeoutCapMs) + options.slackMs, 0) + (plan.length + 2) * options.loadTimeoutMs + 30_000;
    const overall = setTimeout(() => kill({ phase: phase === "case" ? "case" : "load", status: "timeout", reason: "评分总时间用尽" }), budget);
    const arm = (ms: number, end: ChildEnd) => {
      clearTimeout(timer);
      timer = setTimeout(() => kill(end), ms);
    };
    const kill = (end: ChildEnd) => {
      if (killedFor === undefined) killedFor = end;
      child.kill("SIGKILL");
    };
    const watchdog = setInterval(() => {
      const rss = child.pid === undefined ? undefined : treeRssMb(child.pid);
      if (rss !== undefined && rss > options.rssMb) {
        kill({ phase: phase === "case" ? "case" : "load", status: "crashed", reason: `内存用量超过 ${options.rssMb} MB，进程被终止` });
      }
    }, 200);
    arm(options.loadTimeoutMs * 3, { phase: "load", status: "crashed", reason: "评分进程没有启动" });

    const loadTimer = () =>
      arm(options.loadTimeoutMs + options.slackMs, { phase: "load", status: "timeout", reason: `运行超过 ${options.loadTimeoutMs / 1000} 秒仍未结束` });
    const caseTimer = () => {
      const limit = Math.min(plan[expected.job][expected.case].timeoutMs, options.caseTimeoutCapMs);
      arm(limit + options.slackMs, { phase: "case", status: "timeout", reason: `超过时间限制 ${limit / 1000} 秒仍未完成（死循环，或者计算量过大？）` });
    };
    const firstCase = (job: number) => (job === start.job ? start.case : 0);

    child.on("message", (raw: unknown) => {
      if (++messages > MAX_MESSAGES) return kill({ phase: phase === "case" ? "case" : "load", status: "crashed", reason: "进程发出了过多的消息" });
      const m = raw as Record<string, unknown>;
      if (m === null || typeof m !== "object" || expected.job >= plan.length) return;
      if (m.type === "load" && phase === "startup" && m.job === expected.job && expected.case === firstCase(expected.job)) {
        phase = "load";
        loadTimer();
      } else if (m.type === "start" && phase !== "case" && m.job === expected.job && m.case === expected.case) {
        phase = "case";
        caseTimer();
      } else if (m.type === "result") {
        const valid =
          phase === "case" &&
          m.job === expected.job &&
          m.case === expected.case &&
          typeof m.status === "string" &&
          ["passed", "failed", "error", "timeout"].includes(m.status) &&
          typeof m.mac === "string" &&
          /^[0-9a-f]{64}$/.test(m.mac) &&
          crypto.timingSafeEqual(Buffer.from(m.mac, "hex"), crypto.createHmac("sha256", key).update(`${nonce}|${m.job}|${m.case}|${m.status}`).digest());
        if (!valid) {
          notes.push(`练习 ${jobs[expected.job]?.id ?? "?"}：收到一条签名无效或顺序不对的评分消息，已忽略`);
          return;
        }
        const text = (v: unknown) => (typeof v === "string" ? v.slice(0, 4000) : undefined);
        accept(expected.job, expected.case, { status: m.status as GradedCase["status"], message: text(m.message), hint: text(m.hint) });
        expected = { job: expected.job, case: expected.case + 1 };
        while (expected.job < plan.length && expected.case >= plan[expected.job].length) expected = { job: expected.job + 1, case: 0 };
        if (expected.job >= plan.length) {
          arm(options.loadTimeoutMs, { phase: "case", status: "crashed", reason: "" }); // waiting for "done"
        } else if (expected.case === 0) {
          phase = "startup"; // the next job's cell loads next
          loadTimer();
        } else {
          phase = "case"; // the next case of this job starts right away; a death now costs that case
          caseTimer();
        }
      } else if (m.type === "done" && expected.job >= plan.length) {
        finished = true;
      } else if (m.type === "fatal") {
        notes.push(`评分进程内部错误：${String(m.message).slice(0, 2000)}`);
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      clearTimeout(overall);
      clearInterval(watchdog);
      if (finished || expected.job >= plan.length) return resolve({ phase: "case", status: "crashed", reason: "" });
      const inLoad = phase !== "case";
      if (phase === "startup" && expected.job === start.job && expected.case === start.case && killedFor === undefined) {
        notes.push("评分进程在运行学生代码之前就退出了");
      }
      resolve(
        killedFor ?? {
          phase: inLoad ? "load" : "case",
          status: "crashed",
          reason: `评分进程意外退出（${signal ? `信号 ${signal}` : `退出码 ${code}`}；是不是调用了 process.exit，或者内存不够？）`,
        },
      );
    });
    child.send({ type: "init", key: key.toString("hex"), nonce, root: options.root, jobs, start, loadTimeoutMs: options.loadTimeoutMs, caseTimeoutCapMs: options.caseTimeoutCapMs });
  });
}
