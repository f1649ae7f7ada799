/**
 * Grading the written answers in a page: `npm run grade:written -- --out <dir> [--port N]`.
 *
 * `<dir>` is an output folder of `npm run grade`. A small HTTP server (node:http, 127.0.0.1 only)
 * shows one question at a time with its reference answer and the students' answers grouped
 * (answers.ts), and saves every score at once into `<dir>/manual-scores.csv` (manual-file.ts), then
 * rewrites the class files (gradebook.csv) from it, as `npm run grade -- --out <dir>` would.
 *
 * Who may post: a random token per run, printed in the URL. Opening the URL sets it as a cookie for
 * the page; every API call must also carry it in the X-Grade-Token header, which another page (another
 * port on this machine is the same site for cookies) cannot add without a CORS preflight that this
 * server never answers. The Host header must name this server (no DNS rebinding); the page's
 * Content-Security-Policy allows only its own script, and student text is set as text, never as HTML.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { writtenExercises } from "../catalogue";
import { readStored, writeClassFiles } from "../grade";
import { InputError } from "../notebook";
import { clean, readManualScores, type StudentResult } from "../reports";
import { markerOf, writeFileAtomic } from "../../scripts/lib/output";
import { questions } from "./answers";
import { applyEdits, entryKey, entryValues, NO_ROW, splitManualFile, type EntryValue } from "./manual-file";

export interface ServerOptions {
  /** The grading folder (an output of npm run grade). */
  readonly out: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** The per-run token (default: 32 random bytes, hex). */
  readonly token?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;
const MAX_COMMENT = 2000;

/** Refuses a folder that is not an output of npm run grade with at least one graded student. */
export function checkGradingFolder(out: string): string {
  const dir = path.resolve(out);
  const where = `grade:written: --out ${out}`;
  if (!fs.existsSync(dir)) throw new InputError(`${where}: expected an output folder of npm run grade, got no such folder`);
  if (!fs.statSync(dir).isDirectory()) throw new InputError(`${where}: expected an output folder of npm run grade, got a file`);
  const owner = markerOf(dir);
  if (owner !== "grade")
    throw new InputError(
      `${where}: expected an output folder of npm run grade (with .d2l-output.json naming grade), got ${owner === undefined ? "a folder without that marker" : `the output of npm run ${owner}`}`,
    );
  if (readStored(dir).length === 0)
    throw new InputError(`${where}: expected a grading folder with graded students (students/<id>/result.json), got none`);
  return dir;
}

/** What the page needs: each question with its groups, every member's saved value, and the progress. */
function pageState(dir: string, results: readonly StudentResult[]): object {
  const { values, problems } = readValues(dir);
  const value = (student: string, id: string): EntryValue => values.get(entryKey(student, id)) ?? NO_ROW;
  const qs = questions(results).map((q) => ({
    ...q,
    groups: q.groups.map((g) => ({ ...g, members: g.members.map((m) => ({ ...m, ...value(m.student, q.id) })) })),
  }));
  return { questions: qs, progress: progress(results, values), warnings: problems };
}

/** The file's entries, and what the gradebook merge would report about it (bad rows, a missing column). */
function readValues(dir: string): { values: Map<string, EntryValue>; problems: string[] } {
  const file = path.join(dir, "manual-scores.csv");
  if (!fs.existsSync(file)) return { values: new Map(), problems: [] };
  const text = fs.readFileSync(file, "utf8");
  const values = entryValues(splitManualFile(text));
  if (typeof values === "string") return { values: new Map(), problems: [values] };
  return { values, problems: readManualScores(text, new Map(writtenExercises().map((e) => [e.id, e.written!.points]))).errors };
}

const currentValues = (dir: string) => readValues(dir).values;

function progress(results: readonly StudentResult[], values: Map<string, EntryValue>): { scored: number; total: number } {
  // Scored: a score the gradebook merges (a number in [0, max]; a bad hand-edited one is a warning, not a score).
  const parts = writtenExercises();
  let scored = 0;
  for (const r of results)
    for (const e of parts) {
      const text = values.get(entryKey(r.student, e.id))?.score ?? "";
      const v = Number(text);
      if (text !== "" && Number.isFinite(v) && v >= 0 && v <= e.written!.points) scored++;
    }
  return { scored, total: results.length * parts.length };
}

