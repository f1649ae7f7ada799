/**
 * `npm run release -- --out <dir>`: what goes to students and to the graders.
 *
 * - `<dir>/student/`: the workbook for students. Tracked files of this repository minus the
 *   exercises' folder, hostile cells, the autograder's own tests and the notebook sources; the
 *   exercises as the package `exercises/` holding only the files that ship (autograder/ship.ts
 *   decides by file name); notebooks rebuilt from `notebooks/src` with stubs; a GitHub Classroom workflow.
 * - `<dir>/gradescope/`: `autograder.zip` (setup.sh, run_autograder, the workbook whose `exercises/`
 *   adds the hidden tests, without solutions) and the same files unzipped.
 * - `<dir>/classroom/classroom.yml`: the workflow, also placed in the student release.
 * The student release is scanned for solution regions and hidden-test text; a leak fails the release.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { zipSync, Zippable } from "fflate";
import * as crypto from "node:crypto";
import { catalogue, codeExercises, idOrder } from "./catalogue";
import { parseLatePolicy } from "./engines";
import { casesFor } from "./harness/evaluate";
import { loadLibraries } from "./harness/libraries";
import { hiddenBundle } from "./jobs";
import { stubCode, wholeChapterNotebook } from "./synthetic";
import { EXERCISES_DIR, filesUnder, loadSolution, loadWrongVariants, ROOT } from "./cells";
import { BUNDLED_SIGNATURES, bundledSignaturesKey, computeSignatures, signaturesText } from "./misconceptions";
import { notebookCells } from "./notebook-cells";
import { roleOf, shipsTo } from "./ship";
import { replaceFolder } from "../scripts/lib/output";
import { STUDENT_README } from "./student-readme";

/** Tracked files of the repository (paths relative to ROOT), read from the working tree. */
function trackedFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" });
  return out.split("\0").filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)));
}

/** The exercises' folder in the repository, and the name of the package folder in a release. */
const SOURCE = "solutions/";
const PACKAGE = "exercises/";

const NEVER_SHIPPED = [SOURCE, "autograder/hostile/", "autograder/test/", ".ci/"];

/** Files of the exercises' folder that go to this audience, as [source, name in the release]. */
export function exerciseFiles(files: readonly string[], audience: "student" | "grader"): [string, string][] {
  return files
    .filter((f) => f.startsWith(SOURCE) && shipsTo(f.slice(SOURCE.length), audience))
    .map((f) => [f, PACKAGE + f.slice(SOURCE.length)]);
}

/** Files of the student release (before the generated ones), exercises excluded. */
export function studentFiles(files: readonly string[]): string[] {
  const drop = [
    ...NEVER_SHIPPED,
    "notebooks/", // rebuilt from their sources below; the sources need solutions/ to build
    "scripts/build-notebooks.ts",
    "scripts/test/build-notebooks.test.ts",
    "autograder/release.ts",
    "autograder/synthetic.ts",
    "autograder/exercises.ts",
    "autograder/experiments.ts",
    "autograder/throughput.ts",
    "autograder/student-readme.ts",
    "autograder/written/", // the instructor's page for scoring written answers (it shows the reference answers)
    "autograder/harness/reach-graph.ts", // regenerates harness/reach.ts from lib/src (the maintainers')
    "scripts/figures.ts", // the figures ship as SVG files; their generator is the instructors'
    "test/figures.test.ts",
    "test/notebooks-source.test.ts", // checks the notebook sources, which stay with the instructors
    "test/no-lyrics.test.ts", // checks the repository's tracked files (git), not a student's copy
    "scripts/test/safety.test.ts", // the instructors' checks of every command, in git copies of this repository
    "scripts/test/private-kernel.test.ts",
    "scripts/test/workbook-copy.ts",
  ];
  const kept = (f: string) => f.startsWith("notebooks/figures/"); // the figures the notebooks show
  return files.filter((f) => kept(f) || !drop.some((d) => f === d || (d.endsWith("/") && f.startsWith(d))));
}

