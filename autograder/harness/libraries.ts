/** The libraries a grading process loads once: tfjs on the workbook's backend, d2lzh, d2lzh/check and the exercises' public suites. */
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import type { Libraries } from "./evaluate";

/**
 * The real folder of the exercises package of the workbook at `root` (solutions/ here, exercises/
 * in a release). Read from node_modules' link by the parent, which passes it to the child.
 */
export function exercisesDir(root: string): string {
  return (
    process.env.D2L_EXERCISES_DIR ??
    path.dirname(fs.realpathSync(createRequire(path.join(root, "package.json")).resolve("d2lzh-exercises/package.json")))
  );
}

/** Loads the libraries from the workbook at `root` and picks the backend quietly (wasm here). */
export async function loadLibraries(root: string): Promise<Libraries> {
  const req = createRequire(path.join(root, "package.json"));
  // The exercises package by its real path: the grading child may read only its dist/ (its folder
  // also holds the solutions and hidden tests), so it must not resolve through node_modules' link.
  const exercisesMain = path.join(exercisesDir(root), "dist", "index.js");
  const d2l = req("d2lzh") as typeof import("d2lzh");
  await d2l.backend({ quiet: true });
  return {
    tf: req("@tensorflow/tfjs") as typeof import("@tensorflow/tfjs"),
    d2l,
    check: req("d2lzh/check") as typeof import("d2lzh/check"),
    exercises: req(exercisesMain) as typeof import("d2lzh-exercises"),
    require: (id: string) => {
      if (id === "@tensorflow/tfjs" || id === "d2lzh" || id.startsWith("d2lzh/")) return req(id);
      throw new Error(`tests may import only @tensorflow/tfjs and d2lzh, got ${id}`);
    },
  };
}
