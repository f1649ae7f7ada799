/**
 * The workbook's Jupyter kernel: this checkout's own tslab run with this Node, so notebooks find
 * `d2lzh` and the pinned tfjs.
 *
 * The kernelspec is private to the checkout: it lives in `.jupyter-data/kernels/tslab/` (ignored by
 * git), and `npm start` and the notebook tests put that folder first on `JUPYTER_PATH`, so they use
 * this checkout's kernel whatever else is registered, and nothing in the user's home is written.
 * Two clones never see each other's kernel.
 *
 *   npm run kernel                 (re)write the private kernelspec (npm start and the tests do this themselves)
 *   npm run kernel -- --user       also register it in your own Jupyter as "tslab-<checkout id>"
 *   npm run kernel -- --remove-user  remove that registration again
 */
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "./lib/output";

const ROOT = path.resolve(__dirname, "..");

/** The checkout's private Jupyter data folder (first on JUPYTER_PATH for npm start and the tests). */
export function localJupyterDir(root = ROOT): string {
  return path.join(root, ".jupyter-data");
}

/** The name under which `--user` registers this checkout's kernel: unique per checkout folder. */
export function userKernelName(root = ROOT): string {
  return `tslab-${createHash("sha1").update(path.resolve(root)).digest("hex").slice(0, 8)}`;
}

export function kernelSpec(root = ROOT, displayName = "TypeScript (d2l-zh 第六章)"): object {
  return {
    argv: [process.execPath, path.join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
    display_name: displayName,
    language: "typescript",
  };
}

/** The environment under which Jupyter finds this checkout's kernel before any other named tslab. */
export function jupyterPathEnv(root = ROOT, env: NodeJS.ProcessEnv = process.env): { JUPYTER_PATH: string } {
  const own = localJupyterDir(root);
  const rest = (env.JUPYTER_PATH ?? "").split(path.delimiter).filter((p) => p !== "" && p !== own);
  return { JUPYTER_PATH: [own, ...rest].join(path.delimiter) };
}

/** Writes the private kernelspec (when it differs) and returns its folder. Needs no Jupyter. */
export function installLocalKernel(root = ROOT): string {
  const tslab = path.join(root, "node_modules", "tslab", "bin", "tslab");
  if (!fs.existsSync(tslab)) throw new Error(`install-kernel: expected tslab at ${tslab}, got nothing; run npm ci first`);
  const dir = path.join(localJupyterDir(root), "kernels", "tslab");
  const file = path.join(dir, "kernel.json");
  const text = JSON.stringify(kernelSpec(root), null, 2) + "\n";
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) writeFileAtomic(file, text);
  return dir;
}

/** The `jupyter` command, or undefined when it does not run. */
export function findJupyter(): string | undefined {
  const r = spawnSync("jupyter", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? "jupyter" : undefined;
}

export const INSTALL_JUPYTER =
  "pip install jupyterlab, or on Debian/Ubuntu apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient";

function userKernelDir(): string {
  const jupyter = findJupyter();
  if (jupyter === undefined) throw new Error(`install-kernel: --user: expected Jupyter on PATH, got none; install it (${INSTALL_JUPYTER})`);
  const r = spawnSync(jupyter, ["--data-dir"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`install-kernel: \`jupyter --data-dir\` failed: ${r.stderr.trim().split("\n").pop()}`);
  return path.join(r.stdout.trim(), "kernels", userKernelName());
}

/** Registers this checkout's kernel in the user's Jupyter under a name no other checkout uses. */
export function installUserKernel(): string {
  const dir = userKernelDir();
  writeFileAtomic(path.join(dir, "kernel.json"), JSON.stringify(kernelSpec(ROOT, `TypeScript (d2l-zh 第六章, ${ROOT})`), null, 2) + "\n");
  return dir;
}

/** Removes what installUserKernel wrote (only a kernelspec that runs this checkout's tslab). */
export function removeUserKernel(): string | undefined {
  const dir = userKernelDir();
  const file = path.join(dir, "kernel.json");
  if (!fs.existsSync(file)) return undefined;
  const argv = (JSON.parse(fs.readFileSync(file, "utf8")) as { argv?: string[] }).argv ?? [];
  if (argv[1] !== path.join(ROOT, "node_modules", "tslab", "bin", "tslab") || fs.readdirSync(dir).some((f) => f !== "kernel.json")) {
    throw new Error(`install-kernel: --remove-user: ${dir} is not the kernelspec this command wrote for ${ROOT}; it is left as it is`);
  }
  fs.rmSync(dir, { recursive: true });
  return dir;
}

const USAGE = `usage: npm run kernel [-- option]
  (no option)     write this checkout's private kernelspec to .jupyter-data/kernels/tslab (npm start and
                  the notebook tests do this themselves and put .jupyter-data first on JUPYTER_PATH)
  --user          also register the kernel in your own Jupyter (jupyter --data-dir) as
                  "${userKernelName()}", unique to this checkout; in your JupyterLab pick
                  "TypeScript (d2l-zh 第六章, ${ROOT})" when a notebook asks for the tslab kernel
  --remove-user   remove that registration
  --help          this text`;

function main(argv: readonly string[]): void {
  const [flag, ...rest] = argv;
  if (rest.length > 0 || (flag !== undefined && !["--user", "--remove-user", "--help", "-h"].includes(flag))) {
    throw new Error(`install-kernel: expected no argument, --user, --remove-user or --help, got ${JSON.stringify(argv.join(" "))}`);
  }
  if (flag === "--help" || flag === "-h") {
    console.log(USAGE);
    return;
  }
  if (flag === "--remove-user") {
    const dir = removeUserKernel();
    console.log(dir === undefined ? `no kernel "${userKernelName()}" was registered for this checkout` : `removed ${dir}`);
    return;
  }
  const dir = installLocalKernel();
  console.log(
    `wrote the private kernelspec ${path.relative(process.cwd(), dir) || dir} (used by npm start and the tests; nothing outside this checkout)`,
  );
  if (flag === "--user") console.log(`registered "${userKernelName()}" in ${installUserKernel()} (runs ${ROOT}/node_modules/tslab)`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
