/**
 * A command owns only what it creates (STYLE.md, rule 17). Every command of the workbook that writes
 * a folder goes through this module:
 *
 * - a folder it made carries a marker file, `.d2l-output.json`, naming the command;
 * - it refuses a non-empty folder without its marker, a file where a folder is expected, a symbolic
 *   link, the repository root, any parent of it, the home folder and the file system root;
 * - `replaceFolder` builds the whole folder in a temporary sibling and renames it into place, so a
 *   failure leaves the old output as it was; an existing output is replaced only with `force`;
 * - `openOutputFolder` is for folders a command updates file by file (bench/results, reports/, a
 *   resumable grading folder): each file is written to a temporary sibling and renamed, and no path
 *   outside the folder can be written through it.
 *
 * Errors are `OutputError`s whose message names the command, the flag and the path, says what was
 * expected and what was found, and how to go on.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The marker file's name, at the top of every folder a command made. */
export const MARKER = ".d2l-output.json";

export interface OutputOptions {
  /** The command, as the user types it after `npm run` (`bench`, `grade`, `release` …): written in the marker and in messages. */
  readonly command: string;
  /** The argument that named the folder (`--out`), for messages. Default `--out`. */
  readonly flag?: string;
  /** `replaceFolder` only: replace a folder that carries this command's marker. Default false. */
  readonly force?: boolean;
  /** The repository (default: this workbook's checkout); it and its parents are never targets. */
  readonly repoRoot?: string;
}

/** A refusal: nothing was written. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

/** What a target folder holds before a command writes it. */
export type FolderState = "absent" | "empty" | "ours";

const WORKBOOK_ROOT = path.resolve(__dirname, "..", "..");

function markerText(command: string): string {
  return (
    JSON.stringify(
      {
        command,
        note: `Made by \`npm run ${command}\`, which may rewrite its own files here (and replace the whole folder with --force). Delete this file to keep the command from touching the folder.`,
      },
      null,
      2,
    ) + "\n"
  );
}

/** The command named by the marker in `dir`, or undefined when there is none (or it is not ours). */
export function markerOf(dir: string): string | undefined {
  const file = path.join(dir, MARKER);
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { command?: unknown };
    return typeof parsed.command === "string" ? parsed.command : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `a` is `b` or a parent folder of `b`. */
function isSameOrParent(a: string, b: string): boolean {
  const rel = path.relative(a, b);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Checks that `target` may be written by `options.command`, and says what is there. Throws an
 * `OutputError` for everything that is not absent, empty or the command's own output.
 */
export function checkOutputFolder(target: string, options: OutputOptions): FolderState {
  const where = `${options.command}: ${options.flag ?? "--out"} ${target}`;
  const dest = path.resolve(target);
  const repo = path.resolve(options.repoRoot ?? WORKBOOK_ROOT);
  const protectedPaths: [string, string][] = [
    [repo, "the repository"],
    [os.homedir(), "your home folder"],
    [process.cwd(), "the current folder"],
  ];
  for (const [p, what] of protectedPaths) {
    if (isSameOrParent(dest, p)) {
      throw new OutputError(
        `${where}: expected a folder of its own, got ${dest === p ? what : `a parent of ${what} (${p})`}; name a new folder such as ${path.join(p === dest ? p : dest, "out")}`,
      );
    }
  }
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dest);
  } catch {
    return "absent";
  }
  if (stat.isSymbolicLink())
    throw new OutputError(`${where}: expected a folder, got a symbolic link (to ${fs.readlinkSync(dest)}); name the folder itself`);
  if (!stat.isDirectory())
    throw new OutputError(`${where}: expected a folder, got a file (${stat.size} bytes); it is left as it is, name another path`);
  const entries = fs.readdirSync(dest);
  if (entries.length === 0) return "empty";
  const owner = markerOf(dest);
  if (owner === options.command) return "ours";
  const shown = entries.slice(0, 3).join(", ") + (entries.length > 3 ? ", …" : "");
  if (owner !== undefined) {
    throw new OutputError(
      `${where}: expected an empty folder or one made by npm run ${options.command}, got the output of npm run ${owner} (${entries.length} entries); name another folder`,
    );
  }
  throw new OutputError(
    `${where}: expected an empty folder or one made by npm run ${options.command} (with ${MARKER}), got a folder of ${entries.length} entries it did not make (${shown}); nothing was written, name a new or empty folder`,
  );
}

/**
 * Builds a folder as a whole: `fill(dir)` writes into a temporary sibling of `target`, which then
 * takes `target`'s place. A failure in `fill` removes the temporary folder and leaves `target` as it
 * was. An existing output of the same command is replaced only with `options.force`.
 */
export async function replaceFolder(target: string, options: OutputOptions, fill: (dir: string) => void | Promise<void>): Promise<string> {
  const dest = path.resolve(target);
  const state = checkOutputFolder(target, options);
  if (state === "ours" && options.force !== true) {
    throw new OutputError(
      `${options.command}: ${options.flag ?? "--out"} ${target}: expected a new or empty folder, got an earlier output of npm run ${options.command}; pass --force to replace it`,
    );
  }
  const parent = path.dirname(dest);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(dest)}.tmp-`));
  try {
    fs.writeFileSync(path.join(tmp, MARKER), markerText(options.command));
    await fill(tmp);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true }); // made above by us
    throw err;
  }
  if (state === "absent") {
    fs.renameSync(tmp, dest);
    return dest;
  }
  // The old folder (empty, or ours: checked above) moves aside, the new one takes its place.
  const old = `${tmp}.old`;
  fs.renameSync(dest, old);
  fs.renameSync(tmp, dest);
  fs.rmSync(old, { recursive: true, force: true });
  return dest;
}

/** A folder a command updates file by file. */
export interface OutputFolder {
  /** The folder (absolute). */
  readonly dir: string;
  /** Writes `relative` (a path inside the folder) atomically: temporary sibling, then rename. Returns the absolute path. */
  write(relative: string, data: string | Uint8Array, mode?: number): string;
  /** The absolute path of `relative`, refusing any path that leaves the folder. */
  resolve(relative: string): string;
}

/**
 * Opens (creating it, with the marker, when absent or empty) a folder that `options.command`
 * updates file by file. Refuses what `checkOutputFolder` refuses.
 */
export function openOutputFolder(target: string, options: OutputOptions): OutputFolder {
  const dir = path.resolve(target);
  const state = checkOutputFolder(target, options);
  if (state !== "ours") {
    fs.mkdirSync(dir, { recursive: true });
    writeFileAtomic(path.join(dir, MARKER), markerText(options.command));
  }
  const resolve = (relative: string): string => {
    const full = path.resolve(dir, relative);
    if (path.isAbsolute(relative) || !isSameOrParent(dir, full) || full === dir) {
      throw new OutputError(`${options.command}: expected a file inside ${dir}, got ${JSON.stringify(relative)}`);
    }
    return full;
  };
  return {
    dir,
    resolve,
    write(relative, data, mode) {
      const full = resolve(relative);
      if (fs.existsSync(full) && !fs.lstatSync(full).isFile()) {
        throw new OutputError(`${options.command}: ${full}: expected a file (or nothing), got a folder or link; it is left as it is`);
      }
      writeFileAtomic(full, data, mode);
      return full;
    },
  };
}

/** Writes a file through a temporary sibling and a rename, so a reader never sees half a file. */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Math.floor(performance.now() * 1000)}`;
  try {
    fs.writeFileSync(tmp, data, mode === undefined ? undefined : { mode });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
