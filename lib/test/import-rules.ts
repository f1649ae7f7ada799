/**
 * The import rules of lib/src, as plain functions over a list of edges so that a test can feed them
 * a graph that breaks each rule (`imports.test.ts`), and the same functions judge the real tree.
 *
 * Stages, in curriculum order; a file may import its own stage or an earlier one:
 *   core < backend < data < cells < model < train < show < (index.ts) < check
 * - core/: seeded randomness, quick mode: what every stage may use.
 * - backend/: the tfjs backend choice, the wasm kernels and threads.
 * - data/: corpus, vocabulary, n-grams, one-hot, samplers.
 * - cells/: parameter records, the RNN/GRU/LSTM steps, scan, deep, bidirectional, the cell names.
 * - model/: the scratch model (teaching and fused cells), the concise model, the output layer.
 * - train/: loss, clipping, sgd, the trainer and its config, prediction, workers, BPTT.
 * - show/: text and rich display, plots, tables, training progress.
 * - index.ts (the `d2lzh` export list) may import every stage except check/;
 * - check/ (the `d2lzh/check` test framework) comes last and may use the library.
 * Besides: no import cycle between files (type-only imports count), nothing outside lib/src by a
 * relative path, never solutions/, notebooks/, autograder/, `d2lzh` itself or a `dist/` path.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

export const STAGES = ["core", "backend", "data", "cells", "model", "train", "show", "index", "check"] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Third-party paths with a `dist/` segment that lib/src may load, each with its reason. The rule
 * against `dist/` is about build output standing in for an entry point (a package's `dist/...` path).
 */
export const ALLOWED_DIST: Readonly<Record<string, string>> = {
  "tslab/dist/jupyter": "tslab's display channel for a MIME bundle has no public entry (show/display.ts)",
};

/** One import statement: `from` and (for a relative specifier) `to` are paths relative to lib/src. */
export type Edge = {
  readonly from: string;
  readonly specifier: string;
  /** The lib/src file it resolves to, or null for a package or a path outside lib/src. */
  readonly to: string | null;
  readonly line: number;
};

/** Every module specifier a TypeScript file names, with its 1-based line. */
export function readSpecifiers(fileName: string, text: string): { specifier: string; line: number }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: { specifier: string; line: number }[] = [];
  const add = (node: ts.Node | undefined) => {
    if (node !== undefined && ts.isStringLiteralLike(node)) {
      found.push({ specifier: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      if ((isRequire || callee.kind === ts.SyntaxKind.ImportKeyword) && node.arguments.length > 0) add(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** All `.ts` files under `dir`, relative to it, with forward slashes, sorted. */
export function listSources(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith(".ts")) out.push(child);
    }
  };
  walk("");
  return out.sort();
}

/** The edges of every file under `srcDir` (lib/src), relative specifiers resolved as Node would. */
export function readEdges(srcDir: string): Edge[] {
  const files = new Set(listSources(srcDir));
  return [...files].flatMap((from) =>
    readSpecifiers(from, fs.readFileSync(path.join(srcDir, from), "utf8")).map(({ specifier, line }) => {
      if (!specifier.startsWith(".")) return { from, specifier, to: null, line };
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
      const to = [`${target}.ts`, `${target}/index.ts`].find((f) => files.has(f)) ?? null;
      return { from, specifier, to, line };
    }),
  );
}

/** The stage of a path relative to lib/src, or null when it is in no stage folder. */
export function stageOf(file: string): Stage | null {
  if (file === "index.ts") return "index";
  const top = file.split("/")[0];
  return file.includes("/") && top !== "index" && (STAGES as readonly string[]).includes(top) ? (top as Stage) : null;
}

/** What is wrong with one edge, or null. */
function edgeProblem(edge: Edge): string | null {
  const { from, specifier, to } = edge;
  const segments = specifier.split("/");
  for (const folder of ["solutions", "notebooks", "autograder"]) {
    if (segments.includes(folder)) return `imports ${folder}/ ("${specifier}"): the library never depends on it`;
  }
  if (segments.includes("dist") && ALLOWED_DIST[specifier] === undefined)
    return `imports a dist/ path ("${specifier}"): import the package's entry point`;
  if (segments[0] === "d2lzh") return `imports "${specifier}": the library's own files import each other by relative path`;
  if (specifier.startsWith(".") && to === null) return `imports "${specifier}", which is not a file of lib/src`;
  if (to === null) return null;
  const [a, b] = [stageOf(from), stageOf(to)];
  if (a === null || b === null) return null; // reported per file
  if (STAGES.indexOf(b) > STAGES.indexOf(a))
    return `stage ${a} imports the later stage ${b} ("${specifier}"); order: ${STAGES.join(" < ")}`;
  return null;
}

/** A cycle of files as a path that starts and ends at the same file, or null. */
export function findCycle(edges: readonly Pick<Edge, "from" | "to">[]): string[] | null {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) if (to !== null) next.set(from, (next.get(from) ?? new Set()).add(to));
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (file: string): string[] | null => {
    const at = onPath.indexOf(file);
    if (at >= 0) return [...onPath.slice(at), file];
    if (done.has(file)) return null;
    onPath.push(file);
    for (const to of [...(next.get(file) ?? [])].sort()) {
      const cycle = visit(to);
      if (cycle !== null) return cycle;
    }
    onPath.pop();
    done.add(file);
    return null;
  };
  for (const file of [...next.keys()].sort()) {
    const cycle = visit(file);
    if (cycle !== null) return cycle;
  }
  return null;
}

/** Every broken rule, one line each (`file:line: problem`); empty when the graph is in order. */
export function importViolations(files: readonly string[], edges: readonly Edge[]): string[] {
  const problems = files
    .filter((f) => stageOf(f) === null)
    .map((f) => `${f}: not in a stage folder (${STAGES.filter((s) => s !== "index").join(", ")})`);
  for (const edge of edges) {
    const problem = edgeProblem(edge);
    if (problem !== null) problems.push(`${edge.from}:${edge.line}: ${problem}`);
  }
  const cycle = findCycle(edges);
  if (cycle !== null) problems.push(`import cycle: ${cycle.join(" -> ")}`);
  return problems;
}
