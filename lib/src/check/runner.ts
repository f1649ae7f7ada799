/**
 * Runs test cases against an implementation and classifies each outcome. Used by `check` in the
 * notebook and by the autograder's child process (which adds its own time limit and signing; a
 * child never trusts what student code prints).
 */
import { CheckFailure, describe } from "./assert";
import { TestCase } from "./suite";

/** passed: the case returned normally; failed: an assertion said no; error: something else was thrown. */
export type CaseStatus = "passed" | "failed" | "error" | "timeout";

export interface CaseOutcome {
  readonly name: string;
  readonly points: number;
  readonly status: CaseStatus;
  /** What went wrong, in Chinese (absent when passed). */
  readonly message?: string;
  readonly hint?: string;
}

/** Runs one case. Never throws: whatever the implementation does becomes an outcome. */
export async function runCase<I>(c: TestCase<I>, impl: I, timeoutMs = c.timeoutMs): Promise<CaseOutcome> {
  const base = { name: c.name, points: c.points };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const finished = await Promise.race([
      Promise.resolve()
        .then(() => c.run(impl))
        .then(() => "done" as const),
      timeout,
    ]);
    if (finished === "timeout") {
      return { ...base, status: "timeout", message: `超过时间限制 ${timeoutMs / 1000} 秒仍未完成（死循环，或者计算量过大？）` };
    }
    return { ...base, status: "passed" };
  } catch (err) {
    return { ...base, ...explain(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** Turns anything thrown into a status and a Chinese message, without trusting the thrown value. */
export function explain(err: unknown): { status: "failed" | "error"; message: string; hint?: string } {
  try {
    return classify(err);
  } catch {
    return { status: "error", message: "运行出错（抛出的值无法读取）" };
  }
}

function classify(err: unknown): { status: "failed" | "error"; message: string; hint?: string } {
  if (err instanceof CheckFailure) {
    return { status: "failed", message: safeString(err.message), hint: err.hint === undefined ? undefined : safeString(err.hint) };
  }
  if (err instanceof Error) {
    let text: string;
    try {
      const name = safeString(err.name);
      const message = safeString(err.message);
      text = /尚未完成/.test(message) ? message : `运行出错：${name}: ${message}`;
    } catch {
      text = "运行出错（错误对象无法读取）";
    }
    return { status: "error", message: text };
  }
  return { status: "error", message: `运行时抛出了一个不是 Error 的值（${describeSafely(err)}）：请用 throw new Error("…") 报告错误` };
}

function safeString(value: unknown): string {
  const s = typeof value === "string" ? value : describeSafely(value);
  return s.length > 2000 ? `${s.slice(0, 2000)}…` : s;
}

function describeSafely(value: unknown): string {
  try {
    return describe(value);
  } catch {
    return "无法描述的值";
  }
}

/** Points of the passed cases. */
export function score(outcomes: readonly CaseOutcome[]): number {
  return outcomes.reduce((sum, o) => sum + (o.status === "passed" ? o.points : 0), 0);
}
