/**
 * Compiling what the grader runs:
 * - an exercise cell (TypeScript as written in the notebook) into a JS function expression that
 *   the harness calls with a restricted `require`, and that resolves to the names the cell defines;
 * - the hidden test files into one CommonJS text each (bundled, with the library external, so that
 *   they share the child's single copy of tfjs and d2lzh/check).
 * Type errors are not checked here (tslab checks them in the notebook); syntax errors are reported
 * with the cell's own line numbers.
 */
import * as esbuild from "esbuild";

/** The modules an exercise cell may import, and the names the prelude binds them to. */
export const CELL_MODULES: Readonly<Record<string, string>> = { "@tensorflow/tfjs": "tf", d2lzh: "d2l" };

export type CompiledCell = { readonly ok: true; readonly js: string } | { readonly ok: false; readonly error: string };

const IMPORT = /^\s*import\s+(type\s+)?(.+?)\s+from\s+["']([^"']+)["']\s*;?\s*$/;

/** Rewrites the cell's import lines into `const … = __require("…")` (prelude imports are dropped). */
function rewriteImports(body: string): { code: string; error?: string } {
  const lines = body.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!/^\s*import\s/.test(line)) continue;
    const m = IMPORT.exec(line);
    if (!m) return { code: "", error: `第 ${i + 1} 行：请把 import 写在一行里，例如 import * as tf from "@tensorflow/tfjs";` };
    const [, isType, clause, from] = m;
    if (!(from in CELL_MODULES)) {
      return { code: "", error: `第 ${i + 1} 行：练习单元格只能导入 @tensorflow/tfjs 和 d2lzh，不能导入 ${JSON.stringify(from)}` };
    }
    if (isType) {
      lines[i] = "";
      continue;
    }
    const ns = /^\*\s+as\s+([A-Za-z_$][\w$]*)$/.exec(clause);
    const named = /^\{([^}]*)\}$/.exec(clause);
    if (ns) {
      lines[i] = ns[1] === CELL_MODULES[from] ? "" : `const ${ns[1]} = __require(${JSON.stringify(from)});`;
    } else if (named) {
      const parts = named[1]
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "" && !s.startsWith("type "));
      const pattern = parts.map((p) => p.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, "$1: $2")).join(", ");
      lines[i] = `const { ${pattern} } = __require(${JSON.stringify(from)});`;
    } else {
      return { code: "", error: `第 ${i + 1} 行：不支持这种 import 写法：${line.trim()}` };
    }
  }
  return { code: lines.join("\n") };
}

/**
 * Compiles a cell into `async (__require) => ({ name: value, … })`, a JS function expression. The
 * prelude binds `tf` and `d2l`; names the cell does not define come back as undefined.
 */
export function compileCell(body: string, names: readonly string[]): CompiledCell {
  const rewritten = rewriteImports(body.replace(/\r\n/g, "\n"));
  if (rewritten.error) return { ok: false, error: `练习单元格有问题：${rewritten.error}` };
  const code = rewritten.code.replace(
    /^(\s*)export\s+(?=(default\s+)?(async\s+)?(const|let|var|function|class|interface|type|enum)\b)/gm,
    "$1",
  );
  const head = `(async (__require) => {\n"use strict";\nconst tf = __require("@tensorflow/tfjs");\nconst d2l = __require("d2lzh");\n`;
  const headLines = head.split("\n").length - 1;
  const grab = names.map((n) => `${JSON.stringify(n)}: typeof ${n} === "undefined" ? undefined : ${n}`).join(", ");
  const source = `${head}${code}\n;return { ${grab} };\n})`;
  try {
    const out = esbuild.transformSync(source, { loader: "ts", target: "node20", format: undefined, sourcemap: false, logLevel: "silent" });
    return { ok: true, js: out.code };
  } catch (err) {
    const first = (err as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors?.[0];
    if (first) {
      const line = first.location ? first.location.line - headLines : undefined;
      const cellLines = code.split("\n").length;
      const where =
        line === undefined || line < 1
          ? ""
          : line > cellLines
            ? "（在单元格末尾：是不是有括号或引号没有闭合？）"
            : `（第 ${line} 行第 ${first.location!.column + 1} 列）`;
      return { ok: false, error: `练习单元格有语法错误${where}：${first.text}` };
    }
    return { ok: false, error: `练习单元格无法编译：${String(err)}` };
  }
}

/** The modules hidden tests may import at run time (everything else is bundled into them). */
export const TEST_EXTERNALS = ["@tensorflow/tfjs", "d2lzh", "d2lzh/*"];

/** Bundles a test file (TypeScript) into CommonJS text; library modules stay external. */
export function bundleTests(file: string): string {
  const out = esbuild.buildSync({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: "cjs",
    platform: "node",
    target: "node20",
    external: TEST_EXTERNALS,
    logLevel: "silent",
  });
  return `"use strict";\n${out.outputFiles[0].text}`;
}
