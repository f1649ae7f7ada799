/**
 * Builds the notebooks from their sources: `notebooks/src/<name>.md` -> `notebooks/<name>.ipynb`.
 *
 *   npm run notebooks                     write notebooks/*.ipynb (the student version)
 *   npm run notebooks -- --check          fail if a committed notebook differs from its source
 *   npm run notebooks -- --solutions DIR  write the notebooks filled with the reference solutions
 *   npm run notebooks -- --force          also replace notebooks holding answers or outputs (backed up)
 *
 * A notebook holding someone's work (outputs, an exercise cell that differs from the one the build
 * writes, or a cell the build did not make) is not overwritten without --force, and with --force it
 * is first copied to notebooks/.backup/. Students work on copies in workspace/ (`npm start`).
 *
 * Source format (Markdown, one file per section):
 * - text becomes markdown cells; a line `<!-- cell -->` starts a new markdown cell;
 * - a fence ```ts ... ``` is a code cell;
 * - an empty fence ```ts exercise=6.4.2``` is the exercise's code cell, generated from
 *   solutions/6.4.2/solution.ts (stub for students, solution with --solutions);
 * - an empty fence ```ts check=6.4.2``` is the one-line check cell that runs the public tests;
 * - a line `<!-- written 6.4.2 -->` is the markdown answer cell of the written part;
 * - lines between `<!-- solution only -->` and `<!-- end solution only -->` (text and code, e.g. a
 *   comparison with the library's own answer) appear only with --solutions.
 * Committed notebooks carry no outputs; cell ids are derived from the notebook name and position.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureFreshBuild } from "./lib/fresh-build";
import { OutputError, replaceFolder, writeFileAtomic } from "./lib/output";

export type Variant = "student" | "solution";

/** Where exercise cells come from (the exercise catalogue and solutions/). */
export interface ExerciseCells {
  code(id: string, variant: Variant): string;
  check(id: string): string;
  written(id: string, variant: Variant): string;
}

interface Cell {
  cell_type: "markdown" | "code";
  id: string;
  metadata: Record<string, unknown>;
  source: string[];
  execution_count?: null;
  outputs?: [];
}

const KERNELSPEC = { display_name: "TypeScript (d2l-zh 第六章)", language: "typescript", name: "tslab" };

function sourceLines(text: string): string[] {
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l) => l !== "");
}

/** Parses a source file into cells (without ids). */
export function parseSource(text: string, file: string, cells: ExerciseCells, variant: Variant): Omit<Cell, "id">[] {
  const out: Omit<Cell, "id">[] = [];
  let markdown: string[] = [];
  const flush = () => {
    const body = markdown.join("\n").trim();
    if (body !== "") out.push({ cell_type: "markdown", metadata: {}, source: sourceLines(body) });
    markdown = [];
  };
  const code = (body: string, metadata: Record<string, unknown> = {}) =>
    out.push({ cell_type: "code", metadata, source: sourceLines(body.replace(/\n+$/, "")), execution_count: null, outputs: [] });
  const lines = text.split("\n");
  const solutionStart = /^<!--\s*solution only\s*-->\s*$/;
  const solutionEnd = /^<!--\s*end solution only\s*-->\s*$/;
  let inSolution = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const written = /^<!--\s*written\s+([\d.]+)\s*-->\s*$/.exec(line);
    if (solutionStart.test(line) || solutionEnd.test(line)) {
      const opens = solutionStart.test(line);
      if (opens === inSolution)
        throw new Error(
          `${file}:${i + 1}: ${opens ? "a solution-only block opened inside another" : "`<!-- end solution only -->` without an opening `<!-- solution only -->`"}`,
        );
      flush();
      inSolution = opens;
      if (opens && variant === "student") {
        for (i++; i < lines.length && !solutionEnd.test(lines[i]); i++);
        if (i >= lines.length) throw new Error(`${file}:${lines.length}: the solution-only block is never closed`);
        inSolution = false;
      }
    } else if (/^<!--\s*cell\s*-->\s*$/.test(line)) {
      flush();
    } else if (written) {
      flush();
      const id = written[1];
      out.push({
        cell_type: "markdown",
        metadata: { d2l: { exercise: id, part: "written" } },
        source: sourceLines(cells.written(id, variant)),
      });
    } else if (/^```/.test(line)) {
      const info = line.slice(3).trim();
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
      if (i >= lines.length) throw new Error(`${file}:${lines.length}: the fence opened as \`\`\`${info} is never closed`);
      flush();
      const attr = /^ts\s+(exercise|check)=([\d.]+)$/.exec(info);
      if (attr && body.join("").trim() !== "") {
        throw new Error(`${file}: the \`\`\`ts ${attr[1]}=${attr[2]} fence must be empty (its code comes from solutions/)`);
      }
      if (attr?.[1] === "exercise") code(cells.code(attr[2], variant), { d2l: { exercise: attr[2], part: "code" }, deletable: false });
      else if (attr?.[1] === "check")
        code(cells.check(attr[2]), { d2l: { exercise: attr[2], part: "check" }, deletable: false, editable: false });
      else if (info === "ts" || info === "typescript") code(body.join("\n"));
      else throw new Error(`${file}: unknown fence \`\`\`${info}; expected ts, ts exercise=<id> or ts check=<id>`);
    } else {
      markdown.push(line);
    }
  }
  if (inSolution) throw new Error(`${file}:${lines.length}: the solution-only block is never closed`);
  flush();
  return out;
}