/** Files of the Gradescope bundle: what grading needs, exercises excluded (they come from exerciseFiles). */
export function gradescopeFiles(files: readonly string[]): string[] {
  const keep = ["package.json", "package-lock.json", "tsconfig.json", "lib/", "autograder/", "data/", "scripts/lib/"];
  const drop = [
    "autograder/hostile/",
    "autograder/test/",
    "autograder/release.ts",
    "autograder/synthetic.ts",
    "autograder/experiments.ts",
    "autograder/throughput.ts",
    "autograder/written/",
    "autograder/harness/reach-graph.ts",
  ];
  return files.filter((f) => keep.some((k) => f === k || (k.endsWith("/") && f.startsWith(k))) && !drop.some((d) => f.startsWith(d)));
}

/** A file of the release, rewritten where it names the exercises' folder (package manifests, lock, tsconfig). */
function renamedFolder(file: string, text: string): string {
  if (file === "package-lock.json") {
    const lock = JSON.parse(text) as { packages: Record<string, Record<string, unknown>> };
    const packages: Record<string, Record<string, unknown>> = {};
    for (const [key, value] of Object.entries(lock.packages)) {
      const entry =
        value.resolved === "solutions"
          ? { ...value, resolved: "exercises" }
          : key === ""
            ? { ...value, workspaces: (value.workspaces as string[]).map((w) => (w === "solutions" ? "exercises" : w)) }
            : value;
      packages[key === "solutions" ? "exercises" : key] = entry;
    }
    return JSON.stringify({ ...lock, packages }, null, 2) + "\n";
  }
  if (file === "package.json") {
    const pkg = JSON.parse(text) as { workspaces?: string[]; scripts?: Record<string, string> };
    pkg.workspaces = pkg.workspaces?.map((w) => (w === "solutions" ? "exercises" : w));
    if (pkg.scripts?.build) pkg.scripts.build = pkg.scripts.build.replace("tsc -p solutions", "tsc -p exercises");
    return JSON.stringify(pkg, null, 2) + "\n";
  }
  if (file === "tsconfig.json") return text.replace(/"solutions(?=["/])/g, '"exercises');
  return text;
}

/** package.json without the scripts whose file is not in the release. */
function trimmedPackageJson(text: string, shipped: ReadonlySet<string>): string {
  const pkg = JSON.parse(text) as { scripts?: Record<string, string> };
  for (const [name, cmd] of Object.entries(pkg.scripts ?? {})) {
    const file = /(?:tsx|bash|node)\s+(\S+\.(?:ts|sh|js))/.exec(cmd)?.[1];
    if (file && !shipped.has(file)) delete pkg.scripts![name];
  }
  return JSON.stringify(pkg, null, 2) + "\n";
}

export const CLASSROOM_WORKFLOW = `# GitHub Classroom autograding for the chapter 6 workbook (generated by npm run release).
# Runs the public tests of every exercise on this repository's notebooks, in isolated processes, and
# reports the points to GitHub Classroom. Hidden tests are not in student repositories: the
# instructor grades them separately (npm run grade, or the Gradescope autograder).
name: Autograding Tests
on:
  - push
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: "22"
      - run: npm ci --omit=optional --no-audit --no-fund
      - name: Grade the notebooks (public tests)
        id: d2l
        run: |
          npm run -s grade -- . --single --public-only --out "$RUNNER_TEMP/grading" --jobs 2 --quiet
          echo "result=$(base64 -w0 "$RUNNER_TEMP"/grading/students/*/classroom.json)" >> "$GITHUB_OUTPUT"
      - name: Report to GitHub Classroom
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
          D2L_RESULTS: "\${{ steps.d2l.outputs.result }}"
        with:
          runners: d2l
`;

/** Options of the grader bundles, set by `npm run release` and baked into their entry scripts. */
export interface EngineOptions {
  /** Gradescope: when students see the hidden cases (default after_published). */
  readonly hiddenVisibility?: "after_published" | "after_due_date";
  /** Gradescope: a late policy in grade's --late-policy form (default none). */
  readonly latePolicy?: string;
}

/**
 * Shell lines that keep the student's process (run as $D2L_GRADER_USER) out of the grader's files:
 * "$1" (the engine's root) and "$2" (the workbook) can be crossed but not listed, and the
 * autograder, the exercises' tests and everything else of the engine's root are closed to others;
 * what the student's process reads (node_modules, lib/, exercises/dist, data/) stays readable.
 */
