/**
 * Grading a class: `npm run grade -- <notebooks or folders> --out <dir> [options]`.
 *
 * Each submission (a notebook, a student's folder, or every entry of a class folder) is parsed,
 * its marked exercise cells are compiled and run against the exercise tests in an isolated child
 * process (harness/sandbox.ts), and its result is written as soon as it is done; a rerun skips the
 * students whose notebooks and tests have not changed. At the end the class files are (re)written
 * from all results. See autograder/README.md for the options and the files.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { codeExercises, findExercise, idOrder, writtenExercises } from "./catalogue";
import { ROOT } from "./cells";
import { jobFor, hiddenBundle } from "./jobs";
import { CompilerFailure } from "./harness/compile";
import { casesFor, ExerciseJob, GradedCase, Libraries } from "./harness/evaluate";
import { exercisesDir, loadLibraries } from "./harness/libraries";
import { tierOf } from "./harness/judge";
import { closeJudges, describeIsolation, PlannedCase, runSubmission, SandboxOptions } from "./harness/sandbox";
import {
  bundledSignatures,
  cachedSignatures,
  computeSignatures,
  misconceptionFor,
  misconceptionsHtml,
  misconceptionsMarkdown,
  signaturesKey,
  Signatures,
} from "./misconceptions";
import { ANSWER_PLACEHOLDER } from "./notebook-cells";
import { extractCells, findSubmissions, InputError, Layout, Submission } from "./notebook";
import { checkOutputFolder, openOutputFolder, OutputError, writeFileAtomic } from "../scripts/lib/output";
import {
  canvasCsv,
  LATE_POLICY_FORMAT,
  lateNote,
  LatePenalty,
  latePenalty,
  LatePolicy,
  parseLatePolicy,
  prairielearnResults,
  readRoster,
  RosterRow,
} from "./engines";
import {
  classroomResult,
  clean,
  ExerciseResult,
  feedbackHtml,
  feedbackMarkdown,
  gradebookCsv,
  gradescopeResults,
  GradescopeOptions,
  inertId,
  manualTemplate,
  ManualScores,
  readManualScores,
  StudentResult,
  WrittenAnswer,
  writtenAnswersMarkdown,
} from "./reports";

export interface GradeOptions {
  /** Notebooks, student folders or class folders. */
  readonly paths: readonly string[];
  /** Output folder. */
  readonly out: string;
  /** Submissions graded at once (each uses one child process). Default: min(2, CPUs). */
  readonly jobs?: number;
  /** Grade with the hidden tests (default) or the public ones only (GitHub Classroom, self-check). */
  readonly hidden?: boolean;
  /** Regrade even the students whose result is up to date. */
  readonly force?: boolean;
  /** A manual-scores CSV to merge into the gradebook. */
  readonly manual?: string;
  /** Print progress (a bar on a terminal, lines otherwise). Default true. */
  readonly progress?: boolean;
  readonly heapMb?: number;
  readonly rssMb?: number;
  readonly loadTimeoutMs?: number;
  /** Upper bound on each test case's own time limit, ms (default 120 s; most cases allow 10 s, training cases 120 s). */
  readonly caseTimeoutMs?: number;
  /** Extra time the parent gives a child beyond a limit before killing it, ms (default 2 s). */
  readonly slackMs?: number;
  /** Use network/PID namespaces when the OS allows (default true). */
  readonly namespaces?: boolean;
  /** Each path is one submission, whatever its layout (Gradescope, GitHub Classroom); same as layout "student". */
  readonly single?: boolean;
  /** How folders are read (default "auto": see findSubmissions). */
  readonly layout?: Layout;
  /** Only these exercise ids (default: every exercise with tests). */
  readonly only?: readonly string[];
  /** Wall-clock limit for one submission, ms (default 5 min; Gradescope allows 10). */
  readonly submissionMs?: number;
  /** Gradescope: when students see the hidden cases (default after_published). */
  readonly hiddenVisibility?: "after_published" | "after_due_date";
  /** Gradescope: a late policy (engines.ts), applied with `submissionMetadata`. */
  readonly latePolicy?: LatePolicy;
  /** Gradescope's submission_metadata.json (its created_at and due dates). */
  readonly submissionMetadata?: string;
  /** Also write this submission's Gradescope results.json here, from the start and after each exercise. */
  readonly gradescopeResults?: string;
  /** Also write this submission's PrairieLearn results.json here, from the start and after each exercise. */
  readonly prairielearnResults?: string;
  /** A Canvas roster CSV: the class files then include canvas.csv (engines.ts canvasCsv). */
  readonly roster?: string;
}

export interface ClassSummary {
  readonly graded: number;
  readonly skipped: number;
  readonly results: StudentResult[];
  readonly seconds: number;
  readonly problems: string[];
  readonly isolation: string;
}

/** Bundles the student-process script into `dir` (one file; libraries are required from the workbook). */
export function buildChild(dir: string): string {
  return bundle(dir, "child");
}

/** Bundles the judge thread's script into `dir`. */
export function buildJudge(dir: string): string {
  return bundle(dir, "judge-worker");
}