interface SaveRequest {
  readonly exercise: string;
  readonly entries: { student: string; rev: string }[];
  readonly score: number | null;
  readonly comment: string;
}

/** The body of POST /api/score, checked; a Chinese message for the page when it is not acceptable. */
export function checkSave(body: unknown, students: ReadonlySet<string>): SaveRequest | string {
  if (typeof body !== "object" || body === null) return "请求体应为 JSON 对象";
  const b = body as Record<string, unknown>;
  const e = writtenExercises().find((x) => x.id === b.exercise);
  if (e === undefined) return `没有这道书面题：${JSON.stringify(b.exercise)}`;
  const max = e.written!.points;
  if (b.score !== null && (typeof b.score !== "number" || !Number.isFinite(b.score) || b.score < 0 || b.score > max))
    return `分数应为 0 到 ${max} 之间的数（或 null 表示清除），收到 ${JSON.stringify(b.score)}`;
  if (typeof b.score === "number" && Math.round(b.score * 100) !== b.score * 100) return `分数最多两位小数，收到 ${b.score}`;
  const comment = b.comment ?? "";
  if (typeof comment !== "string" || comment.length > MAX_COMMENT) return `评语应为不超过 ${MAX_COMMENT} 个字符的文本`;
  if (!Array.isArray(b.entries) || b.entries.length === 0 || b.entries.length > students.size) return "entries 应为非空数组";
  const seen = new Set<string>();
  for (const x of b.entries as unknown[]) {
    const entry = x as Record<string, unknown>;
    if (typeof entry?.student !== "string" || !students.has(entry.student)) return `没有这个学生：${JSON.stringify(entry?.student)}`;
    if (typeof entry.rev !== "string" || entry.rev.length > 64) return `学生 ${entry.student} 的版本号无效`;
    if (seen.has(entry.student)) return `学生 ${entry.student} 出现了两次`;
    seen.add(entry.student);
  }
  return {
    exercise: e.id,
    entries: (b.entries as { student: string; rev: string }[]).map((x) => ({ student: x.student, rev: x.rev })),
    score: b.score as number | null,
    comment: clean(comment.replace(/\r\n?/g, "\n")),
  };
}