const LOCKDOWN = String.raw`lockdown() {
  local root="$1" src="$2" entry
  chmod 711 "$root" "$src" "$src/exercises"
  for entry in "$root"/* "$src"/* "$src"/exercises/*; do
    case "$entry" in
      "$src" | "$src/node_modules" | "$src/lib" | "$src/data" | "$src/exercises" | "$src/exercises/dist" | "$src/exercises/package.json") ;;
      *) chmod -R o-rwx "$entry" ;;
    esac
  done
}`;

/** Gradescope's setup.sh: Node 22 LTS, the workbook's dependencies and build, the grading user, a smoke run. */
export function setupSh(expectedTests: number): string {
  return `#!/usr/bin/env bash
# Gradescope autograder setup (Ubuntu base image, run as root when the image is built):
# Node 22 LTS from NodeSource, the workbook's dependencies (without the optional tfjs-node download,
# which the grader never uses) and build, the unprivileged user the student's process runs as, and a
# smoke run of run_autograder on an untouched stub notebook, so that a broken bundle fails at upload.
# D2L_AUTOGRADER_ROOT (default /autograder) and D2L_SETUP_OFFLINE=1 (skip the installs) are for tests.
set -euo pipefail
AG="\${D2L_AUTOGRADER_ROOT:-/autograder}"
SOURCE="$AG/source"
GRADER_USER="\${D2L_GRADER_USER:-d2l-student}"
if [ "\${D2L_SETUP_OFFLINE:-0}" != 1 ]; then
  apt-get update
  apt-get install -y ca-certificates curl gnupg util-linux
  curl -fsSL https://deb.nodesource.com/setup_22.x | bash -
  apt-get install -y nodejs
  cd "$SOURCE"
  npm ci --omit=optional --no-audit --no-fund
fi
id -u "$GRADER_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$GRADER_USER"

# Smoke run: a fresh root whose source is this one, the stub notebook as the submission.
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
mkdir -p "$smoke/submission"
ln -s "$SOURCE" "$smoke/source"
cp "$SOURCE/smoke/06-stub.ipynb" "$smoke/submission/"
D2L_AUTOGRADER_ROOT="$smoke" D2L_GRADER_USER="$GRADER_USER" bash "$SOURCE/run_autograder"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const bad = r.tests.filter((t) => t.status !== "failed" || !/尚未完成/.test(t.output));
if (r.tests.length !== Number(process.argv[2]) || r.score !== 0 || bad.length > 0) {
  console.error("smoke run failed: " + r.tests.length + " of " + process.argv[2] + " tests, score " + r.score + ", " + bad.length + " unexpected:");
  console.error(JSON.stringify(bad.slice(0, 3), null, 1), r.output);
  process.exit(1);
}
console.log("smoke run: " + r.tests.length + " tests reported on the stub, as expected");
' "$smoke/results/results.json" ${expectedTests}
`;
}

/** Gradescope's run_autograder, with the release's options. */
export function runAutograder(options: EngineOptions = {}): string {
  const visibility = options.hiddenVisibility ? ` --hidden-visibility ${options.hiddenVisibility}` : "";
  return `#!/usr/bin/env bash
# Gradescope entry point: grades the submission's notebooks (public and hidden tests) into
# results/results.json, written before grading starts and again after each exercise, so that a
# timeout still reports every finished exercise. The student's process runs as $D2L_GRADER_USER
# (setup.sh creates it), which cannot read the bundle's tests or the grader.
# D2L_AUTOGRADER_ROOT (default /autograder) is for tests.
set -uo pipefail
AG="\${D2L_AUTOGRADER_ROOT:-/autograder}"
SOURCE="$AG/source"
export D2L_GRADER_USER="\${D2L_GRADER_USER:-d2l-student}"
${LOCKDOWN}
mkdir -p "$AG/results"
lockdown "$AG" "$SOURCE"
late=()
if [ -f "$AG/submission_metadata.json" ]; then
  late=(--submission-metadata "$AG/submission_metadata.json"${options.latePolicy ? ` --late-policy '${options.latePolicy}'` : ""})
fi
cd "$SOURCE"
rm -rf "$AG/grading"
npx tsx autograder/grade.ts "$AG/submission" --single --out "$AG/grading" --jobs 1 --quiet \\
  --gradescope-results "$AG/results/results.json"${visibility} "\${late[@]}"
if [ ! -s "$AG/results/results.json" ]; then
  echo '{"score": 0, "output": "评分没有生成结果，请联系老师。", "tests": []}' > "$AG/results/results.json"
fi
`;
}