function bundle(dir: string, name: string): string {
  const file = path.join(dir, `${name}.js`);
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, "harness", `${name}.ts`)],
    bundle: true,
    outfile: file,
    format: "cjs",
    platform: "node",
    target: "node20",
    logLevel: "silent",
    loader: { ".json": "json" },
  });
  return file;
}

interface Plan {
  readonly ids: string[];
  readonly cases: PlannedCase[][];
  readonly fingerprint: string;
  /** The known-wrong variants' signatures (misconceptions.ts), per exercise. */
  readonly signatures?: Signatures;
}

/** The exercises to grade, their cases (from the parent's own copy of the suites) and a fingerprint of the tests. */
function makePlan(libs: Libraries, hidden: boolean, only: readonly string[] | undefined, childJs: string, judgeJs = ""): Plan {
  const ids = codeExercises()
    .map((e) => e.id)
    .filter((id) => libs.exercises.publicSuite(id) !== undefined && (only === undefined || only.includes(id)))
    .sort(idOrder);
  const hash = crypto.createHash("sha256");
  // Everything that can change a grade: the student-process and judge code, the cell compiler,
  // d2lzh with its test framework (lib/dist, d2lzh/check included), the exercises package and the
  // case tiers.
  hash.update(childJs).update(judgeJs);
  hash.update(fs.readFileSync(path.join(__dirname, "harness", "compile.ts")));
  hashTree(hash, path.join(ROOT, "lib", "dist"));
  hashTree(hash, path.join(exercisesDir(ROOT), "dist"));
  hash.update(fs.readFileSync(path.join(__dirname, "harness", "tiers.json")));
  const cases = ids.map((id) => {
    const job = { id, hiddenJs: hidden ? hiddenBundle(id) : undefined };
    hash.update(`${id}\n${job.hiddenJs ?? ""}\n${JSON.stringify(findExercise(id))}`);
    return casesFor(job, libs).map(({ visibility, c }) => {
      const tier = tierOf(id, c.name);
      hash.update(`${c.name}|${c.points}|${tier}|${c.run.toString()}`);
      return { name: c.name, points: c.points, visibility, timeoutMs: c.timeoutMs, tier };
    });
  });
  return { ids, cases, fingerprint: hash.digest("hex") };
}

function submissionFingerprint(sub: Submission, plan: Plan): string {
  const hash = crypto.createHash("sha256").update(plan.fingerprint);
  for (const f of sub.files) hash.update(`${path.basename(f)}\n`).update(fs.readFileSync(f));
  return hash.digest("hex");
}

/** Writes a file atomically (temporary file, then rename), so a killed run leaves no half file. */
export const writeAtomic: (file: string, text: string) => void = writeFileAtomic;

/** The grading folder: new, empty or an earlier output of npm run grade (which is resumed). */
const OUTPUT = { command: "grade", flag: "--out" } as const;

/** A student folder name that is safe on disk. */
export function safeName(student: string): string {
  return student.replace(/[^\p{L}\p{N}._-]+/gu, "_").slice(0, 100) || "_";
}

function writtenAnswerText(source: string): string | null {
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  const body = (/^\*\*练习 /.test(lines[0] ?? "") ? lines.slice(1) : lines)
    .join("\n")
    .trim()
    .replace(/^答[：:]\s*/, "")
    .trim();
  return body === "" || body === ANSWER_PLACEHOLDER ? null : body;
}

async function gradeOne(
  sub: Submission,
  plan: Plan,
  sandbox: SandboxOptions,
  hidden: boolean,
  fingerprint: string,
  partial?: (r: StudentResult) => void,
): Promise<StudentResult> {
  const started = Date.now();
  const cells = extractCells(sub);
  const jobs: ExerciseJob[] = [];
  for (const id of plan.ids) {
    const found = cells.code.get(id);
    jobs.push(
      await jobFor(id, found?.source, {
        hidden,
        missingReason: `没有找到练习 ${id} 的代码单元格（是否被删除了？单元格的首行应为 // 练习 ${id}）`,
      }),
    );
  }
  const written: WrittenAnswer[] = writtenExercises()
    .sort((a, b) => idOrder(a.id, b.id))
    .map((e) => {
      const found = cells.written.get(e.id);
      return {
        id: e.id,
        title: e.title,
        question: e.question,
        maxPoints: e.written!.points,
        answer: found ? capText(writtenAnswerText(clean(found.source))) : null,
        cell: found ? `${found.notebook} 第 ${found.index + 1} 个单元格` : null,
      };
    });
  const assemble = (byJob: readonly (readonly (GradedCase | undefined)[])[], notes: readonly string[], children: number): StudentResult => {
    const exercises: ExerciseResult[] = plan.ids.map((id, j) => {
      const found = cells.code.get(id);
      const cases: GradedCase[] = plan.cases[j].map((p, i) => {
        const c = byJob[j]?.[i] ?? {
          name: p.name,
          points: p.points,
          visibility: p.visibility,
          status: "not-run" as const,
          message: "尚未评分（评分仍在进行，或者被中断了）",
        };
        // Messages may quote student text: inert and bounded in every output, result.json included.
        return {
          ...c,
          message: c.message === undefined ? undefined : clean(c.message.slice(0, 4000)),
          hint: c.hint === undefined ? undefined : clean(c.hint.slice(0, 2000)),
        };
      });
      const misconception = misconceptionFor(id, cases, plan.signatures);
      return {
        id,
        title: findExercise(id)!.title,
        score: cases.reduce((s, c) => s + (c.status === "passed" ? c.points : 0), 0),
        maxScore: plan.cases[j].reduce((s, c) => s + c.points, 0),
        cell: found ? `${found.notebook} 第 ${found.index + 1} 个单元格` : null,
        cases,
        ...(misconception ? { misconception } : {}),
      };
    });
    return {
      student: sub.student,
      files: sub.files.map((f) => path.basename(f)),
      fingerprint,
      score: exercises.reduce((s, e) => s + e.score, 0),
      maxScore: exercises.reduce((s, e) => s + e.maxScore, 0),
      exercises,
      written,
      problems: cells.problems.slice(0, 50).map((p) => clean(p.slice(0, 2000))),
      notes: dedupe([...cells.notes, ...notes])
        .slice(0, 50)
        .map((n) => clean(n.slice(0, 2000)))
        .concat(children > 1 ? [`评分进程重启了 ${children - 1} 次（超时、崩溃或内存超限之后）`] : []),
      seconds: (Date.now() - started) / 1000,
      children,
    };
  };
  const sofar: GradedCase[][] = plan.cases.map(() => []);
  const run = await runSubmission(jobs, plan.cases, sandbox, (j, i, c) => {
    sofar[j][i] = c;
    // An exercise is finished: write what is known, so a killed run still gives the student every finished exercise.
    if (partial && plan.cases[j].every((_, k) => sofar[j][k] !== undefined)) partial(assemble(sofar, [], 1));
  });
  return assemble(run.cases, run.notes, run.children);
}

