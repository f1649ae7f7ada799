/**
 * Reading submissions: finding the notebooks of each student, parsing them (a malformed or foreign
 * file is a per-student problem, never a crash), and extracting the marked exercise cells by id.
 *
 * A cell is an exercise cell when its metadata says so (`{"d2l": {"exercise": "6.4.2", "part":
 * "code" | "written" | "check"}}`), or, when an editor dropped the metadata, when its first line is
 * `// 练习 6.4.2` (code) or starts with `**练习 6.4.2（书面` (written). Cells may move anywhere, in any
 * notebook of the submission; a missing cell and several cells for one id are reported.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { catalogue } from "./catalogue";

export interface Submission {
  /** The student's id: the folder or file name. */
  readonly student: string;
  /** The notebook files, sorted. */
  readonly files: readonly string[];
}

export interface FoundCell {
  readonly source: string;
  readonly notebook: string;
  /** Index of the cell in its notebook. */
  readonly index: number;
}

export interface SubmissionCells {
  /** The code cell graded for each exercise (the last one when there are several). */
  readonly code: Map<string, FoundCell>;
  readonly written: Map<string, FoundCell>;
  /** How many code / written cells each id has (to report duplicates). */
  readonly counts: Map<string, { code: number; written: number }>;
  /** Per-file problems, in Chinese (malformed JSON, not a notebook, …). */
  readonly problems: string[];
  /** Remarks that do not stop grading (foreign kernel, metadata missing, duplicates). */
  readonly notes: string[];
}

/** How a folder on the command line is read: decided from its contents, each entry one student, or all one student. */
export type Layout = "auto" | "class" | "student";

/** A path on the command line that cannot be graded as given; nothing has been written. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

const listed = (names: readonly string[]) => names.slice(0, 3).join(", ") + (names.length > 3 ? `, … (${names.length})` : "");

/**
 * Splits the command line's paths into submissions (see README: a file, a student folder or a class
 * folder; with layout "student", every folder is one submission; with "class", every entry of a
 * folder is one). Throws an InputError for a missing path, a file that is not a notebook, and (with
 * layout "auto") a folder that holds both notebooks and student folders.
 */
export function findSubmissions(
  paths: readonly string[],
  options: { layout?: Layout; single?: boolean } = {},
): { submissions: Submission[]; problems: string[] } {
  const layout: Layout = options.single ? "student" : (options.layout ?? "auto");
  const submissions: Submission[] = [];
  const problems: string[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p))
      throw new InputError(`grade: ${p}: expected a notebook, a student folder or a class folder, got no such file or folder`);
    const stat = fs.statSync(p);
    if (stat.isFile()) {
      if (!p.endsWith(".ipynb"))
        throw new InputError(
          `grade: ${p}: expected a notebook (.ipynb) or a folder, got a ${path.extname(p) || "file without extension"} file`,
        );
      submissions.push({ student: path.basename(p, ".ipynb"), files: [path.resolve(p)] });
      continue;
    }
    if (layout === "student") {
      submissions.push({ student: path.basename(path.resolve(p)), files: notebooksIn(p) });
      continue;
    }
    const entries = fs
      .readdirSync(p, { withFileTypes: true })
      .filter((e) => !skipped(e.name))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    if (layout === "auto") {
      const notebooks = entries.filter((e) => e.isFile() && e.name.endsWith(".ipynb")).map((e) => e.name);
      const folders = entries
        .filter((e) => e.isDirectory() && e.name !== "notebooks" && notebooksIn(path.join(p, e.name)).length > 0)
        .map((e) => `${e.name}/`);
      if (notebooks.length > 0 && folders.length > 0) {
        throw new InputError(
          `grade: ${p}: expected either one student's notebooks or a class of student folders, got both: notebooks ${listed(notebooks)} and student folders ${listed(folders)}; ` +
            `pass --layout class to grade each entry as one student (each notebook too), or --layout student to grade the whole folder as one student`,
        );
      }
      if (isStudentFolder(p)) {
        submissions.push({ student: path.basename(path.resolve(p)), files: notebooksIn(p) });
        continue;
      }
    }
    for (const entry of entries) {
      const full = path.join(p, entry.name);
      // A student's entry is never followed through a link (it could point at any file of the grader).
      if (entry.isSymbolicLink() || !(entry.isFile() || entry.isDirectory())) {
        problems.push(`${full}: 不是普通文件或文件夹（符号链接等），已跳过`);
        continue;
      }
      if (entry.isDirectory()) submissions.push({ student: entry.name, files: notebooksIn(full) });
      else if (entry.name.endsWith(".ipynb"))
        submissions.push({ student: entry.name.replace(/\.ipynb$/, ""), files: [path.resolve(full)] });
    }
  }
  const { ids, warnings } = distinctIds(submissions.map((s) => s.student));
  problems.push(...warnings);
  return { submissions: submissions.map((s, k) => ({ ...s, student: ids[k] })), problems };
}

/**
 * Student ids as the class files key them: without white space at either end (readers of a
 * hand-edited CSV trim their fields, so `alice ` would read as `alice` and take her written
 * scores), and distinct: an id taken already, exactly or once trimmed, gets -2, -3, … and a
 * warning. Ids that were already clean keep their names first.
 */
