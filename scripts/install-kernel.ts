/**
 * Registers a Jupyter kernel named `tslab` that runs this workbook's own tslab with this Node, so
 * notebooks find `d2lzh` and the pinned tfjs. `npm run kernel` (the start command calls it too).
 *
 * Works with any Jupyter on PATH (pip's JupyterLab / Notebook 7, or Debian's classic Notebook):
 * it writes kernel.json into the user's Jupyter data folder (`jupyter --data-dir`)/kernels/tslab,
 * which is what `jupyter kernelspec install --user` does (Debian does not ship that subcommand).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..");

export function kernelSpec(): object {
  return {
    argv: [process.execPath, path.join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (d2l-zh 第六章)",
    language: "typescript",
  };
}

/** The `jupyter` command, or undefined with the reason printed by the caller. */
export function findJupyter(): string | undefined {
  const r = spawnSync("jupyter", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? "jupyter" : undefined;
}

export function installKernel(): void {
  const jupyter = findJupyter();
  if (jupyter === undefined) {
    throw new Error(
      "install-kernel: Jupyter was not found on PATH. Install JupyterLab with `pip install jupyterlab`, " +
        "or on Debian/Ubuntu `apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient`, then run `npm run kernel` again.",
    );
  }
  const r = spawnSync(jupyter, ["--data-dir"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`install-kernel: \`jupyter --data-dir\` failed:\n${r.stderr}`);
  const dir = path.join(r.stdout.trim(), "kernels", "tslab");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(kernelSpec(), null, 2) + "\n");
  console.log(`Registered the Jupyter kernel "tslab" in ${dir} (runs ${root}/node_modules/tslab)`);
}

if (require.main === module) {
  try {
    installKernel();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
