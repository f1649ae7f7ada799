/**
 * Builds the notebooks from their sources: `notebooks/src/<name>.md` -> `notebooks/<name>.ipynb`.
 *
 *   npm run notebooks                     write notebooks/*.ipynb (the student version)
 *   npm run notebooks -- --check          fail if a committed notebook differs from its source
 *   npm run notebooks -- --solutions DIR  write the notebooks filled with the reference solutions
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
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

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
      if (opens === inSolution) throw new Error(`${file}:${i + 1}: ${opens ? "a solution-only block opened inside another" : "\`<!-- end solution only -->\` without an opening \`<!-- solution only -->\`"}`);
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
      out.push({ cell_type: "markdown", metadata: { d2l: { exercise: id, part: "written" } }, source: sourceLines(cells.written(id, variant)) });
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
      else if (attr?.[1] === "check") code(cells.check(attr[2]), { d2l: { exercise: attr[2], part: "check" }, deletable: false, editable: false });
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
    id: createHash("sha1").update(`${name}:${i}`).digest("hex").slice(0, 12),
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
  return fs.readdirSync(dir).filter((f) => f.endsWith(".md")).sort().map((f) => path.join(dir, f));
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

if (require.main === module) {
  const root = path.resolve(__dirname, "..");
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  const solIdx = args.indexOf("--solutions");
  const variant: Variant = solIdx >= 0 ? "solution" : "student";
  const outDir = solIdx >= 0 ? path.resolve(args[solIdx + 1] ?? "") : path.join(root, "notebooks");
  if (solIdx >= 0 && !args[solIdx + 1]) {
    console.error("build-notebooks: --solutions: expected an output folder, got nothing");
    process.exit(2);
  }
  let stale = 0;
  fs.mkdirSync(outDir, { recursive: true });
  for (const src of sourceFiles(root)) {
    const text = buildNotebook(src, catalogueCells(), variant);
    const target = path.join(outDir, `${path.basename(src, ".md")}.ipynb`);
    if (check) {
      const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
      if (current !== text) {
        stale++;
        console.log(`stale: ${path.relative(root, target)} differs from ${path.relative(root, src)}`);
      }
    } else {
      fs.writeFileSync(target, text);
      console.log(`wrote ${path.relative(process.cwd(), target)}`);
    }
  }
  if (check && stale > 0) {
    console.error(`${stale} notebook(s) are stale: run npm run notebooks`);
    process.exit(1);
  }
}