export function distinctIds(raw: readonly string[]): { ids: string[]; warnings: string[] } {
  const clean = raw.map((id) => id.trim() || "_");
  const taken = new Set<string>();
  const ids = raw.map((id, k): string | undefined => {
    if (id !== clean[k] || taken.has(id)) return undefined;
    taken.add(id);
    return id;
  });
  const warnings: string[] = [];
  raw.forEach((id, k) => {
    if (ids[k] !== undefined) return;
    let name = clean[k];
    for (let n = 2; taken.has(name); n++) name = `${clean[k]}-${n}`;
    taken.add(name);
    ids[k] = name;
    warnings.push(
      name === clean[k]
        ? `学生编号 ${JSON.stringify(id)} 首尾有空白：记为 ${JSON.stringify(name)}`
        : `学生编号 ${JSON.stringify(id)} 与另一位学生的编号相同（或去掉首尾空白后相同）：记为 ${JSON.stringify(name)}`,
    );
  });
  return { ids: ids as string[], warnings };
}

/** Entries never read as submissions: hidden ones, node_modules, Jupyter's checkpoints. */
function skipped(name: string): boolean {
  return name === "node_modules" || name === ".ipynb_checkpoints" || name.startsWith(".");
}

/** A folder is one student's submission when it holds notebooks directly or in notebooks/. */
function isStudentFolder(dir: string): boolean {
  const has = (d: string) =>
    fs.existsSync(d) && fs.readdirSync(d, { withFileTypes: true }).some((f) => f.isFile() && f.name.endsWith(".ipynb"));
  return has(dir) || has(path.join(dir, "notebooks"));
}

/** All .ipynb files under a folder (recursively; skipping node_modules and checkpoints), sorted. */
export function notebooksIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (skipped(entry.name)) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith(".ipynb")) out.push(path.resolve(full)); // never a link: it could point at any file of the grader
    }
  };
  walk(dir);
  return out.sort();
}

interface RawCell {
  cell_type?: unknown;
  source?: unknown;
  metadata?: { d2l?: { exercise?: unknown; part?: unknown } };
}

const codeIds = new Set(catalogue.filter((e) => e.code).map((e) => e.id));
const writtenIds = new Set(catalogue.filter((e) => e.written).map((e) => e.id));

/** Extracts the exercise cells of all notebooks of a submission. */
export function extractCells(sub: Submission): SubmissionCells {
  const code = new Map<string, FoundCell>();
  const written = new Map<string, FoundCell>();
  const counts = new Map<string, { code: number; written: number }>();
  const problems: string[] = [];
  const notes: string[] = [];
  const count = (id: string, part: "code" | "written") => {
    const c = counts.get(id) ?? { code: 0, written: 0 };
    c[part]++;
    counts.set(id, c);
  };
  if (sub.files.length === 0) problems.push("没有找到任何 .ipynb 笔记本");
  for (const file of sub.files) {
    const name = path.basename(file);
    let nb: { cells?: unknown; nbformat?: unknown; metadata?: { kernelspec?: { language?: unknown; name?: unknown } } };
    try {
      const st = fs.lstatSync(file);
      if (!st.isFile()) throw new Error("不是普通文件（符号链接等）");
      if (st.size > 50 * 1024 * 1024) throw new Error(`文件太大（${st.size} 字节，上限 50 MB）`);
      const text = fs.readFileSync(file, "utf8");
      nb = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (err) {
      problems.push(`${name}：不是有效的 JSON 笔记本，无法读取（${(err as Error).message.split("\n")[0]}）`);
      continue;
    }
    if (nb === null || typeof nb !== "object" || !Array.isArray(nb.cells)) {
      problems.push(`${name}：不是 Jupyter 笔记本（没有 cells 列表）`);
      continue;
    }
    if (typeof nb.nbformat === "number" && nb.nbformat < 4) {
      problems.push(`${name}：笔记本格式 nbformat ${nb.nbformat} 太旧（需要 4），无法读取`);
      continue;
    }
    const lang = nb.metadata?.kernelspec?.language;
    if (lang !== undefined && lang !== "typescript") notes.push(`${name}：内核语言是 ${String(lang)}，不是 TypeScript（tslab）`);
    (nb.cells as RawCell[]).forEach((cell, index) => {
      if (cell === null || typeof cell !== "object") return;
      const source = Array.isArray(cell.source)
        ? cell.source.filter((s) => typeof s === "string").join("")
        : typeof cell.source === "string"
          ? cell.source
          : "";
      const meta = cell.metadata?.d2l;
      let id = typeof meta?.exercise === "string" ? meta.exercise : undefined;
      let part = typeof meta?.part === "string" ? meta.part : undefined;
      if (id === undefined) {
        const first =
          source
            .split("\n")
            .find((l) => l.trim() !== "")
            ?.trim() ?? "";
        const c = /^\/\/ 练习 (\S+)\s*$/.exec(first);
        const w = /^\*\*练习 (\S+?)（书面/.exec(first);
        if (cell.cell_type === "code" && c && codeIds.has(c[1])) [id, part] = [c[1], "code"];
        else if (cell.cell_type === "markdown" && w && writtenIds.has(w[1])) [id, part] = [w[1], "written"];
        if (id !== undefined) notes.push(`${name} 第 ${index + 1} 个单元格：缺少练习元数据，按首行识别为练习 ${id}`);
      }
      if (id === undefined || part === undefined) return;
      const found = { source, notebook: name, index };
      if (part === "code" && cell.cell_type === "code" && codeIds.has(id)) {
        code.set(id, found);
        count(id, "code");
      } else if (part === "written" && writtenIds.has(id)) {
        written.set(id, found);
        count(id, "written");
      }
    });
  }
  for (const [id, c] of counts) {
    if (c.code > 1) notes.push(`练习 ${id} 有 ${c.code} 个代码单元格，评分使用最后一个（与按顺序运行笔记本时的结果一致）`);
    if (c.written > 1) notes.push(`练习 ${id} 有 ${c.written} 个书面作答单元格，收集最后一个`);
  }
  return { code, written, counts, problems, notes };
}