/** Student text kept in results: at most 100,000 characters (a written answer, a note). */
function capText(s: string | null): string | null {
  return s === null || s.length <= 100_000 ? s : `${s.slice(0, 100_000)}…（已截断）`;
}

/** Repeated notes once, with a count. */
function dedupe(notes: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const n of notes) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([n, k]) => (k > 1 ? `${n}（共 ${k} 次）` : n));
}

/** At most this many bytes per student file (feedback, results): a submission cannot flood the output. */
export const MAX_STUDENT_FILE_BYTES = 1024 * 1024;

function capped(text: string, kind: "md" | "html" | "json"): string {
  if (Buffer.byteLength(text) <= MAX_STUDENT_FILE_BYTES) return text;
  const note = "（反馈太长，已截断到 1 MB）";
  if (kind === "json") throw new Error("student file over 1 MB");
  const cut = Buffer.from(text)
    .subarray(0, MAX_STUDENT_FILE_BYTES - 200)
    .toString("utf8")
    .replace(/\uFFFD+$/, "");
  return kind === "html" ? `${cut.replace(/<[^>]*$/, "")}<p>${note}</p></body></html>\n` : `${cut}\n\n${note}\n`;
}

/** The JSON of a student file, shortened (messages first) until it fits in 1 MB. */
function cappedJson(r: StudentResult, make: (r: StudentResult) => unknown): string {
  let current = r;
  for (let limit = 2000; ; limit = Math.floor(limit / 4)) {
    const text = JSON.stringify(make(current), null, 2) + "\n";
    if (Buffer.byteLength(text) <= MAX_STUDENT_FILE_BYTES || limit < 10) return text;
    const cut = (s: string | undefined) => (s === undefined || s.length <= limit ? s : `${s.slice(0, limit)}…`);
    current = {
      ...current,
      notes: current.notes.slice(0, 20).map((n) => cut(n)!),
      problems: current.problems.slice(0, 20).map((n) => cut(n)!),
      written: current.written.map((w) => ({ ...w, answer: w.answer === null ? null : cut(w.answer)! })),
      exercises: current.exercises.map((e) => ({
        ...e,
        cases: e.cases.map((c) => ({ ...c, message: cut(c.message), hint: cut(c.hint) })),
      })),
    };
  }
}

function writeStudent(out: string, folder: string, r: StudentResult, done = true, gs: GradescopeOptions = {}): void {
  const dir = path.join(out, "students", folder);
  writeAtomic(path.join(dir, "feedback.md"), capped(feedbackMarkdown(r), "md"));
  writeAtomic(path.join(dir, "feedback.html"), capped(feedbackHtml(r), "html"));
  writeAtomic(
    path.join(dir, "results.json"),
    cappedJson(r, (x) => gradescopeResults(x, gs)),
  );
  writeAtomic(path.join(dir, "classroom.json"), cappedJson(r, classroomResult));
  if (done)
    writeAtomic(
      path.join(dir, "result.json"),
      cappedJson(r, (x) => x),
    ); // last: marks the student as done
}

/** A folder under students/ and the id its result.json names (undefined: none yet, or unreadable). */
export interface StoredFolder {
  readonly folder: string;
  readonly student?: string;
}

