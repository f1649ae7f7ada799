/**
 * Where a student works in the instructor's workbook: `workspace/` (ignored by git), one copy of each
 * notebook of `notebooks/`. `notebooks/` stays the pristine build (the tests compare it with its
 * sources), and the copies are the student's: made once when missing, never rewritten by any
 * command. The folder sits inside the workbook so that tslab resolves `d2lzh` from it.
 *
 *   npm start                          makes the missing copies, then opens workspace/ in Jupyter
 *   npm run restore -- 06.4            a fresh copy of one notebook (the old one goes to workspace/.backup/)
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

export function workspaceDir(root = ROOT): string {
  return path.join(root, "workspace");
}

function pristine(root: string): string[] {
  const dir = path.join(root, "notebooks");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort();
}

/** Copies every notebook that has no copy in workspace/ yet; returns the names copied. */
export function initWorkspace(root = ROOT): string[] {
  const dir = workspaceDir(root);
  if (fs.existsSync(dir) && !fs.lstatSync(dir).isDirectory()) {
    throw new Error(`workspace: expected ${dir} to be a folder, got a file; move it away and run npm start again`);
  }
  fs.mkdirSync(dir, { recursive: true });
  const made: string[] = [];
  for (const name of pristine(root)) {
    const target = path.join(dir, name);
    if (fs.existsSync(target)) continue;
    fs.copyFileSync(path.join(root, "notebooks", name), target, fs.constants.COPYFILE_EXCL);
    made.push(name);
  }
  return made;
}

/** The notebook a user means by "06.4", "6.4", "06.4-rnn-scratch" or "06.4-rnn-scratch.ipynb". */
export function findNotebook(root: string, wanted: string): string {
  const names = pristine(root);
  const stem = wanted.replace(/\.ipynb$/, "");
  const section = /^0?(\d+)\.(\d+)$/.exec(stem);
  const found = names.filter((n) => n === `${stem}.ipynb` || (section !== null && n.startsWith(`0${section[1]}.${section[2]}-`)));
  if (found.length !== 1) {
    throw new Error(
      `restore: expected a notebook such as 06.4 or ${names[0]?.replace(/\.ipynb$/, "")} (one of ${names.map((n) => n.replace(/\.ipynb$/, "")).join(", ")}), got ${JSON.stringify(wanted)}`,
    );
  }
  return found[0];
}

/** Replaces workspace/<name> by the pristine notebook; a copy that differs is kept in workspace/.backup/. Returns the backup's path. */
export function restoreNotebook(root: string, wanted: string, stamp = new Date().toISOString().replace(/[:.]/g, "-")): string | undefined {
  const name = findNotebook(root, wanted);
  const dir = workspaceDir(root);
  const target = path.join(dir, name);
  const source = path.join(root, "notebooks", name);
  let backup: string | undefined;
  if (fs.existsSync(target) && !fs.readFileSync(target).equals(fs.readFileSync(source))) {
    backup = path.join(dir, ".backup", `${name.replace(/\.ipynb$/, "")}.${stamp}.ipynb`);
    fs.mkdirSync(path.dirname(backup), { recursive: true });
    fs.renameSync(target, backup);
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(source, target);
  return backup;
}

const USAGE = `usage: npm run restore -- <notebook>     e.g. npm run restore -- 06.4
  Replaces workspace/<notebook>.ipynb by a fresh copy of notebooks/<notebook>.ipynb. Your copy, when it
  differs, is moved to workspace/.backup/<notebook>.<time>.ipynb first, so nothing is lost.
  (npm start makes the copies that are missing and never rewrites one.)`;

function main(argv: readonly string[]): void {
  const [command, ...rest] = argv;
  if (command === "init" && rest.length === 0) {
    const made = initWorkspace();
    const rel = path.relative(process.cwd(), workspaceDir()) || ".";
    console.log(
      made.length > 0
        ? `made your working copies in ${rel}/ (${made.length} notebooks); notebooks/ stays the pristine build`
        : `your notebooks are in ${rel}/ (npm run restore -- 06.4 gives a fresh copy of one)`,
    );
    return;
  }
  if (command === "restore") {
    if (rest.length === 0 || rest.some((a) => a === "--help" || a === "-h")) {
      console.log(USAGE);
      if (rest.length === 0) throw new Error("restore: expected a notebook such as 06.4, got nothing");
      return;
    }
    if (rest.length > 1) throw new Error(`restore: expected one notebook, got ${rest.length}: ${rest.join(" ")}`);
    const backup = restoreNotebook(ROOT, rest[0]);
    const name = findNotebook(ROOT, rest[0]);
    console.log(
      `restored workspace/${name} from notebooks/${name}${backup ? `; your previous copy is ${path.relative(process.cwd(), backup)}` : ""}`,
    );
    return;
  }
  if (command === "--help" || command === "-h") {
    console.log(USAGE);
    return;
  }
  throw new Error(`workspace: expected init or restore <notebook>, got ${JSON.stringify(argv.join(" "))}`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
}
