import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { FIGURES_DIR, figureFiles } from "../scripts/figures";

// The figures of notebooks/figures/ against the notebook sources and their generator: every
// reference resolves, every file is referenced, the files are what scripts/figures.ts draws, and
// the figures are numbered 图 6.1, 6.2, … in reading order with each number named in the prose.
const root = path.resolve(__dirname, "..");
const srcDir = path.join(root, "notebooks", "src");
const sources = fs
  .readdirSync(srcDir)
  .filter((f) => f.endsWith(".md"))
  .sort((a, b) => Number(/^06\.(\d+)/.exec(a)![1]) - Number(/^06\.(\d+)/.exec(b)![1]))
  .map((f) => ({ file: f, text: fs.readFileSync(path.join(srcDir, f), "utf8") }));
const IMAGE = /!\[([^\]]*)\]\(([^)\s]+)\)/g;

test("every figure a notebook refers to exists under notebooks/figures/", () => {
  for (const { file, text } of sources) {
    for (const m of text.matchAll(IMAGE)) {
      assert.match(m[2], /^figures\/[a-z0-9-]+\.svg$/, `${file}: ${m[2]}: figures live in figures/<name>.svg`);
      assert.ok(fs.existsSync(path.join(root, "notebooks", m[2])), `${file}: ${m[2]} does not exist`);
    }
  }
});

test("every file under notebooks/figures/ is referenced by a notebook", () => {
  const referenced = new Set(sources.flatMap(({ text }) => [...text.matchAll(IMAGE)].map((m) => path.basename(m[2]))));
  for (const f of fs.readdirSync(FIGURES_DIR)) assert.ok(referenced.has(f), `notebooks/figures/${f} is not referenced`);
});

test("the committed figures are byte for byte what scripts/figures.ts draws, and nothing else", () => {
  const drawn = figureFiles();
  assert.equal(fs.readdirSync(FIGURES_DIR).sort(), [...drawn.keys()].sort());
  for (const [file, svg] of drawn) {
    assert.ok(fs.readFileSync(path.join(FIGURES_DIR, file), "utf8") === svg, `notebooks/figures/${file} is stale: npm run figures`);
  }
});

test("figures are numbered 图 6.1, 6.2, … in reading order and the prose names each one", () => {
  const numbers: number[] = [];
  for (const { file, text } of sources) {
    // A figure is an image whose alt text starts with its number, or an inline one (a caption: `图 6.N…`).
    const found = [...text.matchAll(/!\[图 6\.(\d+)[^\]]*\]\(|caption: `图 6\.(\d+)/g)].map((m) => Number(m[1] ?? m[2]));
    for (const n of found) {
      const prose = text.split("\n").filter((l) => !l.startsWith("![") && !l.startsWith("*图") && !l.includes("caption:"));
      assert.ok(
        prose.some((l) => new RegExp(`图 6\\.${n}(?!\\d)`).test(l)),
        `${file}: the text never names 图 6.${n}`,
      );
    }
    numbers.push(...found);
    for (const m of text.matchAll(IMAGE)) assert.match(m[1], /^图 6\.\d+　/, `${file}: ${m[2]}: alt text starts with its number`);
  }
  assert.equal(
    numbers,
    numbers.map((_, i) => i + 1),
  );
});

test.run();
