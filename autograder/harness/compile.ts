/**
 * Compiling what the grader runs:
 * - an exercise cell (TypeScript as written in the notebook) into a JS function expression that
 *   the harness calls with a restricted `require`, and that resolves to the names the cell defines;
 * - the hidden test files into one CommonJS text each (bundled, with the library external, so that
 *   they share the child's single copy of tfjs and d2lzh/check).
 * Type errors are not checked here (tslab checks them in the notebook); syntax errors are reported
 * with the cell's own line numbers. A cell too long or too deeply nested is refused before esbuild
 * sees it; an esbuild failure that is not about the code throws CompilerFailure (see compileCell).
 */
import * as esbuild from "esbuild";

/** The modules an exercise cell may import, and the names the prelude binds them to. */
export const CELL_MODULES: Readonly<Record<string, string>> = { "@tensorflow/tfjs": "tf", d2lzh: "d2l" };

export type CompiledCell = { readonly ok: true; readonly js: string } | { readonly ok: false; readonly error: string };

/**
 * Bounds on what esbuild is given. Its parser recurses once per nesting level: about 200,000 nested
 * `[` exhaust the Go stack and kill the service (measured on esbuild 0.25.12), and nested blocks cost
 * quadratic time (4,000 take 0.8 s). Real exercise cells nest fewer than 20 levels and are a few KB.
 */
export const MAX_CELL_CHARS = 100_000;
export const MAX_CELL_DEPTH = 256;

/** esbuild failed for a reason that is not the student's code (the service died): a grader error, not a grade. */
export class CompilerFailure extends Error {
  override readonly name = "CompilerFailure";
}

/** The deepest bracket nesting in `code` (brackets in strings and comments count too: a bound, not a parse). */
export function nestingDepth(code: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < code.length; i++) {
    const ch = code.charCodeAt(i);
    if (ch === 40 || ch === 91 || ch === 123) deepest = Math.max(deepest, ++depth);
    else if ((ch === 41 || ch === 93 || ch === 125) && depth > 0) depth--;
  }
  return deepest;
}

/** Why the cell is refused before esbuild sees it, or undefined. */
function tooBig(body: string): string | undefined {
  const depth = nestingDepth(body);
  if (depth > MAX_CELL_DEPTH) return `练习单元格的括号嵌套太深（${depth} 层，上限 ${MAX_CELL_DEPTH} 层）：请把表达式拆开写`;
  if (body.length > MAX_CELL_CHARS)
    return `练习单元格太长（${body.length} 个字符，上限 ${MAX_CELL_CHARS}）：单元格里只应定义题目要求的函数`;
  return undefined;
}

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

const TRANSFORM: esbuild.TransformOptions = { loader: "ts", target: "node20", format: undefined, sourcemap: false, logLevel: "silent" };

/** The source esbuild gets for a cell (or why the cell is refused first), and how to place its diagnoses. */
function prepareCell(body: string, names: readonly string[]): { error: string } | { source: string; code: string; headLines: number } {
  const refused = tooBig(body);
  if (refused) return { error: refused };
  const rewritten = rewriteImports(body.replace(/\r\n/g, "\n"));
  if (rewritten.error) return { error: `练习单元格有问题：${rewritten.error}` };
  const code = rewritten.code.replace(
    /^(\s*)export\s+(?=(default\s+)?(async\s+)?(const|let|var|function|class|interface|type|enum)\b)/gm,
    "$1",
  );
  const head = `(async (__require) => {\n"use strict";\nconst tf = __require("@tensorflow/tfjs");\nconst d2l = __require("d2lzh");\n`;
  const headLines = head.split("\n").length - 1;
  const grab = names.map((n) => `${JSON.stringify(n)}: typeof ${n} === "undefined" ? undefined : ${n}`).join(", ");
  return { source: `${head}${code}\n;return { ${grab} };\n})`, code, headLines };
}

/** esbuild's error as the student's message, with the cell's own line numbers. */
function diagnosis(err: unknown, code: string, headLines: number): CompiledCell {
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

/**
 * A cell's compile time (s) before the grader gives up on it. Some short cells take esbuild very
 * long: 2,000 chained arrows (`a=>a=>…`, 6 KB) took 11.6 s on this machine, and a sync compile
 * held the grader's main thread for all of it.
 */
export const COMPILE_TIMEOUT_MS = 10_000;

type Transform = (source: string, options: esbuild.TransformOptions) => Promise<{ code: string }>;

/**
 * Compiles a cell into `async (__require) => ({ name: value, … })`, a JS function expression. The
 * prelude binds `tf` and `d2l`; names the cell does not define come back as undefined.
 * esbuild's service compiles in its own process while the grader's event loop runs on; past
 * `timeoutMs` the service is stopped (its process killed; the next call starts a new one) and the
 * cell refused. A failure that is not about the code restarts the service and tries once more; a
 * second one throws CompilerFailure.
 */
export async function compileCell(
  body: string,
  names: readonly string[],
  timeoutMs = COMPILE_TIMEOUT_MS,
  transform: Transform = esbuild.transform,
): Promise<CompiledCell> {
  const p = prepareCell(body, names);
  if ("error" in p) return { ok: false, error: p.error };
  for (let attempt = 1; ; attempt++) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), timeoutMs)));
    const done = transform(p.source, TRANSFORM).then(
      (out) => ({ out }),
      (err: unknown) => ({ err }),
    );
    const r = await Promise.race([done, late]);
    clearTimeout(timer);
    if (r === "late") {
      await esbuild.stop();
      return { ok: false, error: `练习单元格编译超过 ${Math.round(timeoutMs / 1000)} 秒仍未完成：请检查是否有层层嵌套的写法` };
    }
    if ("out" in r) return { ok: true, js: r.out.code };
    if ((r.err as { errors?: unknown[] }).errors?.length) return diagnosis(r.err, p.code, p.headLines);
    await esbuild.stop();
    if (attempt === 2) throw new CompilerFailure(`esbuild failed twice (${String(r.err).slice(0, 300)})`);
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
