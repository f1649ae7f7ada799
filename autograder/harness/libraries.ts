/** The libraries a grading process loads once: tfjs on the workbook's backend, d2lzh, d2lzh/check. */
import * as path from "node:path";
import { createRequire } from "node:module";
import type { Libraries } from "./evaluate";

/** Loads the libraries from the workbook at `root` and picks the backend quietly (wasm here). */
export async function loadLibraries(root: string): Promise<Libraries> {
  const req = createRequire(path.join(root, "package.json"));
  const d2l = req("d2lzh") as typeof import("d2lzh");
  await d2l.backend({ quiet: true });
  return {
    tf: req("@tensorflow/tfjs") as typeof import("@tensorflow/tfjs"),
    d2l,
    check: req("d2lzh/check") as typeof import("d2lzh/check"),
    require: (id: string) => {
      if (id === "@tensorflow/tfjs" || id === "d2lzh" || id.startsWith("d2lzh/")) return req(id);
      throw new Error(`tests may import only @tensorflow/tfjs and d2lzh, got ${id}`);
    },
  };
}
