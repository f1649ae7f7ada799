/**
 * Datasets: where they live, how they are fetched and verified.
 *
 * `data/datasets.json` in the workbook is the manifest. A downloaded archive is looked for in
 * `D2L_DATA_DIR` first, then in the cache `data/cache/`; if it is in neither it is downloaded into
 * the cache (unless `D2L_OFFLINE=1`), and every archive is checked against the manifest's size and
 * SHA-1 before it is used.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { unzipSync } from "fflate";

export interface DatasetEntry {
  readonly description: string;
  /** File name of the archive or text file. */
  readonly file: string;
  /** Where it is downloaded from; absent for files that ship with the workbook. */
  readonly url?: string;
  readonly source?: string;
  readonly sha1?: string;
  readonly bytes?: number;
  /** The member to read, when `file` is a zip archive. */
  readonly member?: string;
  /** True for files written by this project and kept in `data/`. */
  readonly local?: boolean;
}

export interface DatasetOptions {
  /** Look here before `D2L_DATA_DIR` and the cache. */
  readonly dataDir?: string;
  /** Never download (also set by `D2L_OFFLINE=1`). */
  readonly offline?: boolean;
}

/** The workbook's top folder (`D2L_HOME`, or three levels above this compiled file, lib/dist/data/). */
export function workbookRoot(): string {
  return process.env.D2L_HOME ? path.resolve(process.env.D2L_HOME) : path.resolve(__dirname, "..", "..", "..");
}

/** The manifest `data/datasets.json`. */
export function datasetManifest(): Readonly<Record<string, DatasetEntry>> {
  const file = path.join(workbookRoot(), "data", "datasets.json");
  return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, DatasetEntry>;
}

function entryOf(name: string): DatasetEntry {
  const manifest = datasetManifest();
  const entry = manifest[name];
  if (entry === undefined) {
    throw new Error(`dataset: name: expected one of ${Object.keys(manifest).join(", ")}; got ${JSON.stringify(name)}`);
  }
  return entry;
}

/** The folders searched for a downloaded archive, in order. */
export function dataDirs(options: DatasetOptions = {}): string[] {
  const dirs: string[] = [];
  if (options.dataDir) dirs.push(path.resolve(options.dataDir));
  if (process.env.D2L_DATA_DIR) dirs.push(path.resolve(process.env.D2L_DATA_DIR));
  dirs.push(path.join(workbookRoot(), "data", "cache"));
  return dirs;
}

/** Checks a file's bytes against the manifest; returns a problem, or undefined when it matches. */
export function verifyBytes(entry: DatasetEntry, bytes: Uint8Array): string | undefined {
  if (entry.bytes !== undefined && bytes.length !== entry.bytes) {
    return `expected ${entry.bytes} bytes, got ${bytes.length}`;
  }
  if (entry.sha1 !== undefined) {
    const sha1 = createHash("sha1").update(bytes).digest("hex");
    if (sha1 !== entry.sha1) return `expected SHA-1 ${entry.sha1}, got ${sha1}`;
  }
  return undefined;
}

/**
 * Returns the verified bytes of a dataset's file, downloading it into the cache when it is in none
 * of the data folders. A file that is present but wrong is an error, never silently used.
 */
export async function datasetBytes(name: string, options: DatasetOptions = {}): Promise<Uint8Array> {
  const entry = entryOf(name);
  if (entry.local) return fs.readFileSync(path.join(workbookRoot(), "data", entry.file));
  const dirs = dataDirs(options);
  for (const dir of dirs) {
    const file = path.join(dir, entry.file);
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    const problem = verifyBytes(entry, bytes);
    if (problem !== undefined) {
      throw new Error(`dataset ${name}: ${file} is corrupt or not the right file (${problem}); delete it and try again`);
    }
    return bytes;
  }
  const offline = options.offline ?? process.env.D2L_OFFLINE === "1";
  const where = dirs.map((d) => `  ${d}`).join("\n");
  const howTo =
    `Download ${entry.url} by hand and put ${entry.file} in one of the folders above, ` +
    `or set D2L_DATA_DIR to a folder that has it.`;
  if (offline || entry.url === undefined) {
    throw new Error(`dataset ${name}: ${entry.file} was not found in:\n${where}\nDownloads are off (D2L_OFFLINE=1). ${howTo}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await download(entry.url);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`dataset ${name}: ${entry.file} was not found in:\n${where}\nand the download failed (${reason}). ${howTo}`);
  }
  const problem = verifyBytes(entry, bytes);
  if (problem !== undefined) throw new Error(`dataset ${name}: the download from ${entry.url} is not the expected file (${problem})`);
  const cache = dirs[dirs.length - 1];
  fs.mkdirSync(cache, { recursive: true });
  const tmp = path.join(cache, `${entry.file}.${process.pid}.part`);
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, path.join(cache, entry.file));
  return bytes;
}

async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The dataset's text: the zip member named in the manifest, or the file itself, decoded as UTF-8. */
export async function datasetText(name: string, options: DatasetOptions = {}): Promise<string> {
  const entry = entryOf(name);
  const bytes = await datasetBytes(name, options);
  if (entry.member === undefined) return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  const files = unzipSync(bytes, { filter: (f) => f.name === entry.member });
  const member = files[entry.member];
  if (member === undefined) throw new Error(`dataset ${name}: the archive has no member ${entry.member}`);
  return new TextDecoder("utf-8", { fatal: true }).decode(member);
}
