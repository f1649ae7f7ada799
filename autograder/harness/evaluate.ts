/**
 * The core the grading child process runs (and the in-process grader used by the autograder's own
 * tests): load the test suites of an exercise, load a compiled cell with a restricted `require`,
 * and run the cases one by one on the names it defined.
 */
import * as vm from "node:vm";
import type * as Check from "d2lzh/check";
import { Tier, disposeAll, implShape, judgeCase, remoteImpl, serveCall, tierOf, undoAll } from "./judge";
import { REACH } from "./reach";
import { Enc, Libs, Tensors } from "./wire";

/** What one exercise needs at run time: sent to the child in the init message. */
export interface ExerciseJob {
  readonly id: string;
  /** Names the cell must define. */
  readonly names: readonly string[];
  /** d2lzh exports hidden from the cell. */
  readonly forbid: readonly string[];
  /** The compiled cell (a function expression), or why there is none. */
  readonly cell: { readonly js: string } | { readonly error: string };
  /** The bundled hidden tests (CommonJS text), when graded with hidden tests. */
  readonly hiddenJs?: string;
}

export interface Libraries {
  readonly tf: typeof import("@tensorflow/tfjs");
  readonly d2l: typeof import("d2lzh");
  readonly check: typeof Check;
  /** The exercises package: catalogue and public suites. */
  readonly exercises: typeof import("d2lzh-exercises");
  /** Resolves the modules test bundles import (tfjs, d2lzh, d2lzh/…). */
  readonly require: (id: string) => unknown;
}

/** Evaluates CommonJS text (a bundled test file) and returns its exports. */
export function evaluateModule(js: string, filename: string, req: (id: string) => unknown): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const fn = vm.compileFunction(js, ["exports", "require", "module"], { filename });
  fn(module.exports, req, module);
  return module.exports;
}

/** The cases of an exercise in grading order: public first, then hidden. */
export function casesFor(
  job: Pick<ExerciseJob, "id" | "hiddenJs">,
  libs: Libraries,
): { visibility: "public" | "hidden"; c: Check.TestCase }[] {
  const out: { visibility: "public" | "hidden"; c: Check.TestCase }[] = [];
  const pub = libs.exercises.publicSuite(job.id);
  if (pub) for (const c of pub.cases) out.push({ visibility: "public", c });
  if (job.hiddenJs !== undefined) {
    const exports = evaluateModule(job.hiddenJs, `hidden-tests-${job.id}.js`, libs.require);
    const suite = exports.default as Check.Suite | undefined;
    if (!suite || !Array.isArray(suite.cases) || suite.id !== job.id)
      throw new Error(`hidden tests of ${job.id}: expected a default-exported suite for ${job.id}`);
    for (const c of suite.cases) out.push({ visibility: "hidden", c });
  }
  return out;
}

/** A frozen copy of a module namespace without some names. */
export function restrictedView<T extends object>(ns: T, drop: readonly string[]): T {
  const view: Record<string, unknown> = {};
  for (const key of Object.keys(ns)) if (!drop.includes(key)) view[key] = (ns as Record<string, unknown>)[key];
  return Object.freeze(view) as T;
}

/**
 * tfjs names a graded cell does not get: what changes the engine for everyone, and every door to
 * the engine, the backend (its memory holds every tensor of the process) and the kernel registry.
 */
export const TF_ADMIN = [
  "registerKernel",
  "unregisterKernel",
  "registerGradient",
  "unregisterGradient",
  "registerBackend",
  "removeBackend",
  "setBackend",
  "engine",
  "env",
  "ENV",
  "setPlatform",
  "copyRegisteredKernels",
  "enableProdMode",
  "enableDebugMode",
  "disposeVariables",
  "deprecationWarn",
  "disableDeprecationWarnings",
  "backend",
  "findBackend",
  "findBackendFactory",
  "getKernel",
  "getKernelsForBackend",
  "getGradient",
  "Environment",
  "profile",
  "setWasmPaths",
  "setThreadsCount",
  "getThreadsCount",
  "device_util",
  "kernel_impls",
  "io",
  "serialization",
  "browser",
];

