/**
 * The judge's thread (a worker of the grader; no student code ever runs in it). For one submission
 * at a time it runs every case: the case code here, the student's functions in the student's
 * process, reached through the grader's main thread. A request blocks this thread (Atomics.wait)
 * until the main thread answers, so the case code sees ordinary synchronous functions.
 *
 *   main → here   { t: "grade", jobs, plan, loadTimeoutMs, caseTimeoutCapMs, slackMs }
 *   here → main   { t: "req", id, req }  then waits on `signal`; the answer arrives on `port` (relay.ts)
 *                 { t: "result", job, index, outcome }   { t: "finished" }   { t: "error", message }
 */
import { MessagePort, parentPort, workerData } from "node:worker_threads";
import type { ExerciseJob, GradedCase, Libraries } from "./evaluate";
import { casesFor, wireLibs } from "./evaluate";
import { CallReply, ImplShape, disposeAll, judgeCase, remoteImpl, undoAll } from "./judge";
import { loadLibraries } from "./libraries";
import { requester } from "./relay";
import type { PlannedCase } from "./sandbox";
import { Enc, Tensors } from "./wire";

interface GradeRequest {
  readonly t: "grade";
  readonly jobs: readonly ExerciseJob[];
  readonly plan: readonly (readonly PlannedCase[])[];
  readonly caseTimeoutCapMs: number;
  readonly loadTimeoutMs: number;
  readonly slackMs: number;
}

type Gone = { gone: { status: "timeout" | "crashed"; reason: string }; budget?: boolean };

const { root, signal: sab, port } = workerData as { root: string; signal: SharedArrayBuffer; port: MessagePort };
/** One request to the main thread; waits for its answer (at most `waitMs` and a grace, then asks it to kill the student's process). */
const request = requester((m) => parentPort!.postMessage(m), port, new Int32Array(sab));

let libs: Libraries | undefined;
const suites = new Map<string, ReturnType<typeof casesFor>>();

async function grade(g: GradeRequest): Promise<void> {
  libs ??= await loadLibraries(root);
  const w = wireLibs(libs);
  let alive = false;
  let budgetGone = false;
  const post = (job: number, index: number, outcome: Omit<GradedCase, "name" | "points" | "visibility">) =>
    parentPort!.postMessage({ t: "result", job, index, outcome });
  for (let j = 0; j < g.jobs.length; j++) {
    const job = g.jobs[j];
    const key = `${job.id}\n${job.hiddenJs ?? ""}`;
    if (!suites.has(key)) suites.set(key, casesFor(job, libs));
    const cases = suites.get(key)!;
    const plan = g.plan[j];
    let shape: ImplShape | undefined;
    let loadError: string | undefined;
    let strikes = 0;
    const ensureLoaded = (): boolean => {
      if (alive && (shape || loadError)) return true;
      shape = undefined;
      loadError = undefined;
      if (!alive) {
        const r = request({ op: "spawn" }, g.loadTimeoutMs * 3);
        if ("gone" in r) {
          budgetGone ||= (r as Gone).budget === true;
          loadError = `评分进程没有启动（${(r as Gone).gone.reason}）`;
          return false;
        }
        alive = true;
      }
      const r = request({ op: "load", job: j }, g.loadTimeoutMs + g.slackMs);
      if ("gone" in r) {
        alive = false;
        budgetGone ||= (r as Gone).budget === true;
        loadError = `练习单元格加载时${(r as Gone).gone.reason}`;
        return false;
      }
      if (typeof r.error === "string") loadError = r.error;
      else shape = r.shape as ImplShape;
      return true;
    };
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i];
      const c = cases[i]?.c;
      if (budgetGone) {
        post(j, i, { status: "not-run", message: "没有运行：这份作业的评分总时间已经用完" });
        continue;
      }
      if (strikes >= 2) {
        post(j, i, { status: "not-run", message: "没有运行：这个练习已有 2 个测试超时或使评分进程终止" });
        continue;
      }
      ensureLoaded();
      if (budgetGone) {
        post(j, i, { status: "not-run", message: "没有运行：这份作业的评分总时间已经用完" });
        continue;
      }
      if (loadError !== undefined || !shape || !c) {
        post(j, i, { status: "error", message: loadError ?? "评分内部错误：找不到这个测试" });
        if (!alive) strikes = 2; // a cell that kills its process while loading: do not try again and again
        continue;
      }
      const limit = Math.min(p.timeoutMs, g.caseTimeoutCapMs);
      const started = Date.now();
      if (p.tier === "student") {
        const r = request({ op: "case", job: j, index: i, timeoutMs: limit }, limit + g.slackMs);
        if ("gone" in r) {
          alive = false;
          budgetGone ||= (r as Gone).budget === true;
          strikes++;
          post(j, i, { status: (r as Gone).gone.status, message: (r as Gone).gone.reason });
          continue;
        }
        const o = r.outcome as Record<string, unknown>;
        const status = ["passed", "failed", "error", "timeout"].includes(o?.status as string)
          ? (o.status as GradedCase["status"])
          : "error";
        post(j, i, {
          status,
          message: typeof o?.message === "string" ? o.message : undefined,
          hint: typeof o?.hint === "string" ? o.hint : undefined,
        });
        continue;
      }
      const table = new Tensors("judge");
      const remote = {
        call: (name: string, args: Enc[]): CallReply => {
          const left = Math.max(1, limit - (Date.now() - started));
          const r = request({ op: "call", job: j, case: i, name, args }, left + g.slackMs);
          if ("gone" in r) {
            alive = false;
            budgetGone ||= (r as Gone).budget === true;
            return r as Gone;
          }
          return r.reply as CallReply;
        },
      };
      // The case's fixtures may be a module's, kept for every submission: what the student's
      // functions did to the judge's arguments is undone when the case ends.
      const undo: (() => void)[] = [];
      let outcome: Awaited<ReturnType<typeof judgeCase>>;
      try {
        outcome = await judgeCase(c, libs.check, remoteImpl(shape, remote, w, table, undo), limit);
      } catch (err) {
        outcome = { name: c.name, points: c.points, status: "error", message: `评分出错：${String(err).slice(0, 500)}` };
      }
      undoAll(undo);
      disposeAll(table);
      if (outcome.gone) {
        strikes++;
        post(j, i, { status: outcome.gone.status, message: outcome.gone.reason });
      } else {
        if (outcome.status === "timeout") {
          // The judge gave up on a slow student: end that process so the next case starts clean.
          request({ op: "kill", status: "timeout", reason: "超时" }, 5_000);
          alive = false;
          strikes++;
        }
        post(j, i, { status: outcome.status, message: outcome.message, hint: outcome.hint });
      }
    }
  }
  if (alive) request({ op: "end" }, 5_000);
}

parentPort!.on("message", (m: GradeRequest) => {
  if (m?.t !== "grade") return;
  grade(m).then(
    () => parentPort!.postMessage({ t: "finished" }),
    (err: unknown) => parentPort!.postMessage({ t: "error", message: String(err instanceof Error ? err.stack : err).slice(0, 4000) }),
  );
});