/** Saves a checked request under the file's current content; the HTTP status and the answer. */
function save(dir: string, results: readonly StudentResult[], req: SaveRequest): [number, object] {
  const file = path.join(dir, "manual-scores.csv");
  const max = writtenExercises().find((x) => x.id === req.exercise)!.written!.points;
  const edits = req.entries.map((e) => ({
    student: e.student,
    exercise: req.exercise,
    maxPoints: max,
    rev: e.rev,
    score: req.score === null ? "" : String(req.score),
    comment: req.comment,
  }));
  const applied = applyEdits(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "", edits);
  if ("error" in applied) return [500, { error: applied.error }];
  if ("conflicts" in applied) return [409, { conflicts: applied.conflicts.map((c) => ({ student: c.student, ...c.value })) }];
  writeFileAtomic(file, applied.text);
  const { errors } = writeClassFiles(dir);
  return [
    200,
    {
      values: applied.values.map((v, k) => ({ student: edits[k].student, ...v })),
      progress: progress(results, currentValues(dir)),
      warnings: errors,
    },
  ];
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const sameToken = (a: string | undefined, b: string) =>
  a !== undefined && a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

function cookie(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

function send(res: http.ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": type, ...SECURITY_HEADERS, ...extra });
  res.end(body);
}

const json = (res: http.ServerResponse, status: number, body: object) =>
  send(res, status, "application/json; charset=utf-8", JSON.stringify(body));

function pageHtml(token: string): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="d2l-token" content="${token}">`,
    "<title>书面题评分 · 第六章</title>",
    '<link rel="stylesheet" href="/app.css"><script src="/app.js" defer></script>',
    '</head><body><main id="app"><p>正在载入……</p></main></body></html>',
    "",
  ].join("\n");
}

/** Starts the server; resolves once it listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const dir = checkGradingFolder(options.out);
  const token = options.token ?? crypto.randomBytes(32).toString("hex");
  if (!fs.existsSync(path.join(dir, "manual-scores.csv"))) writeClassFiles(dir); // creates it from the template, as npm run grade does
  const script = esbuild.buildSync({
    entryPoints: [path.join(__dirname, "client.ts")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    logLevel: "silent",
  }).outputFiles[0].text;
  const css = fs.readFileSync(path.join(__dirname, "page.css"), "utf8");
  let results = readStored(dir);
  let students = new Set(results.map((r) => r.student));
  const server = http.createServer();
  let port = 0;
  const cookieName = () => `d2l_written_${port}`;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const host = req.headers.host ?? "";
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, "text/plain; charset=utf-8", "wrong Host\n");
    const url = new URL(req.url ?? "/", `http://${host}`);
    if (req.method === "GET" && url.pathname === "/app.js") return send(res, 200, "text/javascript; charset=utf-8", script);
    if (req.method === "GET" && url.pathname === "/app.css") return send(res, 200, "text/css; charset=utf-8", css);
    if (req.method === "GET" && url.pathname === "/") {
      if (sameToken(url.searchParams.get("token") ?? undefined, token)) {
        // The token moves into a cookie, and out of the address bar and the history.
        return send(res, 303, "text/plain; charset=utf-8", "", {
          Location: "/",
          "Set-Cookie": `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        });
      }
      if (!sameToken(cookie(req, cookieName()), token))
        return send(res, 403, "text/plain; charset=utf-8", "需要令牌：请打开 npm run grade:written 在终端里打印的完整网址。\n");
      return send(res, 200, "text/html; charset=utf-8", pageHtml(token));
    }
    if (!url.pathname.startsWith("/api/")) return send(res, 404, "text/plain; charset=utf-8", "not found\n");
    const header = req.headers["x-grade-token"];
    if (!sameToken(typeof header === "string" ? header : undefined, token)) return json(res, 403, { error: "令牌无效" });
    if (req.method === "GET" && url.pathname === "/api/state") {
      results = readStored(dir); // a regrade may have added students
      students = new Set(results.map((r) => r.student));
      return json(res, 200, pageState(dir, results));
    }
    if (req.method === "POST" && url.pathname === "/api/score") {
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${host}`) return json(res, 403, { error: `来源不符：${origin}` });
      if (!/^application\/json\b/.test(req.headers["content-type"] ?? "")) return json(res, 415, { error: "请求体应为 application/json" });
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return json(res, 400, { error: "请求体不是有效的 JSON（或超过 256 KB）" });
      }
      const checked = checkSave(body, students);
      if (typeof checked === "string") return json(res, 400, { error: checked });
      const [status, answer] = save(dir, results, checked);
      return json(res, status, answer);
    }
    return json(res, 404, { error: "没有这个接口" });
  };

  server.on("request", (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: `服务器出错：${err instanceof Error ? err.message : String(err)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE" ? new InputError(`grade:written: --port ${options.port}: expected a free port, got one in use`) : err,
      ),
    );
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const USAGE = `usage: npm run grade:written -- --out <dir> [--port N]
  --out DIR   an output folder of npm run grade (its manual-scores.csv receives the scores)
  --port N    port on 127.0.0.1 (default: a free one)
Prints the page's address (with its per-run token); every score is saved at once into
<dir>/manual-scores.csv and <dir>/gradebook.csv is rewritten.`;

export function parseArgs(argv: readonly string[]): ServerOptions | string {
  let out: string | undefined;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--"))
        throw new InputError(`grade:written: ${a}: expected a value, got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
      return v;
    };
    if (a === "--help" || a === "-h") return USAGE;
    else if (a === "--out") out = value();
    else if (a === "--port") {
      const text = value();
      port = Number(text);
      if (!/^\d+$/.test(text) || port > 65535)
        throw new InputError(`grade:written: --port: expected an integer in [0, 65535], got ${JSON.stringify(text)}`);
    } else throw new InputError(`grade:written: unknown argument ${JSON.stringify(a)}; expected --out <dir> [--port N]\n${USAGE}`);
  }
  if (out === undefined) throw new InputError(`grade:written: --out: expected the grading folder, got nothing\n${USAGE}`);
  return { out, port };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (typeof options === "string") return console.log(options);
  const running = await startServer(options);
  console.log(`written answers of ${path.resolve(options.out)}: open ${running.url}`);
  console.log("scores go to manual-scores.csv and gradebook.csv at once; Ctrl-C stops the server");
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof InputError ? err.message : err instanceof Error ? err.stack : String(err));
    process.exit(err instanceof InputError ? 2 : 1);
  });
}
