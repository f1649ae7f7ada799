/**
 * Notebooks made by the autograder's tests and benchmark (until, and besides, the real notebooks):
 * every exercise's marked cells filled with the reference solution, the stub, a known-wrong variant
 * or any code, in tslab's nbformat 4.5 layout.
 */
import { codeExercises, idOrder, writtenExercises } from "./catalogue";
import { loadSolution, solutionCell, stubCell } from "./cells";
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
