/**
 * `npm run exercises -- <command>`: the exercise catalogue at a glance.
 *
 *   table     the points table: id, notebook, title, code points with public/hidden case counts, written points
 *   markers   the notebook-source markers each notebook needs (for notebooks/src/*.md)
 *   check     every exercise has its solution, tests and reference answer, and every notebook
 *             source carries exactly the markers of its exercises; exits 1 otherwise
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { catalogue, codeReady, Exercise, hiddenTestPath, idOrder, writtenReady } from "./catalogue";
import { ROOT, solutionPath } from "./cells";
import { hiddenBundle } from "./jobs";
import { casesFor } from "./harness/evaluate";
import { loadLibraries } from "./harness/libraries";

/** The markers an exercise needs in its notebook source, in order. */
export function markersOf(e: Exercise): string[] {
  const out: string[] = [];
  if (e.code) out.push(`\`\`\`ts exercise=${e.id}`, "```", `\`\`\`ts check=${e.id}`, "```");
  if (e.written) out.push(`<!-- written ${e.id} -->`);
  return out;
}

/** The notebook source of a section (notebooks/src/06.4-*.md), if it exists. */
export function notebookSource(section: string): string | undefined {
  const dir = path.join(ROOT, "notebooks", "src");
  if (!fs.existsSync(dir)) return undefined;
  const prefix = `0${section}-`;
  const f = fs.readdirSync(dir).find((x) => x.startsWith(prefix) && x.endsWith(".md"));
  return f === undefined ? undefined : path.join(dir, f);
}

/** Problems with the markers of the notebook sources (missing, misplaced or unknown ids). */
export function markerProblems(): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const dir = path.join(ROOT, "notebooks", "src");
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".md")) : [];
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    for (const m of text.matchAll(/^```ts (exercise|check)=(\S+)\s*$|^<!--\s*written\s+(\S+)\s*-->\s*$/gm)) {
      const id = m[2] ?? m[3];
      const kind = m[1] ?? "written";
      const e = catalogue.find((x) => x.id === id);
      if (!e) problems.push(`${f}: ${kind} marker for ${id}, which is not in the catalogue`);
      else if (!f.startsWith(`0${e.section}-`)) problems.push(`${f}: ${kind} marker for ${id}, which belongs to section ${e.section}`);
      else if ((kind === "written" && !e.written) || (kind !== "written" && !e.code))
        problems.push(`${f}: ${kind} marker for ${id}, which has no ${kind === "written" ? "written" : "code"} part`);
      seen.set(`${kind} ${id}`, f);
    }
  }
  for (const e of catalogue) {
    if (notebookSource(e.section) === undefined) continue; // that notebook is not written yet
    const need = [...(e.code ? ["exercise", "check"] : []), ...(e.written ? ["written"] : [])];
    for (const kind of need) if (!seen.has(`${kind} ${e.id}`)) problems.push(`0${e.section}: no ${kind} marker for ${e.id}`);
  }
  return problems;
}

async function table(): Promise<void> {
  const libs = await loadLibraries(ROOT);
  console.log("| id | notebook | title | code points | public / hidden cases | written points |");
  console.log("|---|---|---|---|---|---|");
  let code = 0;
  let written = 0;
  for (const e of [...catalogue].sort((a, b) => idOrder(a.id, b.id))) {
    let counts = "—";
    if (e.code) {
      const cases = casesFor({ id: e.id, hiddenJs: hiddenBundle(e.id) }, libs);
      const pub = cases.filter((c) => c.visibility === "public").length;
      counts = codeReady(e.id) || pub > 0 ? `${pub} / ${cases.length - pub}` : "not written yet";
      code += e.code.points;
    }
    written += e.written?.points ?? 0;
    console.log(
      `| ${e.id} | 06.${e.section.split(".")[1]} | ${e.title} | ${e.code ? e.code.points : "—"} | ${counts} | ${e.written ? e.written.points : "—"} |`,
    );
  }
  console.log(`| total | | | ${code} | | ${written} |`);
}

function markers(): void {
  const sections = [...new Set(catalogue.map((e) => e.section))];
  for (const s of sections) {
    console.log(`## notebooks/src/0${s}-*.md`);
    for (const e of catalogue.filter((x) => x.section === s)) {
      console.log(`<!-- 练习 ${e.id} ${e.title} -->`);
      for (const m of markersOf(e)) console.log(m);
    }
    console.log("");
  }
}

function check(): number {
  const problems: string[] = [];
  for (const e of catalogue) {
    if (e.code && !fs.existsSync(solutionPath(e.id))) problems.push(`${e.id}: no solutions/${e.id}/solution.ts`);
    if (e.code && !fs.existsSync(hiddenTestPath(e.id))) problems.push(`${e.id}: no solutions/${e.id}/hidden.ts`);
    if (e.written && !writtenReady(e.id)) problems.push(`${e.id}: no solutions/${e.id}/answer.md (reference answer)`);
  }
  problems.push(...markerProblems());
  for (const p of problems) console.log(p);
  console.log(problems.length === 0 ? "every exercise is complete and placed" : `${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

if (require.main === module) {
  const command = process.argv[2];
  const run = async (): Promise<number> => {
    switch (command) {
      case "table":
        await table();
        return 0;
      case "markers":
        markers();
        return 0;
      case "check":
        return check();
      case "--help":
      case "-h":
        console.log("usage: npm run exercises -- table | markers | check");
        return 0;
      default:
        console.error(
          `exercises: expected table, markers, check or --help, got ${command === undefined ? "nothing" : JSON.stringify(command)}`,
        );
        return 2;
    }
  };
  run().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.stack : String(err));
      process.exit(1);
    },
  );
}
