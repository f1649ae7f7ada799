/**
 * Notebooks made by the autograder's tests and benchmark (until, and besides, the real notebooks):
 * every exercise's marked cells filled with the reference solution, the stub, a known-wrong variant
 * or any code, in tslab's nbformat 4.5 layout.
 */
import { codeExercises, idOrder, writtenExercises } from "./catalogue";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadSolution, loadWrongVariants, solutionCell, stubCell } from "./cells";
import { checkCell, codeCell, writtenCell } from "./notebook-cells";

export interface SyntheticCell {
  readonly cell_type: "code" | "markdown";
  readonly source: string;
  readonly metadata?: Record<string, unknown>;
}

/** A notebook JSON text with the given cells. */
export function notebookJson(cells: readonly SyntheticCell[]): string {
  return (
    JSON.stringify(
      {
        cells: cells.map((c, i) => ({
          cell_type: c.cell_type,
          id: `cell-${i}`,
          metadata: c.metadata ?? {},
          source: c.source.split(/(?<=\n)/),
          ...(c.cell_type === "code" ? { execution_count: null, outputs: [] } : {}),
        })),
        metadata: {
          kernelspec: { display_name: "TypeScript (d2l-zh 第六章)", language: "typescript", name: "tslab" },
          language_info: { name: "typescript" },
        },
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    ) + "\n"
  );
}

export const exerciseMeta = (id: string, part: "code" | "written" | "check") => ({ d2l: { exercise: id, part } });

/**
 * One notebook with the marked cells of every ready exercise. `code(id)` gives the code cell's body
 * (default: the reference solution); written cells hold the reference answer or the placeholder.
 */
export function wholeChapterNotebook(
  options: { code?: (id: string) => string | undefined; written?: "solution" | "student" } = {},
): string {
  const cells: SyntheticCell[] = [
    { cell_type: "code", source: 'import * as tf from "@tensorflow/tfjs";\nimport * as d2l from "d2lzh";\nawait d2l.backend();' },
  ];
  const ids = [...new Set([...codeExercises().map((e) => e.id), ...writtenExercises().map((e) => e.id)])].sort(idOrder);
  for (const id of ids) {
    const e = codeExercises().find((x) => x.id === id);
    if (e && loadSolution(id)) {
      const body = options.code ? options.code(id) : solutionCell(loadSolution(id)!);
      if (body !== undefined) cells.push({ cell_type: "code", source: body, metadata: exerciseMeta(id, "code") });
      cells.push({ cell_type: "code", source: checkCell(id), metadata: exerciseMeta(id, "check") });
    }
    if (writtenExercises().some((x) => x.id === id)) {
      cells.push({ cell_type: "markdown", source: writtenCell(id, options.written ?? "solution"), metadata: exerciseMeta(id, "written") });
    }
  }
  return notebookJson(cells);
}

/** The reference solution of an exercise's code cell. */
export const referenceCode = (id: string) => solutionCell(loadSolution(id)!);
/** The student stub of an exercise's code cell. */
export const stubCode = (id: string) => stubCell(loadSolution(id)!);
export { codeCell };

/** An honest answer that is wrong in another way than any known-wrong variant: an edit of the reference cell. */
export interface HonestPartial {
  readonly id: string;
  readonly what: string;
  readonly from: string;
  readonly to: string;
}

/** Honest different answers; several fail exactly the cases a variant fails, with other values. */
export const HONEST_PARTIALS: readonly HonestPartial[] = [
  { id: "6.4.2", what: "scales to θ/2", from: "const scale = theta / norm;", to: "const scale = (0.5 * theta) / norm;" },
  {
    id: "6.4.2",
    what: "returns the squared norm",
    from: "const norm = Math.sqrt(sumOfSquares.dataSync()[0]);",
    to: "const norm = sumOfSquares.dataSync()[0];",
  },
  { id: "6.7.0", what: "no reset gate", from: "tf.mul(R, H) as tf.Tensor2D", to: "H" },
  { id: "6.7.0", what: "reset gate on the new state", from: "tf.mul(R, H) as tf.Tensor2D", to: "tf.mul(tf.sub(1, R), H) as tf.Tensor2D" },
  { id: "6.8.0", what: "forgets F ⊙ C", from: "tf.add(tf.mul(F, C), tf.mul(I, C_tilde))", to: "tf.mul(I, C_tilde)" },
  { id: "6.8.0", what: "ReLU candidate", from: "const C_tilde = tf.tanh(", to: "const C_tilde = tf.relu(" },
  { id: "6.4.5", what: "ELU instead of ReLU", from: "tf.relu(", to: "tf.elu(" },
  {
    id: "6.8.3",
    what: "gates that never let C grow",
    from: "{ I: [0.9, 0.9, 0.9], F: [0.9, 0.9, 0.9], O: [0.5, 0.5, 0.5], C_tilde: [0.9, 0.9, 0.9] }",
    to: "{ I: [0.5, 0.5], F: [0.5, 0.5], O: [0.5, 0.5], C_tilde: [0.5, 0.5] }",
  },
  { id: "6.4.1", what: "a learning rate far too small", from: "lr: 100, theta: 0.01, numSteps: 8", to: "lr: 1, theta: 0.01, numSteps: 8" },
  { id: "6.3.1", what: "offset always 1", from: "const offset = rng.randint(0, numSteps);", to: "const offset = 1;" },
  {
    id: "6.3.1",
    what: "offset from 1 to T",
    from: "const offset = rng.randint(0, numSteps);",
    to: "const offset = rng.randint(1, numSteps + 1);",
  },
];

/** The cell of an honest partial answer. */
export function partialCode(p: HonestPartial): string {
  const ref = referenceCode(p.id);
  if (ref.split(p.from).length !== 2) throw new Error(`partialCode: the text must occur once in the reference of ${p.id}: ${p.from}`);
  return ref.replace(p.from, () => p.to);
}

/** Known mistakes a synthetic class holds more than once: [exercise, variant, extra copies]. */
const REPEATED: readonly [string, string, number][] = [
  ["6.4.2", "per-tensor", 3],
  ["6.7.0", "reset-after", 2],
];

/** One synthetic student: a notebook and, per exercise, the known mistake it should be given (absent: none). */
export interface SyntheticStudent {
  readonly student: string;
  readonly notebook: string;
  readonly expected: Readonly<Record<string, string>>;
}

/**
 * A class of `size` (at least 8) students: two hand in the reference, two the untouched stubs, four
 * honest partial answers (every partial once, the rest of the chapter correct), and the others
 * share every known-wrong variant of every exercise (at most one per exercise each, a few of them
 * more than once), the rest of their chapter correct.
 */
export function syntheticClass(size = 30): SyntheticStudent[] {
  if (!Number.isInteger(size) || size < 8) throw new Error(`syntheticClass: size: expected an integer of at least 8, got ${size}`);
  const out: SyntheticStudent[] = [];
  const pad = (k: number) => String(k).padStart(2, "0");
  for (let k = 0; k < 2; k++) out.push({ student: `s${pad(out.length + 1)}-reference`, notebook: wholeChapterNotebook(), expected: {} });
  for (let k = 0; k < 2; k++)
    out.push({
      student: `s${pad(out.length + 1)}-stub`,
      notebook: wholeChapterNotebook({ code: stubCode, written: "student" }),
      expected: {},
    });
  const partialStudents = 4;
  const variantStudents = size - out.length - partialStudents;
  const cells: Map<string, string>[] = Array.from({ length: partialStudents + variantStudents }, () => new Map());
  HONEST_PARTIALS.forEach((p, k) => {
    // a partial goes to the first partial student whose cell for this exercise is still free
    const slot = Array.from({ length: partialStudents }, (_, j) => (k + j) % partialStudents).find((j) => !cells[j].has(p.id));
    if (slot === undefined) throw new Error(`syntheticClass: too many partials of ${p.id} for ${partialStudents} students`);
    cells[slot].set(p.id, partialCode(p));
  });
  const expected: Record<string, string>[] = cells.map(() => ({}));
  let next = 0;
  const assign = (id: string, name: string, cell: string) => {
    for (let tries = 0; tries < variantStudents; tries++) {
      const j = partialStudents + (next++ % variantStudents);
      if (cells[j].has(id)) continue;
      cells[j].set(id, cell);
      expected[j][id] = name;
      return;
    }
    throw new Error(`syntheticClass: no student left for ${id} ${name}`);
  };
  for (const e of codeExercises()) for (const v of loadSolution(e.id) ? loadWrongVariants(e.id) : []) assign(e.id, v.name, v.cell);
  // Two mistakes more than once, as in a real class, so the page's "most common" table has rows.
  for (const [id, name, copies] of REPEATED) {
    const v = loadWrongVariants(id).find((w) => w.name === name)!;
    for (let k = 0; k < copies; k++) assign(id, name, v.cell);
  }
  cells.forEach((m, j) =>
    out.push({
      student: `s${pad(out.length + 1)}-${j < partialStudents ? "partial" : "variants"}`,
      notebook: wholeChapterNotebook({ code: (id) => m.get(id) ?? referenceCode(id) }),
      expected: expected[j],
    }),
  );
  return out;
}

/** Writes a synthetic class into `dir` (new or empty): one notebook per student, and expected.json. */
export function writeSyntheticClass(dir: string, size = 30): void {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0)
    throw new Error(`synthetic: ${dir}: expected a new or empty folder, got one with files`);
  const students = syntheticClass(size);
  for (const s of students) {
    fs.mkdirSync(path.join(dir, "class", s.student), { recursive: true });
    fs.writeFileSync(path.join(dir, "class", s.student, "06-all.ipynb"), s.notebook);
  }
  fs.writeFileSync(
    path.join(dir, "expected.json"),
    JSON.stringify(Object.fromEntries(students.map((s) => [s.student, s.expected])), null, 1) + "\n",
  );
}

