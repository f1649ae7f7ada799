/**
 * Executes notebooks headlessly with Jupyter and the tslab kernel, and reports every cell that
 * produced an error or wrote to stderr, with its source. Used by CI (through the notebook tests)
 * and by hand:
 *
 *   npm run notebooks:run -- notebooks/06.4-rnn-scratch.ipynb   (default: every notebook)
 *
 * `D2L_QUICK=1` is set unless the caller set it, so the notebooks shrink their runs. The kernel is
 * this checkout's private one (scripts/install-kernel.ts), written on first use: Jupyter runs with
 * `.jupyter-data` first on JUPYTER_PATH and as its data folder, and with a temporary runtime folder,
 * so nothing is read from or written to the user's ~/.local/share/jupyter.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { INSTALL_JUPYTER, installLocalKernel, jupyterPathEnv, localJupyterDir } from "./install-kernel";

export interface CellProblem {
  readonly index: number;
  readonly source: string;
  readonly problem: string;
}

export interface NotebookRun {
  readonly notebook: string;
  readonly seconds: number;
  readonly problems: readonly CellProblem[];
  /** The executed notebook (JSON). */
  readonly executed?: { cells: NotebookCell[] };
  /** Size of the executed notebook as nbconvert saved it (the format Jupyter saves), in bytes. */
  readonly bytes?: number;
}

interface NotebookCell {
  cell_type: string;
  source: string | string[];
  outputs?: { output_type: string; name?: string; text?: string | string[]; ename?: string; evalue?: string }[];
}

const joined = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join("") : (s ?? ""));

/** Whether `jupyter nbconvert` can run here. */
export function haveJupyter(): boolean {
  return notebookSupport() === undefined;
}

/**
 * Why notebooks cannot be executed here (one line saying what to install), or undefined when they
 * can: `jupyter nbconvert` runs, nbclient is there and this checkout's tslab is installed.
 */
export function notebookSupport(): string | undefined {
  if (spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8" }).status !== 0) {
    return `Jupyter (jupyter nbconvert) was not found: ${INSTALL_JUPYTER}`;
  }
  try {
    installLocalKernel();
  } catch (err) {
    return (err as Error).message;
  }
  return undefined;
}

/** The environment Jupyter runs notebooks in: this checkout's kernel, no state in the user's home. */
export function notebookEnv(runtimeDir: string): NodeJS.ProcessEnv {
  return {
    ...jupyterPathEnv(),
    JUPYTER_DATA_DIR: localJupyterDir(),
    JUPYTER_RUNTIME_DIR: runtimeDir,
    IPYTHONDIR: path.join(runtimeDir, "ipython"),
  };
}

/** The last lines of a long text (a Python traceback's end says what went wrong). */
function tail(text: string, lines = 12): string {
  const all = text.trimEnd().split("\n");
  return (all.length > lines ? [`… (${all.length - lines} lines above)`, ...all.slice(-lines)] : all).join("\n");
}