/** Independent implementations of a cell's step, and drivers that run a model or step built above them. */
const STEP_EQUIVALENTS: readonly string[] = [
  "fusedLayer",
  "fusedSequence",
  "conciseModel",
  "loadScratchParams",
  "traceGates",
  "deep",
  "bidirectional",
  "predictRnn",
  "trainAndPredictRnn",
  "trainWithProgress",
];

/**
 * What gives a forbidden name's result without calling it, so the reach graph (reach.ts) cannot see
 * it: an independent implementation of the same computation (the fused cells, tf.layers cells
 * loaded with the scratch weights, the array samplers under the tensor ones, the n-gram model
 * under its probabilities). Every wrapper of a forbidden name, or of one of these, is derived
 * from the graph instead (`forbiddenNames`); forbid.test.ts walks what a cell is given and fails
 * on any forbidden function reachable from it.
 */
export const FORBID_EQUIVALENTS: Readonly<Record<string, readonly string[]>> = {
  rnnStep: [...STEP_EQUIVALENTS, "scan", "hiddenStateGrads"],
  gruStep: STEP_EQUIVALENTS,
  lstmStep: STEP_EQUIVALENTS,
  gruGates: ["traceGates"],
  lstmGates: ["traceGates"],
  gradClipping: ["gradNorms", "clippingScale"],
  globalNorm: ["gradNorms"],
  deep: ["fusedSequence", "conciseModel", "trainAndPredictRnn", "trainWithProgress"],
  bidirectional: ["fusedSequence", "conciseModel"],
  dataIterRandom: ["dataIterRandomArrays"],
  dataIterConsecutive: ["dataIterConsecutiveArrays"],
  dataIterRandomOffset: ["dataIterRandomOffsetArrays"],
  sentenceBatches: ["splitSentences"],
  conditionalProb: ["ngramModel", "nextTokenProbs", "ngramPerplexity"],
  sequenceProb: ["ngramModel", "ngramPerplexity"],
  countNgrams: ["ngramStats", "ngramModel", "zipfTable"],
};

/**
 * Every d2lzh name a cell forbidding `forbid` does not get: the names, their equivalents, and every
 * export that reaches any of them in the library's own code (reach.ts), to a fixed point.
 */
export function forbiddenNames(forbid: readonly string[]): string[] {
  const out = new Set<string>();
  const add = (name: string) => {
    if (out.has(name)) return;
    out.add(name);
    for (const e of FORBID_EQUIVALENTS[name] ?? []) add(e);
    for (const [other, reaches] of Object.entries(REACH)) if (reaches.includes(name)) add(other);
  };
  forbid.forEach(add);
  return [...out];
}

/** The modules a cell forbidding `forbid` imports: tfjs without TF_ADMIN, d2lzh without `forbiddenNames(forbid)`. */
export function cellModules(forbid: readonly string[], libs: Pick<Libraries, "tf" | "d2l">): Pick<Libraries, "tf" | "d2l"> {
  return { tf: restrictedView(libs.tf, TF_ADMIN), d2l: restrictedView(libs.d2l, forbiddenNames(forbid)) };
}

export type LoadedCell = { readonly impl: Record<string, unknown> } | { readonly error: string };

/**
 * Runs a compiled cell and collects the names it defines. A cell that throws, never settles within
 * `timeoutMs` or defines none of the names becomes an error message (in Chinese).
 */