/**
 * Distinct output folders for the students, stable across runs: a student keeps the folder whose
 * result.json names them (the one named after them, else the first in `existing`); the others get their safe name, or -2, -3, …
 * with a warning when that name is taken, letter case aside (case-insensitive file systems), by a
 * student of this run or by any folder already there. A folder with no readable result (a killed
 * run's) goes only to the student whose safe name it is.
 */
export function studentFolders(
  students: readonly string[],
  existing: readonly StoredFolder[] = [],
): { folders: string[]; warnings: string[] } {
  const owned = new Map<string, string>();
  for (const e of existing) if (e.student !== undefined && e.folder === safeName(e.student)) owned.set(e.student, e.folder);
  for (const e of existing) if (e.student !== undefined && !owned.has(e.student)) owned.set(e.student, e.folder);
  const onDisk = new Set(existing.map((e) => e.folder.toLowerCase()));
  const unowned = new Set(existing.filter((e) => e.student === undefined).map((e) => e.folder));
  const used = new Map<string, string>();
  const kept = students.map((student) => owned.get(student));
  kept.forEach((folder, k) => folder !== undefined && used.set(folder.toLowerCase(), students[k]));
  const warnings: string[] = [];
  const folders = students.map((student, k) => {
    const base = safeName(student);
    const keep = kept[k];
    if (keep !== undefined) {
      if (keep !== base) warnings.push(`学生编号 ${JSON.stringify(student)} 的结果仍写在之前的文件夹 students/${keep}/`);
      return keep;
    }
    const free = (name: string) =>
      !used.has(name.toLowerCase()) && (!onDisk.has(name.toLowerCase()) || (name === base && unowned.has(name)));
    let name = base;
    for (let n = 2; !free(name); n++) name = `${base}-${n}`;
    if (name !== base) {
      const other = used.get(base.toLowerCase());
      warnings.push(
        other === undefined
          ? `学生编号 ${JSON.stringify(student)} 写成文件夹名后与已有的文件夹 students/${base}/ 相同：结果写在 students/${name}/`
          : `学生编号 ${JSON.stringify(student)} 与 ${JSON.stringify(other)} 写成文件夹名后相同：结果写在 students/${name}/`,
      );
    }
    used.set(name.toLowerCase(), student);
    return name;
  });
  return { folders, warnings };
}

/** Removes grading folders left in the temporary folder by runs whose process is gone. */
export function sweepStaleWork(tmp = os.tmpdir()): number {
  let removed = 0;
  for (const entry of fs.existsSync(tmp) ? fs.readdirSync(tmp) : []) {
    const m = /^d2l-grader-(\d+)-/.exec(entry);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (err) {
      alive = (err as NodeJS.ErrnoException).code === "EPERM";
    }
    if (alive) continue;
    try {
      const full = path.join(tmp, entry);
      if (fs.lstatSync(full).isDirectory()) {
        fs.rmSync(full, { recursive: true, force: true });
        removed++;
      }
    } catch {
      // not ours to remove after all
    }
  }
  return removed;
}

/** A hash of every file under `dir` (the libraries a grade depends on). */
function hashTree(hash: crypto.Hash, dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hashTree(hash, full);
    else if (entry.isFile() && /\.(js|json|wasm)$/.test(entry.name)) hash.update(`${full}\n`).update(fs.readFileSync(full));
  }
}