/** PrairieLearn's grader entry (serverFilesCourse/d2l/run.sh): the question's exercises, graded into /grade/results. */
export const PRAIRIELEARN_RUN = `#!/usr/bin/env bash
# PrairieLearn external-grader entry point (externalGradingOptions.entrypoint). Grades the uploaded
# notebook in /grade/student on the exercises listed in /grade/tests/exercises.json into
# /grade/results/results.json (written before grading starts and after each exercise). The workbook
# is in the grading image at $D2L_SOURCE (default /d2l/source, see image/Dockerfile); the student's
# process runs as $D2L_GRADER_USER. D2L_GRADE_ROOT (default /grade) is for tests.
set -uo pipefail
G="\${D2L_GRADE_ROOT:-/grade}"
SOURCE="\${D2L_SOURCE:-/d2l/source}"
export D2L_GRADER_USER="\${D2L_GRADER_USER:-d2l-student}"
${LOCKDOWN}
mkdir -p "$G/results"
lockdown "$G" "$SOURCE"
ids=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).exercises.join(","))' "$G/tests/exercises.json")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$SOURCE"
npx tsx autograder/grade.ts "$G/student" --single --only "$ids" --out "$work/grading" --jobs 1 --quiet \\
  --prairielearn-results "$G/results/results.json"
if [ ! -s "$G/results/results.json" ]; then
  echo '{"gradable": true, "succeeded": false, "score": 0, "message": "评分没有生成结果，请联系老师。", "tests": []}' > "$G/results/results.json"
fi
`;

/** The grading image for PrairieLearn: Node 22 LTS, the workbook built, the grading user. */
export const PRAIRIELEARN_DOCKERFILE = `# The PrairieLearn grading image for the chapter 6 workbook (generated by npm run release).
# Build and push it (docker build -t <you>/d2l-zh-rnn-grader . && docker push …), then name it in
# each question's info.json (externalGradingOptions.image).
FROM node:22-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends util-linux && rm -rf /var/lib/apt/lists/*
COPY source /d2l/source
WORKDIR /d2l/source
RUN npm ci --omit=optional --no-audit --no-fund \\
  && useradd --system --no-create-home --shell /usr/sbin/nologin d2l-student
`;

function copy(files: readonly string[], dest: string): void {
  copyAs(
    files.map((f) => [f, f]),
    dest,
  );
}

/** Copies [source, name] pairs, rewriting the files that name the exercises' folder. */
function copyAs(files: readonly (readonly [string, string])[], dest: string): void {
  for (const [from, to] of files) {
    const target = path.join(dest, to);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (["package.json", "package-lock.json", "tsconfig.json"].includes(from))
      fs.writeFileSync(target, renamedFolder(from, fs.readFileSync(path.join(ROOT, from), "utf8")));
    else fs.copyFileSync(path.join(ROOT, from), target);
  }
}

function write(file: string, text: string, mode?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  if (mode !== undefined) fs.chmodSync(file, mode);
}

const normalise = (s: string) => s.replace(/\s+/g, " ").trim();

/** Texts that must never reach students: every solution region, and the hidden tests and wrong variants (whole and line by line). */
export function secretTexts(): { what: string; text: string }[] {
  const secrets: { what: string; text: string }[] = [];
  for (const e of catalogue) {
    const sol = loadSolution(e.id);
    sol?.regions.forEach((r, i) => {
      if (normalise(r.code) !== "") secrets.push({ what: `solution region ${i + 1} of ${e.id}`, text: normalise(r.code) });
    });
    for (const w of loadWrongVariants(e.id)) {
      for (const [n, code] of w.regions)
        if (normalise(code) !== "") secrets.push({ what: `region ${n} of wrong variant ${e.id}/wrong/${w.name}`, text: normalise(code) });
    }
  }
  const files = filesUnder(EXERCISES_DIR).filter((f) => !f.startsWith("dist/") && !f.startsWith("node_modules/"));
  // Lines that the public tests share with the hidden ones (helpers, loops) are public anyway.
  const publicText = files
    .filter((f) => roleOf(f) === "shipped")
    .map((f) => normalise(fs.readFileSync(path.join(EXERCISES_DIR, f), "utf8")))
    .join("\n");
  for (const f of files.filter((f) => roleOf(f) === "hidden")) {
    const text = fs.readFileSync(path.join(EXERCISES_DIR, f), "utf8");
    secrets.push({ what: `hidden tests ${f}`, text: normalise(text) });
    // Distinctive lines (long, not imports or closing brackets) must not appear anywhere either.
    for (const line of text.split("\n").map((l) => l.trim())) {
      const n = normalise(line);
      if (line.length >= 40 && !/^(import|export default|\/\/|\*|\}|\)|test\()/.test(line) && !publicText.includes(n)) {
        secrets.push({ what: `a line of hidden tests ${f}`, text: n });
      }
    }
  }
  return secrets;
}