export function executeNotebook(notebook: string, options: { timeoutSeconds?: number; env?: NodeJS.ProcessEnv } = {}): NotebookRun {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-nb-"));
  const started = Date.now();
  try {
    const args = [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      "--allow-errors",
      "--ExecutePreprocessor.kernel_name=tslab",
      `--ExecutePreprocessor.timeout=${options.timeoutSeconds ?? 900}`,
      "--output-dir",
      outDir,
      "--output",
      "executed.ipynb",
      path.resolve(notebook),
    ];
    installLocalKernel();
    const runtime = path.join(outDir, "runtime");
    const env = { ...process.env, D2L_QUICK: process.env.D2L_QUICK ?? "1", ...notebookEnv(runtime), ...options.env };
    const r = spawnSync("jupyter", args, { cwd: path.dirname(path.resolve(notebook)), encoding: "utf8", env });
    const seconds = (Date.now() - started) / 1000;
    const outFile = path.join(outDir, "executed.ipynb");
    if (r.status !== 0 || !fs.existsSync(outFile)) {
      const kernel = /No such kernel named (\S+)/.exec(r.stderr ?? "");
      const problem = kernel
        ? `nbconvert: no kernel named ${kernel[1]} (expected this checkout's, in ${localJupyterDir()}/kernels; run npm run kernel)`
        : `nbconvert failed (exit ${r.status}):\n${tail(r.stderr ?? "")}`;
      return { notebook, seconds, problems: [{ index: -1, source: "", problem }] };
    }
    const text = fs.readFileSync(outFile, "utf8");
    const executed = JSON.parse(text) as { cells: NotebookCell[] };
    return { notebook, seconds, problems: cellProblems(executed), executed, bytes: Buffer.byteLength(text) };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

/** Error outputs and stderr streams of an executed notebook. */
export function cellProblems(executed: { cells: NotebookCell[] }): CellProblem[] {
  const problems: CellProblem[] = [];
  executed.cells.forEach((cell, index) => {
    for (const out of cell.outputs ?? []) {
      if (out.output_type === "error") {
        problems.push({ index, source: joined(cell.source), problem: `${out.ename}: ${out.evalue}` });
      } else if (out.output_type === "stream" && out.name === "stderr") {
        problems.push({ index, source: joined(cell.source), problem: `stderr: ${joined(out.text)}` });
      }
    }
  });
  return problems;
}

export function formatProblems(run: NotebookRun): string {
  return run.problems
    .map((p) => `${run.notebook}, cell ${p.index}:\n--- source ---\n${p.source}\n--- problem ---\n${p.problem}`)
    .join("\n\n");
}

/** Exports an executed notebook (JSON) to a standalone HTML file with nbconvert. */
export function exportHtml(executed: object, htmlFile: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-html-"));
  try {
    const nbFile = path.join(dir, "executed.ipynb");
    fs.writeFileSync(nbFile, JSON.stringify(executed));
    fs.mkdirSync(path.dirname(path.resolve(htmlFile)), { recursive: true });
    const out = path.resolve(htmlFile);
    const r = spawnSync(
      "jupyter",
      ["nbconvert", "--to", "html", "--output-dir", path.dirname(out), "--output", path.basename(out, ".html"), nbFile],
      {
        encoding: "utf8",
        env: { ...process.env, ...notebookEnv(path.join(dir, "runtime")) },
      },
    );
    if (r.status !== 0) throw new Error(`exportHtml: nbconvert --to html failed (exit ${r.status}):\n${r.stderr}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function listNotebooks(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => path.join(dir, f));
}

if (require.main === module) {
  const targets = process.argv.slice(2);
  if (targets.some((t) => t === "--help" || t === "-h")) {
    console.log(
      "usage: npm run notebooks:run [-- notebook.ipynb …]   execute notebooks (default: notebooks/*.ipynb) in quick mode and report errors and stderr; writes nothing",
    );
    process.exit(0);
  }
  const missing = targets.find((t) => t.startsWith("-") || !fs.existsSync(t));
  if (missing !== undefined) {
    console.error(
      `run-notebooks: expected notebook files, got ${JSON.stringify(missing)} (${missing.startsWith("-") ? "an unknown option" : "no such file"})`,
    );
    process.exit(2);
  }
  const unsupported = notebookSupport();
  if (unsupported !== undefined) {
    console.error(`run-notebooks: ${unsupported}`);
    process.exit(1);
  }
  const notebooks = targets.length > 0 ? targets : listNotebooks(path.resolve(__dirname, "..", "notebooks"));
  let failed = 0;
  for (const nb of notebooks) {
    const run = executeNotebook(nb);
    const ok = run.problems.length === 0;
    if (!ok) failed++;
    const size = run.bytes === undefined ? "" : `, ${(run.bytes / 1024).toFixed(0)} KiB saved`;
    console.log(`${ok ? "ok  " : "FAIL"} ${nb} (${run.seconds.toFixed(1)} s${size})`);
    if (!ok) console.log(formatProblems(run));
  }
  console.log(`${notebooks.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