/**
 * Compares a graded synthetic class with its expected.json: every (student, exercise) with a
 * variant must carry that misconception, every other none.
 */
export function classificationAccuracy(
  expected: Readonly<Record<string, Readonly<Record<string, string>>>>,
  results: readonly { student: string; exercises: readonly { id: string; misconception?: { variant: string } }[] }[],
): { variants: number; recognised: number; falseMatches: string[]; missed: string[] } {
  let variants = 0;
  let recognised = 0;
  const falseMatches: string[] = [];
  const missed: string[] = [];
  for (const r of results) {
    const want = expected[r.student] ?? {};
    for (const e of r.exercises) {
      const got = e.misconception?.variant;
      if (want[e.id] !== undefined) {
        variants++;
        if (got === want[e.id]) recognised++;
        else missed.push(`${r.student} ${e.id}: expected ${want[e.id]}, got ${got ?? "none"}`);
      } else if (got !== undefined) falseMatches.push(`${r.student} ${e.id}: ${got}`);
    }
  }
  return { variants, recognised, falseMatches, missed };
}

/** `node --import tsx autograder/synthetic.ts class DIR [N]` writes a class; `accuracy DIR OUT` checks its grading. */
function main(argv: readonly string[]): number {
  const [command, dir, arg] = argv;
  if (command === "class" && dir) {
    writeSyntheticClass(dir, arg === undefined ? 30 : Number(arg));
    console.log(`wrote ${path.join(dir, "class")} and ${path.join(dir, "expected.json")}`);
    return 0;
  }
  if (command === "accuracy" && dir && arg) {
    const expected = JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8")) as Record<string, Record<string, string>>;
    const studentsDir = path.join(arg, "students");
    const results = fs.readdirSync(studentsDir).map((d) => JSON.parse(fs.readFileSync(path.join(studentsDir, d, "result.json"), "utf8")));
    const a = classificationAccuracy(expected, results);
    console.log(
      `${results.length} students; variants recognised: ${a.recognised} / ${a.variants}; false matches: ${a.falseMatches.length}`,
    );
    for (const m of [...a.missed, ...a.falseMatches]) console.log(`  ${m}`);
    return a.recognised === a.variants && a.falseMatches.length === 0 ? 0 : 1;
  }
  console.error("usage: node --import tsx autograder/synthetic.ts class DIR [N] | accuracy DIR OUT");
  return 2;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