/** The folders under students/ with their results: the newest result.json first, then folders without one. */
function storedFolders(out: string): { folder: string; result?: StudentResult; warning?: string }[] {
  const dir = path.join(out, "students");
  if (!fs.existsSync(dir)) return [];
  const entries = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const file = path.join(dir, d.name, "result.json");
      if (!fs.existsSync(file)) return { folder: d.name, time: -Infinity };
      try {
        const result = JSON.parse(fs.readFileSync(file, "utf8")) as StudentResult;
        if (typeof result?.student !== "string") throw new Error("no student id");
        return { folder: d.name, result, time: fs.statSync(file).mtimeMs };
      } catch (err) {
        const why = (err as Error).message.slice(0, 200);
        return {
          folder: d.name,
          time: -Infinity,
          warning: `students/${d.name}/result.json 无法读取（${why}）：不计入班级文件`,
        };
      }
    });
  return entries.sort((a, b) => b.time - a.time || (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}

/** Every student's stored result (students/<folder>/result.json) in a grading folder, one per id. */
export function readStored(out: string): StudentResult[] {
  return storedResults(out).results;
}

/**
 * One stored result per student id, with warnings. A student of this run (`current`: id → folder)
 * is read from their folder, any other student from the folder named after them, else their newest
 * result.json; any other result.json for the same id (a folder an earlier run gave
 * them) is left out, so it never makes a second row. A student not in this run keeps their
 * result, as a gradebook keeps a student until the instructor removes them; a warning names them.
 */
function storedResults(out: string, current?: ReadonlyMap<string, string>): { results: StudentResult[]; warnings: string[] } {
  const warnings: string[] = [];
  const chosen = new Map<string, { folder: string; result: StudentResult }>();
  const entries = storedFolders(out);
  for (const e of entries) if (e.warning !== undefined) warnings.push(e.warning);
  const found = entries.filter((e) => e.result !== undefined) as { folder: string; result: StudentResult }[];
  for (const e of found) if (current?.get(e.result.student) === e.folder) chosen.set(e.result.student, e);
  for (const e of found) if (!chosen.has(e.result.student) && e.folder === safeName(e.result.student)) chosen.set(e.result.student, e);
  for (const e of found) if (!chosen.has(e.result.student)) chosen.set(e.result.student, e);
  for (const e of found) {
    const kept = chosen.get(e.result.student)!;
    if (kept !== e)
      warnings.push(
        `students/${e.folder}/result.json：学生编号 ${JSON.stringify(e.result.student)} 的结果取自 students/${kept.folder}/，这份较早的结果不计入班级文件`,
      );
  }
  const absent = current === undefined ? [] : [...chosen.keys()].filter((id) => !current.has(id)).sort();
  if (absent.length > 0)
    warnings.push(
      `students/ 中有 ${absent.length} 名学生不在这次提交的作业里，班级文件保留他们之前的结果：${absent
        .slice(0, 20)
        .map((id) => JSON.stringify(id))
        .join("、")}${absent.length > 20 ? "……" : ""}`,
    );
  return { results: [...chosen.values()].map((e) => e.result), warnings };
}

/** Writes the class files from every stored result (and merges manual scores; with a roster, canvas.csv too). */
export function writeClassFiles(
  out: string,
  manualFile?: string,
  roster?: readonly RosterRow[],
  current?: ReadonlyMap<string, string>,
): { results: StudentResult[]; errors: string[] } {
  const { results, warnings } = storedResults(out, current);
  const maxById = new Map(writtenExercises().map((e) => [e.id, e.written!.points]));
  const manualPath = path.join(out, "manual-scores.csv");
  let manual: ManualScores = new Map();
  const errors: string[] = [...warnings];
  if (manualFile !== undefined) {
    const read = readManualScores(fs.readFileSync(manualFile, "utf8"), maxById);
    manual = read.scores;
    errors.push(...read.errors);
  } else if (fs.existsSync(manualPath)) {
    const read = readManualScores(fs.readFileSync(manualPath, "utf8"), maxById);
    manual = read.scores;
    errors.push(...read.errors);
  }
  writeAtomic(path.join(out, "gradebook.csv"), gradebookCsv(results, manual));
  if (roster !== undefined) {
    const canvas = canvasCsv(results, manual, roster);
    writeAtomic(path.join(out, "canvas.csv"), canvas.csv);
    if (canvas.unmatched.length > 0)
      errors.push(
        `canvas.csv: ${canvas.unmatched.length} graded student(s) not on the roster: ${canvas.unmatched.map(inertId).join(", ")}`,
      );
    errors.push(...canvas.conflicts.map((c) => `canvas.csv: ${c}`));
  }
  const template = path.join(out, "manual-scores.template.csv");
  writeAtomic(template, manualTemplate([...results].sort((a, b) => a.student.localeCompare(b.student))));
  if (!fs.existsSync(manualPath)) fs.copyFileSync(template, manualPath); // never overwrite the instructor's edits
  for (const e of writtenExercises()) writeAtomic(path.join(out, "written", `${e.id}.md`), writtenAnswersMarkdown(e.id, results));
  const byName = [...results].sort((a, b) => a.student.localeCompare(b.student));
  writeAtomic(path.join(out, "misconceptions.md"), misconceptionsMarkdown(byName));
  writeAtomic(path.join(out, "misconceptions.html"), misconceptionsHtml(byName));
  return { results, errors };
}

class Progress {
  private done = 0;
  private skipped = 0;
  private readonly started = Date.now();
  private readonly tty = process.stderr.isTTY === true;
  constructor(
    private readonly total: number,
    private readonly enabled: boolean,
  ) {}
  tick(r: StudentResult | undefined, skipped: boolean): void {
    this.done++;
    if (skipped) this.skipped++;
    if (!this.enabled) return;
    const elapsed = (Date.now() - this.started) / 1000;
    if (this.tty) {
      const width = 30;
      const filled = Math.round((this.done / Math.max(this.total, 1)) * width);
      process.stderr.write(
        `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${this.done}/${this.total}  跳过 ${this.skipped}  ${elapsed.toFixed(0)} s`,
      );
      if (this.done === this.total) process.stderr.write("\n");
    } else if (r) {
      console.log(
        `${skipped ? "skipped (up to date)" : "graded"} ${inertId(r.student)}: ${r.score}/${r.maxScore}${skipped ? "" : ` (${r.seconds.toFixed(1)} s)`}  [${this.done}/${this.total}]`,
      );
    }
  }
}

/** Grades every submission under `options.paths` into `options.out`. */
export async function gradeClass(options: GradeOptions): Promise<ClassSummary> {
  const started = Date.now();
  const hidden = options.hidden ?? true;
  // Every refusal comes before anything is written.
  const { submissions, problems } = findSubmissions(options.paths, { single: options.single, layout: options.layout });
  if (options.manual !== undefined && !fs.existsSync(options.manual))
    throw new InputError(`grade: --manual ${options.manual}: expected a CSV file, got no such file`);
  for (const p of options.paths) {
    const rel = path.relative(path.resolve(p), path.resolve(options.out));
    if (fs.statSync(p).isDirectory() && !rel.startsWith("..") && !path.isAbsolute(rel)) {
      throw new InputError(
        `grade: --out ${options.out}: expected a folder outside the submissions, got one inside ${p} (it would be graded as a student next time)`,
      );
    }
  }
  const roster = options.roster === undefined ? undefined : loadRoster(options.roster);
  const engineFiles = [options.gradescopeResults, options.prairielearnResults].filter((f) => f !== undefined);
  if ((engineFiles.length > 0 || options.submissionMetadata !== undefined) && submissions.length !== 1)
    throw new InputError(
      `grade: --gradescope-results, --prairielearn-results and --submission-metadata: expected exactly one submission (--single), got ${submissions.length}`,
    );
  if (options.latePolicy !== undefined && options.submissionMetadata === undefined)
    throw new InputError("grade: --late-policy: expected --submission-metadata FILE too (the submission time and due date), got none");
  const late = lateOf(options);
  const gs: GradescopeOptions = { hiddenVisibility: options.hiddenVisibility, late: late.penalty };
  const withLate = (r: StudentResult): StudentResult => (late.note ? { ...r, notes: [...r.notes, late.note(r.score)] } : r);
  const writeEngines = (r: StudentResult) => {
    if (options.gradescopeResults)
      writeAtomic(
        options.gradescopeResults,
        cappedJson(r, (x) => gradescopeResults(x, gs)),
      );
    if (options.prairielearnResults) writeAtomic(options.prairielearnResults, cappedJson(r, prairielearnResults));
  };
  const out = openOutputFolder(options.out, OUTPUT).dir;
  // Before anything runs: if the engine stops the run, what it finds says so.
  if (options.gradescopeResults)
    writeAtomic(
      options.gradescopeResults,
      JSON.stringify({ score: 0, output: UNFINISHED, visibility: "visible", tests: [] }, null, 2) + "\n",
    );
  if (options.prairielearnResults)
    writeAtomic(
      options.prairielearnResults,
      JSON.stringify({ gradable: true, succeeded: false, score: 0, message: UNFINISHED, tests: [] }, null, 2) + "\n",
    );
  const { folders, warnings } = studentFolders(
    submissions.map((s) => s.student),
    storedFolders(out).map((e) => ({ folder: e.folder, student: e.result?.student })),
  );
  problems.push(...warnings);
  const folderOf = new Map(submissions.map((s, k) => [s, folders[k]]));
  sweepStaleWork();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `d2l-grader-${process.pid}-`));
  fs.chmodSync(work, 0o755); // the student's process may run as another user (Gradescope)
  const cleanup = () => fs.rmSync(work, { recursive: true, force: true });
  process.once("exit", cleanup);
  try {
    const childScript = buildChild(work);
    const judgeScript = buildJudge(work);
    const libs = await loadLibraries(ROOT);
    const tests = makePlan(libs, hidden, options.only, fs.readFileSync(childScript, "utf8"), fs.readFileSync(judgeScript, "utf8"));
    // The known-wrong variants graded once (or read back from this folder, or shipped in a grader
    // bundle that has no variants): see misconceptions.ts.
    const bundled = bundledSignatures(hidden, tests.ids);
    const key = bundled?.key ?? signaturesKey(tests.fingerprint, tests.ids, hidden);
    const signatures =
      bundled?.signatures ?? (await cachedSignatures(out, key, () => computeSignatures(libs, tests.ids, hidden), writeAtomic));
    const plan: Plan = {
      ...tests,
      fingerprint: crypto.createHash("sha256").update(tests.fingerprint).update(key).digest("hex"),
      signatures,
    };
    // The data the library reads (its own workbook's data/, wherever the installed d2lzh lives) and D2L_DATA_DIR.
    const dataDirs = [
      path.join(ROOT, "data"),
      path.join(libs.d2l.workbookRoot(), "data"),
      ...(process.env.D2L_DATA_DIR ? [process.env.D2L_DATA_DIR] : []),
    ];
    const sandbox: SandboxOptions = {
      root: ROOT,
      childScript,
      judgeScript,
      submissionMs: options.submissionMs ?? 300_000,
      heapMb: options.heapMb ?? 384,
      rssMb: options.rssMb ?? 512,
      loadTimeoutMs: options.loadTimeoutMs ?? 10_000,
      caseTimeoutCapMs: options.caseTimeoutMs ?? 120_000,
      slackMs: options.slackMs ?? 2_000,
      readable: dataDirs.filter((d) => fs.existsSync(d)),
      namespaces: options.namespaces ?? true,
    };
    const progress = new Progress(submissions.length, options.progress ?? true);
    const queue = submissions.slice();
    let graded = 0;
    let skipped = 0;
    const worker = async () => {
      for (let sub = queue.shift(); sub !== undefined; sub = queue.shift()) {
        const fingerprint = submissionFingerprint(sub, plan);
        const folder = folderOf.get(sub)!;
        const stored = path.join(out, "students", folder, "result.json");
        if (!options.force && fs.existsSync(stored)) {
          const previous = JSON.parse(fs.readFileSync(stored, "utf8")) as StudentResult;
          // The same notebooks under another id (a renamed folder) are graded again under the new one.
          if (previous.fingerprint === fingerprint && previous.student === sub.student) {
            skipped++;
            writeEngines(previous);
            progress.tick(previous, true);
            continue;
          }
        }
        let graded1: StudentResult;
        try {
          graded1 = await gradeOne(sub, plan, sandbox, hidden, fingerprint, (partial) => {
            writeStudent(out, folder, withLate(partial), false, gs);
            writeEngines(withLate(partial));
          });
        } catch (err) {
          // The grader failed, not the student: no result.json, so the next run grades them again.
          if (!(err instanceof CompilerFailure)) throw err;
          problems.push(`${sub.student}: 评分内部错误（${err.message}），没有保存结果；再运行一次 npm run grade 会重新评分`);
          continue;
        }
        const result = withLate(graded1);
        writeStudent(out, folder, result, true, gs);
        writeEngines(result);
        graded++;
        progress.tick(result, false);
      }
    };
    const parallel = Math.max(1, options.jobs ?? Math.min(2, os.cpus().length));
    await Promise.all(Array.from({ length: Math.min(parallel, Math.max(queue.length, 1)) }, worker));
    const { results, errors } = writeClassFiles(
      out,
      options.manual,
      roster,
      submissions.length > 0 ? new Map(submissions.map((s) => [s.student, folderOf.get(s)!])) : undefined,
    );
    problems.push(...errors);
    return { graded, skipped, results, seconds: (Date.now() - started) / 1000, problems, isolation: describeIsolation(sandbox) };
  } finally {
    await closeJudges();
    process.off("exit", cleanup);
    cleanup();
  }
}