export async function loadCell(job: ExerciseJob, libs: Libraries, timeoutMs: number): Promise<LoadedCell> {
  if ("error" in job.cell) return { error: job.cell.error };
  const { tf: tfView, d2l: d2lView } = cellModules(job.forbid, libs);
  const cellRequire = (id: string): unknown => {
    if (id === "@tensorflow/tfjs") return tfView;
    if (id === "d2lzh") return d2lView;
    throw new Error(`练习单元格只能导入 @tensorflow/tfjs 和 d2lzh，不能导入 ${String(id)}`);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const factory = vm.runInThisContext(job.cell.js, { filename: `练习 ${job.id} 的代码单元格` }) as (
      req: typeof cellRequire,
    ) => Promise<Record<string, unknown>>;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const result = await Promise.race([factory(cellRequire), timeout]);
    if (result === "timeout")
      return { error: `练习单元格运行超过 ${timeoutMs / 1000} 秒仍未结束：单元格里只应定义函数，不要运行耗时的实验` };
    const impl: Record<string, unknown> = {};
    for (const n of job.names) impl[n] = result[n];
    const missing = job.names.filter((n) => impl[n] === undefined);
    if (missing.length === job.names.length) {
      return { error: `练习单元格没有定义 ${missing.join("、")}（名字要和题目一致）` };
    }
    return { impl };
  } catch (err) {
    const explained = libs.check.explain(err).message;
    const forbidden = job.forbid.find((f) => /is not a function|undefined/.test(explained) && explained.includes(f));
    const hint = /ReferenceError/.test(explained)
      ? "（练习单元格要自成一体：只能使用 tf、d2l 和本单元格里定义的名字，不能用其他单元格里定义的变量）"
      : forbidden
        ? `（评分时 d2l.${forbidden} 不可用：这个练习要你自己实现它）`
        : "";
    return { error: `练习单元格运行出错：${explained.replace(/^运行出错：/, "")}${hint}` };
  } finally {
    clearTimeout(timer);
  }
}

/** An outcome as the grader records it. */
export interface GradedCase {
  readonly name: string;
  readonly points: number;
  readonly visibility: "public" | "hidden";
  readonly status: Check.CaseStatus | "crashed" | "not-run";
  readonly message?: string;
  readonly hint?: string;
}

/** The wire libraries (tf and the Rng class) of a set of libraries. */
export function wireLibs(libs: Libraries): Libs {
  return { tf: libs.tf, Rng: libs.d2l.Rng };
}

/**
 * Grades one exercise in this process (no isolation: for the autograder's own tests), through the
 * same judge as the grader: the case code runs against the cell's functions over the wire format
 * (a JSON round trip both ways), except the cases whose tier is "student".
 */
export async function gradeInProcess(
  job: ExerciseJob,
  libs: Libraries,
  options: {
    loadTimeoutMs?: number;
    startAt?: number;
    onCase?: (index: number, outcome: GradedCase) => void;
    tier?: (name: string) => Tier;
  } = {},
): Promise<GradedCase[]> {
  const cases = casesFor(job, libs);
  const loaded = await loadCell(job, libs, options.loadTimeoutMs ?? 10_000);
  const w = wireLibs(libs);
  const out: GradedCase[] = [];
  for (let i = options.startAt ?? 0; i < cases.length; i++) {
    const { visibility, c } = cases[i];
    let outcome: GradedCase;
    if ("error" in loaded) {
      outcome = { name: c.name, points: c.points, visibility, status: "error", message: loaded.error };
    } else {
      const missing = job.names.filter((n) => loaded.impl[n] === undefined);
      const tier = (options.tier ?? ((name: string) => tierOf(job.id, name)))(c.name);
      let r: Check.CaseOutcome;
      if (tier === "student") {
        r = await libs.check.runCase(c, loaded.impl);
      } else {
        const studentTable = new Tensors("student");
        const judgeTable = new Tensors("judge");
        const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
        const remote = {
          call: (name: string, args: Enc[]) => {
            const reply = serveCall(loaded.impl, name, wire(args), w, studentTable);
            return reply instanceof Promise ? reply.then(wire) : wire(reply);
          },
        };
        const undo: (() => void)[] = [];
        const impl = remoteImpl(wire(implShape(loaded.impl, job.names, w)), remote, w, judgeTable, undo);
        r = await judgeCase(c, libs.check, impl, c.timeoutMs);
        undoAll(undo); // as the judge thread does: the test's fixtures are the same for every variant
        disposeAll(judgeTable);
      }
      const note = missing.length > 0 && r.status !== "passed" ? `\n（练习单元格没有定义 ${missing.join("、")}）` : "";
      outcome = {
        name: r.name,
        points: r.points,
        status: r.status,
        hint: r.hint,
        message: r.message === undefined ? undefined : r.message + note,
        visibility,
      };
    }
    out.push(outcome);
    options.onCase?.(i, outcome);
  }
  return out;
}
