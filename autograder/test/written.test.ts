/**
 * The written-answer grading page (npm run grade:written): on a class graded by npm run grade
 * (4 notebooks, exercise 6.4.2's code only), answers grouped by the stated rule, scores saved into
 * manual-scores.csv and merged into gradebook.csv, conflicts between tabs, bad input, the token, the
 * instructor's hand edits, a restart, and the page itself in Chromium, driven by the keyboard.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as child from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { writtenExercises } from "../catalogue";
import { gradeClass, GradeOptions } from "../grade";
import { writtenHeader } from "../notebook-cells";
import { parseCsv, readManualScores } from "../reports";
import { exerciseMeta, notebookJson, referenceCode, stubCode } from "../synthetic";
import { normalizeAnswer, questions } from "../written/answers";
import { applyEdits, entryValues, joinManualFile, splitManualFile } from "../written/manual-file";
import { checkGradingFolder, RunningServer, startServer } from "../written/server";
import { ARTIFACTS, BROWSER_PATH, launchBrowser } from "../../test/browser";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-written-test-"));
const out = path.join(work, "out");
const manualFile = path.join(out, "manual-scores.csv");
const HOSTILE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">`;
const REFERENCE_642 = fs.readFileSync(path.join(__dirname, "..", "..", "solutions", "6.4.2", "answer.md"), "utf8").trim();

/** A notebook with 6.4.2's code cell and every written cell: `answer(id)` is the text after 答：, or undefined for the placeholder. */
function notebook(code: string, answer: (id: string) => string | undefined): string {
  return notebookJson([
    { cell_type: "code", source: code, metadata: exerciseMeta("6.4.2", "code") },
    ...writtenExercises().map((e) => ({
      cell_type: "markdown" as const,
      source: `${writtenHeader(e)}\n\n答：${answer(e.id) ?? "（在这里用中文作答）"}`,
      metadata: exerciseMeta(e.id, "written"),
    })),
  ]);
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

let server: RunningServer;
const base = () => `http://127.0.0.1:${server.port}`;

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base()}${url}`, {
    method,
    redirect: "manual",
    headers: { "X-Grade-Token": server.token, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(text);
  } catch {
    data = { text };
  }
  return { status: res.status, data, headers: res.headers };
}

interface MemberState {
  student: string;
  answer: string | null;
  score: string;
  comment: string;
  rev: string;
}
async function state(): Promise<{
  warnings: string[];
  questions: { id: string; groups: { key: string; members: MemberState[] }[] }[];
  progress: { scored: number; total: number };
}> {
  return (await call("GET", "/api/state")).data as never;
}
const member = async (id: string, student: string) =>
  (await state()).questions
    .find((q) => q.id === id)!
    .groups.flatMap((g) => g.members)
    .find((m) => m.student === student)!;

function gradebook(): Record<string, string>[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(path.join(out, "gradebook.csv"), "utf8"));
  return rows.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]])));
}
const bookCell = (student: string, column: string) => gradebook().find((r) => r.student === student)![column];

test.before(async () => {
  const cls = path.join(work, "class");
  const reference = (id: string) => (id === "6.4.2" ? REFERENCE_642 : `参考 ${id}`);
  write(path.join(cls, "alice.ipynb"), notebook(referenceCode("6.4.2"), reference));
  // Bob's 6.4.2 differs only in spacing, punctuation and case: one group with Alice's.
  const bobs = (id: string) =>
    id === "6.4.2" ? `  ${REFERENCE_642.replace(/，/g, ",").replace(/。/g, " . ").toUpperCase()}  ` : reference(id);
  write(path.join(cls, "bob.ipynb"), notebook(referenceCode("6.4.2"), bobs));
  write(
    path.join(cls, "carol.ipynb"),
    notebook(stubCode("6.4.2"), (id) => (id === "6.4.2" ? HOSTILE : id === "6.1.1" ? "不知道" : undefined)),
  );
  write(
    path.join(cls, "dave.ipynb"),
    notebook(stubCode("6.4.2"), () => undefined),
  );
  await gradeClass({ paths: [cls], out, only: ["6.4.2"], layout: "class", progress: false, jobs: 2 } as GradeOptions);
  server = await startServer({ out });
});

test.after(async () => {
  await server?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

test("answers equal after removing whitespace, punctuation and case form one group; the unanswered one of their own, last", () => {
  assert.is(normalizeAnswer(" A，b . c\n"), normalizeAnswer("a,B。C"));
  assert.is.not(normalizeAnswer("会发散"), normalizeAnswer("不会发散"), "one character more is another answer");
  const results = fs
    .readdirSync(path.join(out, "students"))
    .map((d) => JSON.parse(fs.readFileSync(path.join(out, "students", d, "result.json"), "utf8")));
  const q = questions(results).find((x) => x.id === "6.4.2")!;
  assert.equal(
    q.groups.map((g) => g.members.map((m) => m.student)),
    [["alice", "bob"], ["carol"], ["dave"]],
  );
  assert.is(q.groups[2].key, "none");
  assert.is(q.groups[1].members[0].answer, HOSTILE, "the text is kept as written; the page sets it as text");
  assert.is(q.reference, REFERENCE_642);
  assert.is(q.maxPoints, 2);
});

test("the folder must be an output of npm run grade with graded students: otherwise a clear refusal, exit 2", () => {
  assert.throws(
    () => checkGradingFolder(path.join(work, "nothing")),
    /--out .*nothing: expected an output folder of npm run grade, got no such folder/,
  );
  const plain = path.join(work, "plain");
  write(path.join(plain, "notes.txt"), "mine");
  assert.throws(
    () => checkGradingFolder(plain),
    /expected an output folder of npm run grade \(with \.d2l-output\.json naming grade\), got a folder without that marker/,
  );
  const root = path.resolve(__dirname, "..", "..");
  const run = child.spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(root, "autograder", "written", "server.ts"), "--out", plain],
    {
      encoding: "utf8",
      cwd: root,
    },
  );
  assert.is(run.status, 2);
  assert.match(run.stderr, /grade:written: --out .*plain: expected an output folder of npm run grade/);
  assert.equal(fs.readdirSync(plain), ["notes.txt"], "nothing was written there");
  const port = child.spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(root, "autograder", "written", "server.ts"), "--out", out, "--port", "http"],
    {
      encoding: "utf8",
      cwd: root,
    },
  );
  assert.is(port.status, 2);
  assert.match(port.stderr, /--port: expected an integer in \[0, 65535\], got "http"/);
});

test("without the token nothing is served or saved; the token in the URL becomes a cookie; another Host is refused", async () => {
  const before = fs.readFileSync(manualFile, "utf8");
  assert.is((await call("GET", "/api/state", undefined, { "X-Grade-Token": "0".repeat(64) })).status, 403);
  const noToken = await call(
    "POST",
    "/api/score",
    { exercise: "6.4.2", entries: [{ student: "alice", rev: "-" }], score: 1 },
    { "X-Grade-Token": "" },
  );
  assert.is(noToken.status, 403);
  assert.is((await fetch(`${base()}/`)).status, 403, "the page itself needs the token");
  const opened = await fetch(`${server.url}`, { redirect: "manual" });
  assert.is(opened.status, 303);
  const cookie = opened.headers.get("set-cookie")!;
  assert.match(cookie, /HttpOnly; SameSite=Strict/);
  const page = await fetch(`${base()}/`, { headers: { Cookie: cookie.split(";")[0] } });
  assert.is(page.status, 200);
  assert.match(page.headers.get("content-security-policy")!, /script-src 'self'/);
  assert.match(await page.text(), /<html lang="zh-CN">/);
  // fetch cannot set Host: a raw request, as a page on a rebound name would send it.
  const rebound = await new Promise<number>((resolve, reject) =>
    http
      .get(
        { host: "127.0.0.1", port: server.port, path: "/api/state", headers: { Host: "evil.example", "X-Grade-Token": server.token } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      )
      .on("error", reject),
  );
  assert.is(rebound, 421);
  assert.is(fs.readFileSync(manualFile, "utf8"), before);
});

test("bad input is refused with 400 (or 415) and a reason, and the file is unchanged", async () => {
  const before = fs.readFileSync(manualFile, "utf8");
  const rev = (await member("6.4.2", "alice")).rev;
  const bad: [unknown, RegExp][] = [
    [{ exercise: "6.4.2", entries: [{ student: "alice", rev }], score: 3 }, /分数应为 0 到 2 之间的数/],
    [{ exercise: "6.4.2", entries: [{ student: "alice", rev }], score: -1 }, /分数应为 0 到 2/],
    [{ exercise: "6.4.2", entries: [{ student: "alice", rev }], score: "2" }, /收到 "2"/],
    [{ exercise: "6.4.2", entries: [{ student: "alice", rev }], score: 1.234 }, /最多两位小数/],
    [{ exercise: "6.4.2", entries: [{ student: "mallory", rev }], score: 1 }, /没有这个学生："mallory"/],
    [{ exercise: "6.9.9", entries: [{ student: "alice", rev }], score: 1 }, /没有这道书面题："6\.9\.9"/],
    [{ exercise: "6.4.2", entries: [], score: 1 }, /entries 应为非空数组/],
    [{ exercise: "6.4.2", entries: [{ student: "alice", rev }], score: 1, comment: "x".repeat(2001) }, /评语/],
    ["{not json", /不是有效的 JSON/],
  ];
  for (const [body, message] of bad) {
    const r = await call("POST", "/api/score", body);
    assert.is(r.status, 400, JSON.stringify(body).slice(0, 80));
    assert.match(String(r.data.error), message);
  }
  const form = await call("POST", "/api/score", "exercise=6.4.2", { "Content-Type": "application/x-www-form-urlencoded" });
  assert.is(form.status, 415, "a form post (what another page could send) is refused");
  assert.is(fs.readFileSync(manualFile, "utf8"), before);
});

test("a score is saved at once into manual-scores.csv (other rows byte for byte) and gradebook.csv has it", async () => {
  const before = fs.readFileSync(manualFile, "utf8").split("\n");
  const alice = await member("6.4.2", "alice");
  assert.is(alice.score, "");
  const r = await call("POST", "/api/score", {
    exercise: "6.4.2",
    entries: [{ student: "alice", rev: alice.rev }],
    score: 1.5,
    comment: "方向对, 少了“整体范数”",
  });
  assert.is(r.status, 200, JSON.stringify(r.data));
  const after = fs.readFileSync(manualFile, "utf8").split("\n");
  const changed = after.map((l, k) => (l === before[k] ? -1 : k)).filter((k) => k >= 0);
  assert.equal(changed.length, 1, "one line changed");
  assert.is(after[changed[0]], 'alice,6.4.2,2,1.5,"方向对, 少了“整体范数”"');
  assert.equal(
    fs.readdirSync(out).filter((f) => f.includes(".tmp-")),
    [],
    "no temporary file is left",
  );
  const maxById = new Map(writtenExercises().map((e) => [e.id, e.written!.points]));
  assert.equal(readManualScores(after.join("\n"), maxById).errors, []);
  assert.is(bookCell("alice", "written 6.4.2"), "1.5");
  assert.is(Number(bookCell("alice", "total")), Number(bookCell("alice", "auto_total")) + 1.5);
  assert.is((await member("6.4.2", "alice")).score, "1.5");
});

test("two tabs: a stale save of the same entry gets 409 with the current value; saves of different entries both land", async () => {
  const tabA = await member("6.4.2", "bob");
  const tabB = await member("6.4.2", "bob");
  const carol = await member("6.4.2", "carol");
  assert.is((await call("POST", "/api/score", { exercise: "6.4.2", entries: [{ student: "bob", rev: tabA.rev }], score: 2 })).status, 200);
  const stale = await call("POST", "/api/score", { exercise: "6.4.2", entries: [{ student: "bob", rev: tabB.rev }], score: 0 });
  assert.is(stale.status, 409);
  assert.equal(
    (stale.data.conflicts as { student: string; score: string }[]).map((c) => [c.student, c.score]),
    [["bob", "2"]],
  );
  assert.is(
    (await call("POST", "/api/score", { exercise: "6.4.2", entries: [{ student: "carol", rev: carol.rev }], score: 0, comment: "空" }))
      .status,
    200,
  );
  assert.is(bookCell("bob", "written 6.4.2"), "2", "the stale tab did not overwrite");
  assert.is(bookCell("carol", "written 6.4.2"), "0");
  // A group save is all or nothing: one stale member and nobody's score changes.
  const alice = await member("6.4.2", "alice");
  const group = await call("POST", "/api/score", {
    exercise: "6.4.2",
    entries: [
      { student: "alice", rev: alice.rev },
      { student: "bob", rev: tabB.rev },
    ],
    score: 1,
  });
  assert.is(group.status, 409);
  assert.is(bookCell("alice", "written 6.4.2"), "1.5");
  const bob = await member("6.4.2", "bob");
  const fresh = await call("POST", "/api/score", {
    exercise: "6.4.2",
    entries: [
      { student: "alice", rev: alice.rev },
      { student: "bob", rev: bob.rev },
    ],
    score: 1,
  });
  assert.is(fresh.status, 200);
  assert.is(bookCell("alice", "written 6.4.2"), "1");
  assert.is(bookCell("bob", "written 6.4.2"), "1");
});

test("the instructor's hand edits survive (extra column, extra rows, CRLF); a hand-edited entry is a conflict for a stale tab", async () => {
  const stale = await member("6.1.1", "carol");
  const lines = fs.readFileSync(manualFile, "utf8").trimEnd().split("\n");
  const edited = [
    `${lines[0]},ta`,
    ...lines.slice(1).map((l) => (l.startsWith("carol,6.1.1,") ? "carol,6.1.1,3,1,手工改的,张老师" : l)),
    "eve,6.1.1,3,2,旁听生,",
    "bob,6.1.1,3,9,打错了,",
  ];
  fs.writeFileSync(manualFile, edited.join("\r\n") + "\r\n");
  const conflict = await call("POST", "/api/score", { exercise: "6.1.1", entries: [{ student: "carol", rev: stale.rev }], score: 3 });
  assert.is(conflict.status, 409);
  assert.equal(
    (conflict.data.conflicts as { score: string; comment: string }[]).map((c) => [c.score, c.comment]),
    [["1", "手工改的"]],
  );
  assert.match(
    (await state()).warnings.join("\n"),
    /line \d+: score "9" for 6\.1\.1 is not in \[0, 3\]/,
    "the page shows what the merge reports",
  );
  const alice = await member("6.1.1", "alice");
  assert.is(
    (await call("POST", "/api/score", { exercise: "6.1.1", entries: [{ student: "alice", rev: alice.rev }], score: 3 })).status,
    200,
  );
  const now = fs.readFileSync(manualFile, "utf8").split("\r\n");
  assert.is(now[0], "student,exercise,max_points,score,comment,ta");
  assert.ok(now.includes("carol,6.1.1,3,1,手工改的,张老师"), "the hand-edited row is as the instructor wrote it");
  assert.ok(now.includes("eve,6.1.1,3,2,旁听生,"), "a row of an unknown student stays");
  assert.ok(now.includes("alice,6.1.1,3,3,"), now.join("\n"));
  assert.is(bookCell("carol", "written 6.1.1"), "1");
  assert.is(bookCell("alice", "written 6.1.1"), "3");
});

test("a restart loses nothing: a new server on the folder shows every saved score and the progress", async () => {
  await server.close();
  server = await startServer({ out });
  const s = await state();
  const q = s.questions.find((x) => x.id === "6.4.2")!;
  assert.equal(
    q.groups.flatMap((g) => g.members.map((m) => [m.student, m.score])),
    [
      ["alice", "1"],
      ["bob", "1"],
      ["carol", "0"],
      ["dave", "0"],
    ],
  );
  // dave left every written cell empty (22 zeros from the template), carol all but two (20), plus 6.4.2 for alice,
  // bob, carol, the hand-edited carol 6.1.1 and alice 6.1.1 (eve is not a graded student).
  assert.equal(s.progress, { scored: 22 + 20 + 3 + 1 + 1, total: 4 * writtenExercises().length });
});

test("applyEdits changes one record and keeps the rest: quoted newlines, a BOM, no final line end, no comment column", () => {
  const text = '\ufeffstudent,exercise,max_points,score,comment\nann,6.1.1,3,1,"两行\n评语, 带逗号"\nann,6.1.2,2,,';
  const rev = (entryValues(splitManualFile(text)) as Map<string, { rev: string }>).get("ann\u00006.1.2")!.rev;
  const done = applyEdits(text, [{ student: "ann", exercise: "6.1.2", maxPoints: 2, rev, score: "2", comment: '说"好"' }]);
  assert.ok("text" in done, JSON.stringify(done));
  assert.is(
    (done as { text: string }).text,
    '\ufeffstudent,exercise,max_points,score,comment\nann,6.1.1,3,1,"两行\n评语, 带逗号"\nann,6.1.2,2,2,"说""好"""\n',
  );
  assert.is(joinManualFile(splitManualFile(text)), text, "split and join give the text back");
  const added = applyEdits("student,exercise,score\r\nann,6.1.1,1\r\n", [
    { student: "bo", exercise: "6.1.1", maxPoints: 3, rev: "-", score: "0.5", comment: "短" },
  ]);
  assert.is(
    (added as { text: string }).text,
    "student,exercise,score,comment\r\nann,6.1.1,1\r\nbo,6.1.1,0.5,短\r\n",
    "a comment column is added to the header only",
  );
  const stale = applyEdits("student,exercise,score\nann,6.1.1,1\n", [
    { student: "ann", exercise: "6.1.1", maxPoints: 3, rev: "-", score: "2", comment: "" },
  ]);
  assert.equal(
    (stale as { conflicts: { value: { score: string } }[] }).conflicts.map((c) => c.value.score),
    ["1"],
  );
  const broken = applyEdits("name,points\nann,1\n", [
    { student: "ann", exercise: "6.1.1", maxPoints: 3, rev: "-", score: "2", comment: "" },
  ]);
  assert.match((broken as { error: string }).error, /expected a header with the columns student, exercise, score, got "name,points"/);
});

test("clearing a score (null) blanks it in manual-scores.csv and the gradebook", async () => {
  const dave = await member("6.4.2", "dave");
  assert.is(dave.score, "0");
  assert.is(
    (await call("POST", "/api/score", { exercise: "6.4.2", entries: [{ student: "dave", rev: dave.rev }], score: null, comment: "" }))
      .status,
    200,
  );
  assert.is(bookCell("dave", "written 6.4.2"), "");
  const cleared = await member("6.4.2", "dave");
  assert.is(
    (await call("POST", "/api/score", { exercise: "6.4.2", entries: [{ student: "dave", rev: cleared.rev }], score: 0, comment: "未作答" }))
      .status,
    200,
  );
  assert.is(bookCell("dave", "written 6.4.2"), "0");
});

const chromium = fs.existsSync(BROWSER_PATH) ? test : test.skip;
if (!fs.existsSync(BROWSER_PATH))
  console.log(`Chromium was not found at ${BROWSER_PATH}: the page is not opened (apt-get install chromium)`);

chromium(
  "in Chromium: score a group with the keyboard, reload, the score is there; gradebook.csv has it; student HTML stays text",
  async () => {
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on("pageerror", (e) => errors.push(String(e)));
      await tab.goto(server.url);
      await tab.waitForSelector("article.group.focused");
      assert.match((await tab.textContent("header"))!, /已评分 \d+ \/ 88/);
      // 6.1.2: alice and bob wrote the same answer; carol and dave nothing (already 0 from the template).
      await tab.keyboard.press("n");
      await tab.locator("h2", { hasText: "6.1.2" }).waitFor();
      assert.match((await tab.textContent("article.group.focused .meta"))!, /2 人答案相同：alice，bob/);
      await tab.keyboard.press("2");
      await tab.keyboard.press("c");
      await tab.keyboard.type("举例充分");
      await tab.keyboard.press("Enter");
      await tab.locator("article.group").first().and(tab.locator(".scored")).waitFor();
      assert.is(bookCell("alice", "written 6.1.2"), "2");
      assert.is(bookCell("bob", "written 6.1.2"), "2");
      await tab.reload();
      await tab.waitForSelector("article.group.focused");
      assert.match((await tab.textContent("h2"))!, /6\.1\.2/, "the question is kept in the address");
      assert.match((await tab.textContent("article.group .status"))!, /已评：2 分/);
      assert.is(await tab.inputValue("article.group .form input.score"), "2");
      assert.is(await tab.inputValue("article.group .form input.comment"), "举例充分");
      // A second tab changes the same group; the first tab's stale save is refused and the page says so.
      const other = await context.newPage();
      await other.goto(`${base()}/#6.1.2`);
      await other.waitForSelector("article.group.focused");
      await other.keyboard.press("1");
      await other.keyboard.press("Enter");
      await other.locator("article.group .status").first().and(other.getByText("已评：1 分")).waitFor();
      await tab.bringToFront();
      await tab.keyboard.press("0");
      await tab.keyboard.press("Enter");
      await tab.waitForSelector("article.group .status.error");
      assert.match((await tab.textContent("article.group .status.error"))!, /冲突：.*alice：1 分.*你的输入没有保存/);
      assert.is(bookCell("alice", "written 6.1.2"), "1", "the stale tab did not overwrite");
      await tab.keyboard.press("Enter"); // seen the conflict: saving again is deliberate
      await tab.locator("article.group .status").first().and(tab.getByText("已评：0 分")).waitFor();
      assert.is(bookCell("bob", "written 6.1.2"), "0");
      await other.close();
      // The hostile answer is shown as text, and ran nothing.
      await tab.goto(`${base()}/#6.4.2`);
      await tab.waitForSelector("article.group.focused");
      // Strings, not functions: the test runner's transpiler adds helpers that the page lacks. No waitForFunction:
      // its polling evaluates a string, which the page's Content-Security-Policy (no unsafe-eval) refuses.
      const shown = (await tab.evaluate(`[...document.querySelectorAll("article.group .answer")].map((e) => e.textContent)`)) as string[];
      assert.ok(shown.includes(HOSTILE), JSON.stringify(shown));
      assert.is(await tab.evaluate("window.__pwned"), undefined);
      assert.is(await tab.evaluate(`document.querySelectorAll("article.group .answer script, article.group .answer img").length`), 0);
      await tab.keyboard.press("?");
      await tab.waitForSelector("aside.help.shown");
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await tab.screenshot({ path: path.join(ARTIFACTS, "written-page.png"), fullPage: true });
      assert.equal(errors, []);
    } finally {
      await browser.close();
    }
  },
);

test.run();