/** What an engine finds if it stops the run before the first exercise is graded. */
const UNFINISHED = "评分开始了但没有完成（超时或评分出错）：请联系老师。";

/** A roster file read and checked, or an InputError saying what is wrong with it. */
function loadRoster(file: string): RosterRow[] {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new InputError(`grade: --roster ${file}: expected a CSV file, got no such file`);
  try {
    return readRoster(fs.readFileSync(file, "utf8"), file);
  } catch (err) {
    throw new InputError((err as Error).message);
  }
}

/**
 * The late penalty from --late-policy and --submission-metadata. Metadata that cannot be read
 * gives no penalty and a note (a grade is never lost to a malformed file); no policy, nothing.
 */
function lateOf(options: GradeOptions): { penalty?: LatePenalty; note?: (score: number) => string } {
  if (options.latePolicy === undefined || options.submissionMetadata === undefined) return {};
  try {
    const penalty = latePenalty(options.latePolicy, JSON.parse(fs.readFileSync(options.submissionMetadata, "utf8")));
    return { penalty, note: (score) => lateNote(score, penalty) };
  } catch (err) {
    const why = clean(String((err as Error).message).slice(0, 300));
    return { note: () => `没有应用迟交规则：读不出提交时间（${why}）` };
  }
}

const USAGE = `usage: npm run grade -- <notebooks or folders…> --out <dir> [options]
  --jobs N          submissions graded at once (default: min(2, CPUs))
  --public-only     grade with the public tests only (no hidden tests)
  --force           regrade every student (default: skip results that are up to date)
  --manual FILE     merge a manual-scores CSV (student,exercise,score) into the gradebook
  --only IDS        grade only these exercises (comma-separated ids)
  --case-timeout S  upper bound on each test case's own time limit, seconds (default 120)
  --load-timeout S  time for an exercise cell to load, seconds (default 10)
  --submission-timeout S  wall-clock limit for one whole submission, seconds (default 300)
  --heap-mb N       V8 heap limit of a grading process (default 384)
  --rss-mb N        resident memory limit of a grading process (default 512)
  --no-namespaces   do not use unshare (network/PID namespaces) even where available
  --layout L        how a folder is read: auto (default: a student's folder when it holds notebooks,
                    else a class of student folders; a folder holding both is refused), class (each
                    entry, folder or notebook, is one student) or student (the folder is one student)
  --single          each path is one submission, whatever its layout (Gradescope, Classroom): --layout student
  --quiet           no progress output
  --roster FILE     a Canvas roster (a gradebook export: Student, ID, SIS User ID, SIS Login ID, Section):
                    also write canvas.csv, ready for Canvas's gradebook import (--canvas says the same)
Engines (one submission, --single):
  --gradescope-results FILE    write Gradescope's results.json there, first a placeholder, then after each exercise
  --prairielearn-results FILE  the same in PrairieLearn's format
  --hidden-visibility V        Gradescope visibility of hidden cases: after_published (default) or after_due_date
  --submission-metadata FILE   Gradescope's submission_metadata.json (created_at, assignment.due_date)
  --late-policy P   take P% of the autograded score per started day late, at most M%: ${LATE_POLICY_FORMAT}
With no notebooks, only the class files (gradebook, written answers) are rewritten from stored results.`;