/** The notebook JSON text for a source file. */
export function buildNotebook(sourceFile: string, cells: ExerciseCells, variant: Variant): string {
  const name = path.basename(sourceFile, ".md");
  const parsed = parseSource(fs.readFileSync(sourceFile, "utf8"), sourceFile, cells, variant);
  const withIds: Cell[] = parsed.map((cell, i) => ({
    cell_type: cell.cell_type,
    id: cellId(name, i),
    metadata: cell.metadata,
    source: cell.source,
    ...(cell.cell_type === "code" ? { execution_count: null, outputs: [] as [] } : {}),
  }));
  const notebook = {
    cells: withIds,
    metadata: { kernelspec: KERNELSPEC, language_info: { name: "typescript", file_extension: ".ts" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(notebook, null, 1) + "\n";
}

export function sourceFiles(root: string): string[] {
  const dir = path.join(root, "notebooks", "src");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The exercise catalogue's cells (autograder/notebook-cells.ts), loaded on first use. */
export function catalogueCells(): ExerciseCells {
  let loaded: ExerciseCells | undefined;
  const get = (): ExerciseCells => (loaded ??= require("../autograder/notebook-cells").notebookCells as ExerciseCells);
  return {
    code: (id, variant) => get().code(id, variant),
    check: (id) => get().check(id),
    written: (id, variant) => get().written(id, variant),
  };
}

/** The cell id the builder gives cell `i` of notebook `name`. */
function cellId(name: string, i: number): string {
  return createHash("sha1").update(`${name}:${i}`).digest("hex").slice(0, 12);
}

interface JsonCell {
  cell_type?: string;
  id?: string;
  source?: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
  metadata?: { d2l?: { exercise?: string; part?: string } };
}

const text = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join("") : (s ?? ""));

/**
 * What in `current` (a notebook file's text) would be lost if it were replaced by `built`: outputs,
 * exercise cells whose text differs, cells the builder did not make. Empty when it is safe to replace.
 */
export function workAt(name: string, current: string, built: string): string[] {
  let cells: JsonCell[];
  try {
    cells = (JSON.parse(current) as { cells: JsonCell[] }).cells;
    if (!Array.isArray(cells)) throw new Error("no cells");
  } catch {
    return ["the file is not a notebook this builder wrote (it does not parse as one)"];
  }
  // Ids the builder gives (a notebook of any length it wrote has at most this many cells).
  const ids = new Set(Array.from({ length: 1000 }, (_, i) => cellId(name, i)));
  const exercise = (c: JsonCell) =>
    c.metadata?.d2l?.exercise !== undefined ? `${c.metadata.d2l.exercise}/${c.metadata.d2l.part}` : undefined;
  const builtExercises = new Map<string, string>();
  for (const c of (JSON.parse(built) as { cells: JsonCell[] }).cells) {
    const key = exercise(c);
    if (key !== undefined) builtExercises.set(key, text(c.source));
  }
  const found: string[] = [];
  cells.forEach((c, i) => {
    if ((c.outputs?.length ?? 0) > 0 || (c.execution_count ?? null) !== null) found.push(`cell ${i + 1} has outputs`);
    const key = exercise(c);
    if (key !== undefined && builtExercises.get(key) !== text(c.source))
      found.push(`exercise cell ${key} (cell ${i + 1}) differs from the one the build writes`);
    if (key === undefined && (c.id === undefined || !ids.has(c.id))) found.push(`cell ${i + 1} was not made by the build`);
  });
  return found;
}

export const USAGE = `usage: npm run notebooks [-- options]
  (no option)       rebuild notebooks/*.ipynb from notebooks/src/*.md (the student version)
  --check           write nothing; fail if a notebook differs from its source
  --solutions DIR   write the notebooks filled with the reference solutions to DIR (new, empty or an
                    earlier output of this command; with --force an earlier output is replaced)
  --force           also replace notebooks holding outputs, answers or added cells (each is first
                    copied to notebooks/.backup/<name>.<time>.ipynb)
  --help            this text
Students work on copies in workspace/ (npm start makes them), which this command never touches.`;

interface BuildArgs {
  readonly check: boolean;
  readonly force: boolean;
  readonly solutions: string | undefined;
  readonly help: boolean;
}

export function parseArgs(argv: readonly string[]): BuildArgs {
  let check = false;
  let force = false;
  let help = false;
  let solutions: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--check") check = true;
    else if (a === "--force") force = true;
    else if (a === "--help" || a === "-h") help = true;
    else if (a === "--solutions") {
      solutions = argv[++i];
      if (solutions === undefined || solutions.startsWith("--"))
        throw new Error(
          `build-notebooks: --solutions: expected an output folder, got ${solutions === undefined ? "nothing" : JSON.stringify(solutions)}`,
        );
    } else throw new Error(`build-notebooks: unknown argument ${JSON.stringify(a)}; expected --check, --solutions DIR, --force or --help`);
  }
  if (check && solutions !== undefined) throw new Error("build-notebooks: --check and --solutions: expected one of them, got both");
  return { check, force, solutions, help };
}

/** Whether `file` is tracked by git and unchanged since the last commit: a build output, no one's work. */
function committedAsIs(root: string, file: string): boolean {
  const r = spawnSync("git", ["ls-files", "--error-unmatch", "--", file], { cwd: root, encoding: "utf8" });
  return r.status === 0 && spawnSync("git", ["diff", "--quiet", "HEAD", "--", file], { cwd: root }).status === 0;
}

/** Rebuilds `outDir`'s notebooks; returns the number of notebooks left alone because they hold work. */
export function buildInto(root: string, outDir: string, options: { force: boolean; stamp?: string }): number {
  let refused = 0;
  for (const src of sourceFiles(root)) {
    const name = path.basename(src, ".md");
    const built = buildNotebook(src, catalogueCells(), "student");
    const target = path.join(outDir, `${name}.ipynb`);
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
    if (current === built) continue;
    // A committed notebook unchanged since the commit is the previous build (say, before a stub changed).
    const work = current === undefined || committedAsIs(root, target) ? [] : workAt(name, current, built);
    if (work.length > 0 && !options.force) {
      refused++;
      console.error(
        `build-notebooks: ${path.relative(root, target)}: not replaced, it holds work (${work.slice(0, 3).join("; ")}${work.length > 3 ? "; …" : ""}); pass --force to replace it (a backup is kept)`,
      );
      continue;
    }
    if (work.length > 0) {
      const backup = path.join(outDir, ".backup", `${name}.${options.stamp ?? new Date().toISOString().replace(/[:.]/g, "-")}.ipynb`);
      fs.mkdirSync(path.dirname(backup), { recursive: true });
      fs.copyFileSync(target, backup, fs.constants.COPYFILE_EXCL);
      console.log(`kept ${path.relative(process.cwd(), backup)} (the notebook's previous content)`);
    }
    writeFileAtomic(target, built);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
  return refused;
}

async function main(argv: readonly string[]): Promise<number> {
  const root = path.resolve(__dirname, "..");
  const args = parseArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  ensureFreshBuild(root); // the exercise cells come from the built catalogue (solutions/dist)
  if (args.solutions !== undefined) {
    await replaceFolder(args.solutions, { command: "notebooks", flag: "--solutions", force: args.force }, (dir) => {
      for (const src of sourceFiles(root))
        fs.writeFileSync(path.join(dir, `${path.basename(src, ".md")}.ipynb`), buildNotebook(src, catalogueCells(), "solution"));
    });
    console.log(`wrote the solution notebooks to ${args.solutions}`);
    return 0;
  }
  const outDir = path.join(root, "notebooks");
  if (args.check) {
    let stale = 0;
    for (const src of sourceFiles(root)) {
      const target = path.join(outDir, `${path.basename(src, ".md")}.ipynb`);
      const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
      if (current !== buildNotebook(src, catalogueCells(), "student")) {
        stale++;
        console.log(`stale: ${path.relative(root, target)} differs from ${path.relative(root, src)}`);
      }
    }
    if (stale > 0)
      console.error(
        `${stale} notebook(s) differ from their sources: run npm run notebooks (students work in workspace/, which this never touches)`,
      );
    return stale > 0 ? 1 : 0;
  }
  const refused = buildInto(root, outDir, { force: args.force });
  return refused > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof OutputError || err instanceof Error ? err.message : String(err));
      process.exit(err instanceof OutputError ? 1 : 2);
    },
  );
}
