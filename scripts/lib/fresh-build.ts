/**
 * Keeps the workspace packages' builds (lib/dist, solutions/dist) in step with their sources.
 *
 * The notebook builder and the grader read d2lzh and the exercise catalogue from the built `dist/`
 * folders. After a `git pull` the sources change and `dist/` does not, so without this check a
 * maintainer would build notebooks from, or grade against, last week's exercises. Each package's
 * sources are the files its tsconfig.json includes; a package is stale when one of them is newer than
 * its output (or has none), when its tsconfig.json is newer than the build, or when `dist/` holds a
 * module whose source is gone (a moved or deleted file). A stale package is rebuilt with `tsc -p`, as
 * `npm run build` does; its `dist/` is removed first only in the last case (it is the build's own output).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

interface TsConfig {
  readonly compilerOptions?: { readonly outDir?: string; readonly rootDir?: string };
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

/** A tsconfig include/exclude pattern as a test on a path relative to the config's folder. */
function matcher(pattern: string): (rel: string) => boolean {
  const clean = pattern.replace(/^\.\//, "").replace(/\/$/, "");
  if (!clean.includes("*")) return (rel) => rel === clean || rel.startsWith(`${clean}/`);
  const source = clean
    .split("/")
    .map((part) => (part === "**" ? ".*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")))
    .join("/");
  return (rel) => new RegExp(`^${source}$`).test(rel);
}

function walk(dir: string, base: string, skip: (rel: string) => boolean, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = path.relative(base, full).split(path.sep).join("/");
    if (skip(rel)) continue;
    if (entry.isDirectory()) walk(full, base, skip, out);
    else if (entry.isFile()) out.push(rel);
  }
}

/** Why one package's build is stale (no reasons when it is fresh), and whether its output holds orphans. */
export function packageStaleness(pkgDir: string): { readonly reasons: string[]; readonly outDir: string; readonly orphans: boolean } {
  const configFile = path.join(pkgDir, "tsconfig.json");
  if (!fs.existsSync(configFile)) return { reasons: [], outDir: "", orphans: false };
  const config = JSON.parse(fs.readFileSync(configFile, "utf8")) as TsConfig;
  const outDir = path.join(pkgDir, config.compilerOptions?.outDir ?? "dist");
  const rootDir = path.join(pkgDir, config.compilerOptions?.rootDir ?? ".");
  const includes = (config.include ?? ["**/*"]).map(matcher);
  const excludes = [...(config.exclude ?? []), "node_modules", path.relative(pkgDir, outDir)].map(matcher);
  const name = path.basename(pkgDir);
  const files: string[] = [];
  walk(pkgDir, pkgDir, (rel) => excludes.some((m) => m(rel)), files);
  const sources = files.filter((rel) => /\.ts$/.test(rel) && !/\.d\.ts$/.test(rel) && includes.some((m) => m(rel)));
  if (!fs.existsSync(outDir)) return { reasons: [`${name}: not built yet`], outDir, orphans: false };

  const reasons: string[] = [];
  const outputs = new Set<string>();
  for (const rel of sources) {
    const fromRoot = path.relative(rootDir, path.join(pkgDir, rel));
    const out = path.join(outDir, fromRoot.replace(/\.ts$/, ".js"));
    outputs.add(path.resolve(out));
    if (!fs.existsSync(out)) reasons.push(`${name}/${rel} has not been built`);
    else if (fs.statSync(path.join(pkgDir, rel)).mtimeMs > fs.statSync(out).mtimeMs) reasons.push(`${name}/${rel} changed since the build`);
  }
  const built: string[] = [];
  walk(outDir, outDir, () => false, built);
  const oldest = Math.min(...built.map((rel) => fs.statSync(path.join(outDir, rel)).mtimeMs));
  if (fs.statSync(configFile).mtimeMs > oldest) reasons.push(`${name}/tsconfig.json changed since the build`);
  let orphans = false;
  for (const rel of built.filter((r) => r.endsWith(".js")))
    if (!outputs.has(path.resolve(outDir, rel))) {
      orphans = true;
      reasons.push(`${name}/${path.basename(outDir)}/${rel} has no source any more`);
    }
  return { reasons, outDir, orphans };
}

/**
 * The folder a workspace package is loaded from: where `require` resolves its name from the root
 * (a test's copy of the workbook links node_modules to the real checkout, whose packages it then
 * loads), or the workspace folder itself when nothing resolves it.
 */
function loadedFrom(root: string, ws: string): string {
  const dir = path.join(root, ws);
  try {
    const name = (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string }).name;
    if (name !== undefined) return fs.realpathSync(path.dirname(require.resolve(`${name}/package.json`, { paths: [root] })));
  } catch {
    // not installed under that name: the workspace folder it is
  }
  return fs.realpathSync(dir);
}

/** The workspace packages (root package.json `workspaces`, in order) whose builds are stale, by folder. */
export function staleBuilds(root: string): Map<string, ReturnType<typeof packageStaleness>> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { workspaces?: string[] };
  const stale = new Map<string, ReturnType<typeof packageStaleness>>();
  for (const ws of pkg.workspaces ?? []) {
    const dir = loadedFrom(root, ws);
    const found = packageStaleness(dir);
    if (found.reasons.length > 0) stale.set(dir, found);
  }
  return stale;
}

/**
 * Rebuilds the workspace packages whose sources changed since their last build (see the file's
 * comment), each with its own tsconfig, in the workspaces' order. Says what it does on `log`; throws
 * when a build fails. Returns whether it built anything.
 */
export function ensureFreshBuild(root: string, log: (line: string) => void = (l) => console.error(l)): boolean {
  const stale = staleBuilds(root);
  const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
  for (const [dir, { reasons, outDir, orphans }] of stale) {
    const name = path.relative(root, dir) || dir;
    const shown = reasons.slice(0, 3).join("; ") + (reasons.length > 3 ? ` (and ${reasons.length - 3} more)` : "");
    log(`${name}: the build is older than its sources (${shown}); rebuilding`);
    if (orphans) fs.rmSync(outDir, { recursive: true, force: true });
    const run = spawnSync(process.execPath, [tsc, "-p", dir], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (run.error !== undefined || run.status !== 0)
      throw new Error(`tsc -p ${name} failed (${run.error?.message ?? `exit ${run.status}`}): fix the errors above, then try again`);
  }
  return stale.size > 0;
}