/** --only's ids, each one of the graded exercises. */
function onlyIds(text: string): string[] {
  const known = codeExercises().map((e) => e.id);
  const ids = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const unknown = ids.filter((id) => !known.includes(id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new Error(
      `grade: --only: expected exercise ids among ${known.join(", ")}, got ${JSON.stringify(unknown.length > 0 ? unknown.join(",") : text)}`,
    );
  }
  return ids;
}

export function parseArgs(argv: readonly string[]): GradeOptions | string {
  const paths: string[] = [];
  const o: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (what = "a value") => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--"))
        throw new Error(`grade: ${a}: expected ${what}, got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
      return v;
    };
    const int = () => {
      const text = value("a positive integer");
      const v = Number(text);
      if (!Number.isInteger(v) || v < 1) throw new Error(`grade: ${a}: expected a positive integer, got ${JSON.stringify(text)}`);
      return v;
    };
    switch (a) {
      case "--out":
        o.out = value();
        break;
      case "--jobs":
        o.jobs = int();
        break;
      case "--public-only":
        o.hidden = false;
        break;
      case "--force":
        o.force = true;
        break;
      case "--manual":
        o.manual = value();
        break;
      case "--only":
        o.only = onlyIds(value("exercise ids such as 6.4.2,6.7.1"));
        break;
      case "--layout": {
        const layout = value("auto, class or student");
        if (layout !== "auto" && layout !== "class" && layout !== "student")
          throw new Error(`grade: --layout: expected auto, class or student, got ${JSON.stringify(layout)}`);
        o.layout = layout;
        break;
      }
      case "--heap-mb":
        o.heapMb = int();
        break;
      case "--case-timeout":
        o.caseTimeoutMs = int() * 1000;
        break;
      case "--load-timeout":
        o.loadTimeoutMs = int() * 1000;
        break;
      case "--submission-timeout":
        o.submissionMs = int() * 1000;
        break;
      case "--rss-mb":
        o.rssMb = int();
        break;
      case "--no-namespaces":
        o.namespaces = false;
        break;
      case "--quiet":
        o.progress = false;
        break;
      case "--single":
        o.single = true;
        break;
      case "--roster":
        o.roster = value("a roster CSV file");
        break;
      case "--canvas":
        o.canvas = true;
        break;
      case "--gradescope-results":
        o.gradescopeResults = value("a file");
        break;
      case "--prairielearn-results":
        o.prairielearnResults = value("a file");
        break;
      case "--submission-metadata":
        o.submissionMetadata = value("a file");
        break;
      case "--late-policy":
        o.latePolicy = parseLatePolicy(value(LATE_POLICY_FORMAT));
        break;
      case "--hidden-visibility": {
        const v = value("after_published or after_due_date");
        if (v !== "after_published" && v !== "after_due_date")
          throw new Error(`grade: --hidden-visibility: expected after_published or after_due_date, got ${JSON.stringify(v)}`);
        o.hiddenVisibility = v;
        break;
      }
      case "--help":
      case "-h":
        return USAGE;
      default:
        if (a.startsWith("-")) throw new Error(`grade: unknown option ${a}; expected one of the options below\n${USAGE}`);
        paths.push(a);
    }
  }
  if (typeof o.out !== "string") throw new Error(`grade: --out: expected the grading folder, got nothing\n${USAGE}`);
  if (o.canvas === true && o.roster === undefined)
    throw new Error("grade: --canvas: expected --roster FILE (the Canvas roster CSV), got none");
  delete o.canvas;
  return { ...(o as object), paths, out: o.out } as GradeOptions;
}

async function main(): Promise<number> {
  let options: GradeOptions | string;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  if (typeof options === "string") {
    console.log(options);
    return 0;
  }
  if (options.paths.length === 0) {
    if (checkOutputFolder(options.out, OUTPUT) !== "ours") {
      throw new InputError(
        `grade: --out ${options.out}: expected an earlier output of npm run grade (with no notebooks only its class files are rewritten), got ${fs.existsSync(options.out) ? "an empty folder" : "no such folder"}`,
      );
    }
    if (options.manual !== undefined && !fs.existsSync(options.manual))
      throw new InputError(`grade: --manual ${options.manual}: expected a CSV file, got no such file`);
    const roster = options.roster === undefined ? undefined : loadRoster(options.roster);
    const { results, errors } = writeClassFiles(path.resolve(options.out), options.manual, roster);
    for (const e of errors) console.log(`! ${clean(e)}`);
    console.log(`wrote the class files for ${results.length} students in ${options.out}`);
    return errors.length > 0 ? 1 : 0;
  }
  const summary = await gradeClass(options);
  for (const p of summary.problems) console.log(`! ${clean(p)}`);
  const n = summary.graded + summary.skipped;
  console.log(
    `graded ${summary.graded}, skipped ${summary.skipped} (up to date) of ${n} submissions in ${summary.seconds.toFixed(1)} s` +
      (summary.graded > 0 ? ` (${(summary.seconds / summary.graded).toFixed(2)} s per graded submission)` : ""),
  );
  console.log(`isolation: ${summary.isolation}`);
  console.log(`results in ${path.resolve(options.out)} (gradebook.csv, students/<id>/feedback.md, written/<id>.md)`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof InputError || err instanceof OutputError) {
        console.error(err instanceof InputError ? `${err.message}; nothing was written` : err.message);
        process.exit(2);
      }
      console.error(err instanceof Error ? err.stack : String(err));
      process.exit(1);
    },
  );
}
