import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildNotebook, ExerciseCells, parseSource, workAt } from "../build-notebooks";

const fake: ExerciseCells = {
  code: (id, variant) => `// 练习 ${id}\n${variant === "solution" ? "const answer = 42;" : "const answer = undefined; // TODO"}`,
  check: (id) => `await check("${id}")`,
  written: (id, variant) => (variant === "solution" ? `答：练习 ${id} 的参考答案` : `**练习 ${id}**：在这里作答。`),
};

const SOURCE = [
  "# 6.x 标题",
  "说明文字。",
  "<!-- cell -->",
  "第二段。",
  "```ts",
  "const x = 1;",
  "```",
  "```ts exercise=6.4.2",
  "```",
  "```ts check=6.4.2",
  "```",
  "<!-- written 6.4.2 -->",
  "## 小结",
].join("\n");

test("parseSource splits markdown at cell markers and fences, and expands exercise markers", () => {
  const cells = parseSource(SOURCE, "x.md", fake, "student");
  assert.equal(
    cells.map((c) => c.cell_type),
    ["markdown", "markdown", "code", "code", "code", "markdown", "markdown"],
  );
  assert.equal(cells[0].source, ["# 6.x 标题\n", "说明文字。"]);
  assert.equal(cells[2].source, ["const x = 1;"]);
  assert.equal(cells[3].metadata, { d2l: { exercise: "6.4.2", part: "code" }, deletable: false });
  assert.match(cells[3].source.join(""), /TODO/);
  assert.equal(cells[4].metadata, { d2l: { exercise: "6.4.2", part: "check" }, deletable: false, editable: false });
  assert.equal(cells[5].metadata, { d2l: { exercise: "6.4.2", part: "written" } });
});

test("the solution variant carries the reference code and answer", () => {
  const cells = parseSource(SOURCE, "x.md", fake, "solution");
  assert.match(cells[3].source.join(""), /const answer = 42;/);
  assert.match(cells[5].source.join(""), /参考答案/);
});

test("exercise fences must be empty and unknown fences are named", () => {
  assert.throws(
    () => parseSource("```ts exercise=6.1.1\nx\n```", "a.md", fake, "student"),
    /a.md: the ```ts exercise=6.1.1 fence must be empty/,
  );
  assert.throws(() => parseSource("```python\nx\n```", "a.md", fake, "student"), /a.md: unknown fence ```python/);
  assert.throws(() => parseSource("```ts\nx", "a.md", fake, "student"), /a.md:2: the fence opened as ```ts is never closed/);
});

test("buildNotebook writes nbformat 4.5 with the tslab kernelspec, stable ids and no outputs", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-nbsrc-"));
  const file = path.join(dir, "06.9-deep-rnn.md");
  fs.writeFileSync(file, SOURCE);
  const a = buildNotebook(file, fake, "student");
  assert.is(a, buildNotebook(file, fake, "student"), "the same source gives the same bytes");
  const nb = JSON.parse(a);
  assert.is(nb.nbformat, 4);
  assert.is(nb.nbformat_minor, 5);
  assert.is(nb.metadata.kernelspec.name, "tslab");
  assert.equal(new Set(nb.cells.map((c: { id: string }) => c.id)).size, nb.cells.length, "ids are unique");
  for (const c of nb.cells) if (c.cell_type === "code") assert.equal(c.outputs, []);
  fs.rmSync(dir, { recursive: true });
});

test("workAt finds outputs, changed exercise cells and added cells, and nothing in a rebuilt source", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-nbwork-"));
  const file = path.join(dir, "06.9-deep-rnn.md");
  fs.writeFileSync(file, SOURCE);
  const built = buildNotebook(file, fake, "student");
  fs.writeFileSync(file, SOURCE.replace("说明文字。", "改过的说明文字。").replace("const x = 1;", "const x = 2;"));
  assert.equal(workAt("06.9-deep-rnn", built, buildNotebook(file, fake, "student")), [], "an edited source replaces a pristine build");
  const nb = JSON.parse(built);
  nb.cells[3].source.push("\nconst answer = 7;");
  nb.cells[2].outputs = [{ output_type: "stream", name: "stdout", text: "1" }];
  nb.cells.push({ cell_type: "code", id: "a1b2c3d4", metadata: {}, source: ["my own cell"], outputs: [], execution_count: null });
  assert.equal(workAt("06.9-deep-rnn", JSON.stringify(nb), built), [
    "cell 3 has outputs",
    "exercise cell 6.4.2/code (cell 4) differs from the one the build writes",
    "cell 8 was not made by the build",
  ]);
  assert.equal(workAt("06.9-deep-rnn", "{ not json", built), ["the file is not a notebook this builder wrote (it does not parse as one)"]);
  fs.rmSync(dir, { recursive: true });
});

test.run();
