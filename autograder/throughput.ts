/**
 * Grading throughput: `npm run grade:throughput -- [--n 100] [--jobs 2]`.
 *
 * Generates N submissions (a mix: complete reference answers, partly done work with stubs and
 * known-wrong answers, untouched stubs, a broken notebook), grades them as a class with the hidden
 * tests, then grades again (every student skipped: the resume path), and prints the time per
 * submission. Each submission is one notebook holding every exercise of the chapter.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { seed } from "d2lzh";
import { codeExercises, codeReady } from "./catalogue";
import { loadWrongVariants } from "./cells";
import { gradeClass } from "./grade";
import { referenceCode, stubCode, wholeChapterNotebook } from "./synthetic";

const USAGE =
  "usage: npm run grade:throughput -- [--n N] [--jobs N]   grade N generated submissions (default 100) with N jobs (default 2), twice";

/** `--n` and `--jobs` (positive integers); anything else is an error naming it. */
export function parseArgs(argv: readonly string[]): { n: number; jobs: number } | "help" {
  const out = { n: 100, jobs: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") return "help";
    if (a !== "--n" && a !== "--jobs")
      throw new Error(`grade:throughput: unknown argument ${JSON.stringify(a)}; expected --n N, --jobs N or --help`);
    const v = argv[++i];
    const x = Number(v);
    if (!Number.isInteger(x) || x < 1)
      throw new Error(`grade:throughput: ${a}: expected a positive integer, got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
    out[a === "--n" ? "n" : "jobs"] = x;
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args === "help") {
    console.log(USAGE);
    return;
  }
  const { n, jobs } = args;
  const rng = seed(2024);
  const ids = codeExercises()
    .filter((e) => codeReady(e.id))
    .map((e) => e.id);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-throughput-"));
  const cls = path.join(work, "class");
  const kinds = { reference: 0, partial: 0, stub: 0, broken: 0 };
  for (let k = 0; k < n; k++) {
    const r = rng.random();
    const dir = path.join(cls, `student-${String(k).padStart(3, "0")}`);
    fs.mkdirSync(dir, { recursive: true });
    let text: string;
    if (r < 0.5) {
      kinds.reference++;
      text = wholeChapterNotebook();
    } else if (r < 0.9) {
      kinds.partial++;
      text = wholeChapterNotebook({
        code: (id) => {
          const u = rng.random();
          const wrong = loadWrongVariants(id);
          if (u < 0.2) return stubCode(id);
          if (u < 0.4 && wrong.length > 0) return wrong[rng.randint(0, wrong.length)].cell;
          return referenceCode(id);
        },
        written: rng.random() < 0.5 ? "solution" : "student",
      });
    } else if (r < 0.98) {
      kinds.stub++;
      text = wholeChapterNotebook({ code: stubCode, written: "student" });
    } else {
      kinds.broken++;
      text = '{"cells": [';
    }
    fs.writeFileSync(path.join(dir, "06-all.ipynb"), text);
  }
  console.log(`${n} submissions (${JSON.stringify(kinds)}), ${ids.length} auto-graded exercises each, ${jobs} at once, in ${work}`);
  const out = path.join(work, "out");
  const first = await gradeClass({ paths: [cls], out, jobs, progress: true });
  console.log(
    `graded ${first.graded} in ${first.seconds.toFixed(1)} s: ${(first.seconds / first.graded).toFixed(2)} s per submission (wall, ${jobs} parallel)`,
  );
  const perStudent = first.results.map((r) => r.seconds).sort((a, b) => a - b);
  console.log(
    `per submission (each in its own child): median ${perStudent[Math.floor(perStudent.length / 2)].toFixed(2)} s, max ${perStudent[perStudent.length - 1].toFixed(2)} s`,
  );
  const second = await gradeClass({ paths: [cls], out, jobs, progress: false });
  console.log(`rerun: skipped ${second.skipped}, graded ${second.graded}, in ${second.seconds.toFixed(1)} s`);
  fs.rmSync(work, { recursive: true, force: true });
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
