/**
 * A throw-away copy of this workbook for tests that run its commands as a user would: the working
 * tree's files (tracked and new, not ignored) in a temporary folder that is its own git repository,
 * with node_modules linked to the real one. Tests never run a writing command in the real checkout.
 */
import { spawnSync, SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

export interface WorkbookCopy {
  /** The copy's root. */
  readonly root: string;
  /** Runs `node --import tsx <script> ...args` in the copy (the way `npm run` runs it, without npm). */
  tsx(script: string, args: readonly string[], env?: NodeJS.ProcessEnv): SpawnSyncReturns<string>;
  /** Runs a command in the copy. */
  run(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): SpawnSyncReturns<string>;
  /** `git status --porcelain` of the copy: empty when no tracked file changed and nothing new appeared. */
  changes(): string;
  remove(): void;
}

/** Copies the workbook (the files under `only`, a list of top-level paths, or everything). */
export function workbookCopy(only?: readonly string[]): WorkbookCopy {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-copy-"));
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`workbookCopy: git ls-files failed: ${listed.stderr}`);
  for (const f of listed.stdout.split("\0")) {
    if (f === "" || !fs.existsSync(path.join(ROOT, f))) continue;
    if (only !== undefined && !only.some((o) => f === o || f.startsWith(`${o}/`))) continue;
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(root, f));
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "node_modules"));
  const git = (...args: string[]) =>
    spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", ...args], { cwd: root, encoding: "utf8" });
  git("init", "-q");
  fs.appendFileSync(path.join(root, ".git", "info", "exclude"), "/node_modules\n");
  git("add", "-A");
  git("commit", "-q", "-m", "copy");
  const run = (command: string, args: readonly string[], env?: NodeJS.ProcessEnv) =>
    spawnSync(command, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  return {
    root,
    run,
    tsx: (script, args, env) => run(process.execPath, ["--import", "tsx", script, ...args], env),
    changes: () => git("status", "--porcelain").stdout,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