/** Leaks of secret texts into the files under `dir` (text files only). */
export function findLeaks(dir: string): string[] {
  const secrets = secretTexts();
  const leaks: string[] = [];
  for (const f of filesUnder(dir)) {
    const buf = fs.readFileSync(path.join(dir, f));
    if (buf.includes(0)) continue; // binary
    const text = normalise(buf.toString("utf8"));
    for (const s of secrets) if (text.includes(s.text)) leaks.push(`${f} contains ${s.what}: ${s.text.slice(0, 80)}`);
  }
  return leaks;
}

export interface ReleaseSummary {
  readonly student: string;
  readonly gradescope: string;
  readonly classroom: string;
  readonly prairielearn: string;
  readonly leaks: string[];
}

/** How many cases the grader runs on a whole chapter (public and hidden): what the smoke run must see. */
async function gradedCaseCount(): Promise<number> {
  const libs = await loadLibraries(ROOT);
  return codeExercises()
    .filter((e) => libs.exercises.publicSuite(e.id) !== undefined)
    .reduce((n, e) => n + casesFor({ id: e.id, hiddenJs: hiddenBundle(e.id) }, libs).length, 0);
}

/** A stable UUID for a PrairieLearn question (its info.json uuid), from its name. */
function stableUuid(name: string): string {
  const h = crypto.createHash("sha256").update(`d2l-zh-rnn/${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * PrairieLearn questions, one per notebook that has auto-graded exercises: the student uploads the
 * notebook, the external grader (serverFilesCourse/d2l/run.sh, in the image of image/Dockerfile)
 * grades that notebook's exercises.
 */
function writePrairielearn(dir: string, notebooks: readonly string[]): void {
  const bySection = new Map<string, string[]>();
  for (const e of codeExercises().sort((a, b) => idOrder(a.id, b.id)))
    bySection.set(e.section, [...(bySection.get(e.section) ?? []), e.id]);
  for (const [section, ids] of bySection) {
    const notebook = notebooks.find((n) => n.startsWith(`0${section}-`));
    if (notebook === undefined)
      throw new Error(`release: no notebook source for section ${section} (expected notebooks/src/0${section}-*.md)`);
    const name = notebook.replace(/\.ipynb$/, "");
    const q = path.join(dir, "questions", "d2l-ch6", name);
    const titles = ids.map((id) => `${id} ${catalogue.find((e) => e.id === id)!.title}`);
    write(
      path.join(q, "info.json"),
      JSON.stringify(
        {
          uuid: stableUuid(name),
          title: `第 ${section} 节练习（${notebook}）`,
          topic: "循环神经网络",
          tags: ["d2l-ch6", `section-${section}`],
          type: "v3",
          singleVariant: true,
          gradingMethod: "External",
          externalGradingOptions: {
            enabled: true,
            image: "d2l-zh-rnn-grader",
            serverFilesCourse: ["d2l/"],
            entrypoint: "/grade/serverFilesCourse/d2l/run.sh",
            timeout: 360,
          },
        },
        null,
        2,
      ) + "\n",
    );
    write(
      path.join(q, "question.html"),
      [
        "<pl-question-panel>",
        `  <p>上传你完成的笔记本 <code>${notebook}</code>。自动评分的练习：${titles.join("；")}。书面练习由老师另行评分。</p>`,
        "</pl-question-panel>",
        `<pl-file-upload file-names="${notebook}"></pl-file-upload>`,
        "<pl-submission-panel>",
        "  <pl-external-grader-results></pl-external-grader-results>",
        "  <pl-file-preview></pl-file-preview>",
        "</pl-submission-panel>",
        "",
      ].join("\n"),
    );
    write(path.join(q, "tests", "exercises.json"), JSON.stringify({ notebook, exercises: ids }, null, 2) + "\n");
  }
  write(path.join(dir, "serverFilesCourse", "d2l", "run.sh"), PRAIRIELEARN_RUN, 0o755);
  write(path.join(dir, "image", "Dockerfile"), PRAIRIELEARN_DOCKERFILE);
}

/** Builds the releases in `dest` (a fresh folder). */
async function buildInto(dest: string, options: EngineOptions): Promise<ReleaseSummary> {
  const files = trackedFiles();

  // Student release.
  const student = path.join(dest, "student");
  const sFiles = studentFiles(files);
  copy(sFiles, student);
  copyAs(exerciseFiles(files, "student"), student);
  const shipped = new Set(sFiles);
  write(
    path.join(student, "package.json"),
    trimmedPackageJson(renamedFolder("package.json", fs.readFileSync(path.join(ROOT, "package.json"), "utf8")), shipped),
  );
  write(path.join(student, "README.md"), STUDENT_README);
  const builder = require(path.join(ROOT, "scripts", "build-notebooks")) as {
    buildNotebook(src: string, cells: typeof notebookCells, variant: "student"): string;
    sourceFiles(root: string): string[];
  };
  const notebooks = builder.sourceFiles(ROOT).map((src) => `${path.basename(src, ".md")}.ipynb`);
  for (const src of builder.sourceFiles(ROOT)) {
    write(path.join(student, "notebooks", `${path.basename(src, ".md")}.ipynb`), builder.buildNotebook(src, notebookCells, "student"));
  }
  write(path.join(student, ".github", "workflows", "classroom.yml"), CLASSROOM_WORKFLOW);

  // Gradescope bundle.
  const gs = path.join(dest, "gradescope", "autograder");
  const gFiles = gradescopeFiles(files);
  copy(gFiles, path.join(gs, "source"));
  copyAs(exerciseFiles(files, "grader"), path.join(gs, "source"));
  // The known-wrong variants stay here; their signatures (graded with the hidden tests) go along, so
  // Gradescope's feedback names the same mistakes as npm run grade (misconceptions.ts).
  const gsExercises = path.join(gs, "source", PACKAGE);
  const signatures = await computeSignatures(
    await loadLibraries(ROOT),
    codeExercises().map((e) => e.id),
    true,
  );
  write(path.join(gsExercises, BUNDLED_SIGNATURES), signaturesText(bundledSignaturesKey(true, gsExercises), signatures));
  write(path.join(gs, "source", "smoke", "06-stub.ipynb"), wholeChapterNotebook({ code: stubCode, written: "student" }));
  write(path.join(gs, "setup.sh"), setupSh(await gradedCaseCount()), 0o755);
  write(path.join(gs, "run_autograder"), runAutograder(options), 0o755);
  const zip: Zippable = {};
  for (const f of filesUnder(gs)) {
    const inSource = f.startsWith("source/");
    // Gradescope unzips into /autograder/source; setup.sh and run_autograder sit at the zip's root.
    const name = inSource ? f.slice("source/".length) : f;
    const mode = inSource ? 0o644 : 0o755;
    zip[name] = [new Uint8Array(fs.readFileSync(path.join(gs, f))), { os: 3, attrs: (0o100000 | mode) << 16 }];
  }
  fs.writeFileSync(path.join(dest, "gradescope", "autograder.zip"), zipSync(zip, { level: 6 }));

  // Classroom workflow.
  write(path.join(dest, "classroom", "classroom.yml"), CLASSROOM_WORKFLOW);

  // PrairieLearn: the questions, the grader entry, and the grading image with the same workbook.
  const pl = path.join(dest, "prairielearn");
  writePrairielearn(pl, notebooks);
  fs.cpSync(path.join(gs, "source"), path.join(pl, "image", "source"), { recursive: true });

  return {
    student,
    gradescope: path.join(dest, "gradescope", "autograder.zip"),
    classroom: path.join(dest, "classroom", "classroom.yml"),
    prairielearn: pl,
    leaks: findLeaks(student),
  };
}

/** A release that would leak: nothing of it is written. */
export class LeakError extends Error {
  constructor(readonly leaks: readonly string[]) {
    super(`release: ${leaks.length} secret text(s) would reach students, nothing was written:\n${leaks.join("\n")}`);
    this.name = "LeakError";
  }
}

/**
 * Builds the three releases under `out`, a folder of their own: it must be new, empty or an earlier
 * release (then only with `force`). The whole folder is built beside it and renamed into place once
 * the leak scan found nothing, so a failure or a leak leaves `out` as it was.
 */
export async function buildRelease(out: string, options: EngineOptions & { readonly force?: boolean } = {}): Promise<ReleaseSummary> {
  if (options.latePolicy !== undefined) parseLatePolicy(options.latePolicy, "release");
  let built: ReleaseSummary | undefined;
  let tmp = "";
  const dest = await replaceFolder(out, { command: "release", flag: "--out", force: options.force }, async (dir) => {
    tmp = dir;
    built = await buildInto(dir, options);
    if (built.leaks.length > 0) throw new LeakError(built.leaks);
  });
  const moved = (p: string) => path.join(dest, path.relative(tmp, p));
  return {
    student: moved(built!.student),
    gradescope: moved(built!.gradescope),
    classroom: moved(built!.classroom),
    prairielearn: moved(built!.prairielearn),
    leaks: [],
  };
}

export const RELEASE_USAGE = `usage: npm run release -- --out <dir> [--force] [--hidden-visibility V] [--late-policy P]

Writes <dir>/student (the students' workbook), <dir>/gradescope (autograder.zip),
<dir>/classroom (the GitHub Classroom workflow) and <dir>/prairielearn (questions, grader entry,
grading image). <dir> must be new or empty; --force replaces an earlier release there (a folder
holding .d2l-output.json from npm run release), nothing else.
  --hidden-visibility V  Gradescope: hidden cases shown after_published (default) or after_due_date
  --late-policy P        Gradescope: P% of the autograded score off per started day late
                         (10%/day, or 10%/day,max=50%); default none`;

/** The command line: `{ out, force, … }`, "help", or an error naming the argument. */
export function parseReleaseArgs(argv: readonly string[]): ({ out: string; force: boolean } & EngineOptions) | "help" {
  let out: string | undefined;
  let force = false;
  let hiddenVisibility: EngineOptions["hiddenVisibility"];
  let latePolicy: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") return "help";
    if (a === "--force") force = true;
    else if (a === "--hidden-visibility") {
      const v = argv[++i];
      if (v !== "after_published" && v !== "after_due_date")
        throw new Error(
          `release: --hidden-visibility: expected after_published or after_due_date, got ${v === undefined ? "nothing" : JSON.stringify(v)}`,
        );
      hiddenVisibility = v;
    } else if (a === "--late-policy") {
      const v = argv[++i] ?? "";
      parseLatePolicy(v, "release");
      latePolicy = v;
    } else if (a === "--out") {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--"))
        throw new Error(`release: --out: expected a folder, got ${v === undefined ? "nothing" : v}`);
      out = v;
    } else throw new Error(`release: unknown argument ${JSON.stringify(a)}: expected --out <dir> or --force\n\n${RELEASE_USAGE}`);
  }
  if (out === undefined) throw new Error(`release: --out: expected a folder, got nothing\n\n${RELEASE_USAGE}`);
  return { out, force, hiddenVisibility, latePolicy };
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseReleaseArgs(argv);
  if (args === "help") {
    console.log(RELEASE_USAGE);
    return;
  }
  const summary = await buildRelease(args.out, args);
  console.log(`student release:      ${summary.student} (${filesUnder(summary.student).length} files)`);
  console.log(`Gradescope autograder: ${summary.gradescope}`);
  console.log(`Classroom workflow:   ${summary.classroom} (also in the student release)`);
  console.log(`PrairieLearn:         ${summary.prairielearn} (questions/, serverFilesCourse/, image/)`);
  console.log("checked: no solution region, hidden test or wrong variant text in the student release");
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(err instanceof LeakError ? 1 : 2);
  });
}
