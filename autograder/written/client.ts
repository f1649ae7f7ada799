/**
 * The written-answer grading page (bundled for the browser by server.ts). Every student text is
 * set with textContent, never as HTML. Keys: j/k next/previous group, digits set the score, Enter
 * saves, c the comment, u the next unscored group, n/p next/previous question, ? help.
 */
export {};

interface Member {
  student: string;
  answer: string | null;
  cell: string | null;
  score: string;
  comment: string;
  rev: string;
}
interface Group {
  key: string;
  members: Member[];
}
interface Question {
  id: string;
  title: string;
  question: string;
  maxPoints: number;
  reference: string | null;
  groups: Group[];
}
interface Progress {
  scored: number;
  total: number;
}
interface State {
  questions: Question[];
  progress: Progress;
  warnings: string[];
}

const token = document.querySelector<HTMLMetaElement>('meta[name="d2l-token"]')!.content;
let state: State;
let qIndex = 0;
let gIndex = 0;
let helpShown = false;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { cls?: string; text?: string } = {},
  ...kids: Node[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.cls) e.className = props.cls;
  if (props.text !== undefined) e.textContent = props.text;
  for (const k of kids) e.append(k);
  return e;
}

async function api(method: string, url: string, body?: object): Promise<{ status: number; data: Record<string, unknown> }> {
  const res = await fetch(url, {
    method,
    headers: { "X-Grade-Token": token, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, data: (await res.json()) as Record<string, unknown> };
}

const scoredIn = (q: Question) => q.groups.reduce((s, g) => s + g.members.filter((m) => m.score !== "").length, 0);
const studentsIn = (q: Question) => q.groups.reduce((s, g) => s + g.members.length, 0);

/** The group's saved score when every member has the same one, "" when none, null when they differ. */
function groupScore(g: Group): string | null {
  const scores = new Set(g.members.map((m) => m.score));
  return scores.size === 1 ? [...scores][0] : null;
}

function render(): void {
  const app = document.getElementById("app")!;
  app.replaceChildren();
  const q = state.questions[qIndex];
  app.append(header(), nav());
  if (state.warnings.length > 0)
    app.append(el("div", { cls: "warnings", text: `manual-scores.csv 中的问题：${state.warnings.join("；")}` }));
  const left = el(
    "section",
    { cls: "question" },
    el("h2", { text: `练习 ${q.id} ${q.title}（${q.maxPoints} 分）` }),
    el("p", { cls: "prompt", text: q.question }),
    el("h3", { text: "参考答案" }),
    el("div", { cls: "reference", text: q.reference ?? "（参考答案还没有写好）" }),
  );
  const right = el(
    "section",
    { cls: "answers" },
    el("h3", { text: `学生答案：${q.groups.length} 组，本题已评 ${scoredIn(q)} / ${studentsIn(q)}` }),
  );
  q.groups.forEach((g, k) => right.append(groupCard(q, g, k)));
  app.append(el("div", { cls: "columns" }, left, right));
  app.append(helpBox());
  focusGroup(Math.min(gIndex, q.groups.length - 1), false);
}

function header(): HTMLElement {
  const p = state.progress;
  return el(
    "header",
    {},
    el("h1", { text: "书面题评分" }),
    el("span", { cls: "progress", text: `已评分 ${p.scored} / ${p.total}` }),
    el("span", { cls: "hint", text: "按 ? 查看快捷键" }),
  );
}

function nav(): HTMLElement {
  const bar = el("nav");
  state.questions.forEach((q, k) => {
    const b = el("button", {
      cls: `${k === qIndex ? "current " : ""}${scoredIn(q) === studentsIn(q) ? "done" : ""}`,
      text: `${q.id}  ${scoredIn(q)}/${studentsIn(q)}`,
    });
    b.title = q.title;
    b.addEventListener("click", () => goQuestion(k));
    bar.append(b);
  });
  return bar;
}

function scoreLine(g: Group): string {
  const s = groupScore(g);
  if (s === "") return "未评分";
  if (s !== null) return `已评：${s} 分`;
  return `分数不一：${g.members.map((m) => `${m.student} ${m.score === "" ? "未评" : m.score}`).join("，")}`;
}

function groupCard(q: Question, g: Group, k: number): HTMLElement {
  const first = g.members[0];
  const card = el("article", { cls: `group${groupScore(g) === "" ? "" : " scored"}` });
  card.dataset.index = String(k);
  card.tabIndex = -1;
  const who = g.members.map((m) => m.student).join("，");
  const count = g.members.length > 1 ? `${g.members.length} 人答案相同` : "1 人";
  card.append(el("div", { cls: "meta", text: `${count}：${who}` }));
  card.append(el("div", { cls: `answer${first.answer === null ? " empty" : ""}`, text: first.answer ?? "（未作答）" }));
  const variants = new Set(g.members.map((m) => m.answer));
  if (variants.size > 1) {
    const details = el(
      "details",
      {},
      el("summary", { text: `各人原文（规范化后相同：只差空白、标点或大小写，共 ${variants.size} 种写法）` }),
    );
    for (const m of g.members)
      details.append(el("div", { cls: "variant" }, el("b", { text: `${m.student}：` }), el("span", { text: m.answer ?? "" })));
    card.append(details);
  }
  const score = el("input", { cls: "score" });
  score.type = "number";
  score.min = "0";
  score.max = String(q.maxPoints);
  score.step = "0.5";
  score.value = groupScore(g) ?? "";
  score.setAttribute("aria-label", "分数");
  const comment = el("input", { cls: "comment" });
  comment.type = "text";
  comment.placeholder = "评语（可选）";
  const comments = new Set(g.members.map((m) => m.comment));
  comment.value = comments.size === 1 ? [...comments][0] : "";
  const status = el("div", { cls: "status", text: scoreLine(g) });
  const button = el("button", { text: g.members.length > 1 ? `给这 ${g.members.length} 人保存（Enter）` : "保存（Enter）" });
  button.addEventListener("click", () => void saveGroup(k));
  card.append(el("div", { cls: "form" }, el("label", { text: `分数（0–${q.maxPoints}）` }, score), comment, button), status);
  if (g.members.length > 1) {
    const each = el("details", { cls: "each" }, el("summary", { text: "逐人评分" }));
    for (const m of g.members) each.append(memberRow(q, m));
    card.append(each);
  }
  card.addEventListener("click", () => focusGroup(k, false));
  return card;
}

function memberRow(q: Question, m: Member): HTMLElement {
  const score = el("input", { cls: "score" });
  score.type = "number";
  score.min = "0";
  score.max = String(q.maxPoints);
  score.step = "0.5";
  score.value = m.score;
  const comment = el("input", { cls: "comment" });
  comment.value = m.comment;
  comment.placeholder = "评语";
  const status = el("span", { cls: "status" });
  const go = () => void save(q, [m], score.value, comment.value, status);
  const button = el("button", { text: "保存" });
  button.addEventListener("click", go);
  for (const input of [score, comment])
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        e.stopPropagation();
        go();
      }
    });
  return el("div", { cls: "member" }, el("b", { text: m.student }), score, comment, button, status);
}

function cards(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>("article.group"));
}

function focusGroup(k: number, scroll = true): void {
  const all = cards();
  if (all.length === 0) return;
  gIndex = Math.max(0, Math.min(k, all.length - 1));
  all.forEach((c, i) => c.classList.toggle("focused", i === gIndex));
  if (scroll) all[gIndex].scrollIntoView({ block: "nearest" });
}

function goQuestion(k: number): void {
  qIndex = (k + state.questions.length) % state.questions.length;
  gIndex = 0;
  history.replaceState(null, "", `#${state.questions[qIndex].id}`);
  render();
  window.scrollTo(0, 0);
}

async function saveGroup(k: number): Promise<void> {
  const q = state.questions[qIndex];
  const card = cards()[k];
  const score = card.querySelector<HTMLInputElement>(".form input.score")!.value;
  const comment = card.querySelector<HTMLInputElement>(".form input.comment")!.value;
  const ok = await save(q, q.groups[k].members, score, comment, card.querySelector(".form + .status")!);
  if (ok) {
    render();
    focusGroup(k + 1);
  }
}

/** Saves one score for `members`; true when it landed. Conflicts and refusals are shown in `status`. */
async function save(q: Question, members: Member[], scoreText: string, comment: string, status: Element): Promise<boolean> {
  const score = scoreText.trim() === "" ? null : Number(scoreText);
  status.className = "status";
  status.textContent = "正在保存……";
  const { status: code, data } = await api("POST", "/api/score", {
    exercise: q.id,
    entries: members.map((m) => ({ student: m.student, rev: m.rev })),
    score,
    comment,
  });
  const update = (rows: unknown) => {
    for (const v of rows as (Member & { student: string })[]) {
      const m = members.find((x) => x.student === v.student)!;
      Object.assign(m, { score: v.score, comment: v.comment, rev: v.rev });
    }
  };
  if (code === 200) {
    update(data.values);
    state.progress = data.progress as Progress;
    state.warnings = data.warnings as string[];
    status.textContent = "已保存";
    if (members.length === 1) render();
    return true;
  }
  status.className = "status error";
  if (code === 409) {
    const conflicts = data.conflicts as Member[];
    update(conflicts);
    status.textContent =
      `冲突：另一个标签页（或对 manual-scores.csv 的手工修改）已经改了 ` +
      conflicts
        .map((c) => `${c.student}：${c.score === "" ? "未评分" : `${c.score} 分`}${c.comment ? `（${c.comment}）` : ""}`)
        .join("；") +
      `。你的输入没有保存；确认后再按 Enter 会覆盖它。`;
  } else status.textContent = `没有保存：${String(data.error ?? code)}`;
  return false;
}

function helpBox(): HTMLElement {
  const rows: [string, string][] = [
    ["j / ↓", "下一组答案"],
    ["k / ↑", "上一组答案"],
    ["0–9", "给当前组打分（不超过本题满分）"],
    ["Enter", "保存当前组的分数和评语，并跳到下一组"],
    ["c", "编辑当前组的评语"],
    ["u", "跳到下一组未评分的答案"],
    ["n / p", "下一题 / 上一题"],
    ["Esc", "离开输入框，关闭帮助"],
    ["?", "显示或隐藏本帮助"],
  ];
  const box = el(
    "aside",
    { cls: `help${helpShown ? " shown" : ""}` },
    el("h3", { text: "快捷键" }),
    el("p", {
      text: "相同的答案（忽略空白、标点和大小写之后完全一致）合为一组，只需评一次；展开“逐人评分”可以单独给某人打分。每次保存立即写入 manual-scores.csv 和 gradebook.csv。",
    }),
  );
  const table = el("table");
  for (const [k, v] of rows) table.append(el("tr", {}, el("td", {}, el("kbd", { text: k })), el("td", { text: v })));
  box.append(table);
  return box;
}

function toggleHelp(show = !helpShown): void {
  helpShown = show;
  document.querySelector("aside.help")?.classList.toggle("shown", show);
}

document.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || !state) return;
  const target = e.target as HTMLElement;
  const typing = target.tagName === "INPUT" || target.tagName === "TEXTAREA";
  const card = cards()[gIndex];
  if (e.key === "Escape") {
    if (typing) target.blur();
    toggleHelp(false);
    return;
  }
  if (e.key === "Enter") {
    if (target.tagName === "BUTTON" || target.tagName === "SUMMARY") return;
    const inCard = target.closest<HTMLElement>("article.group");
    e.preventDefault();
    void saveGroup(inCard ? Number(inCard.dataset.index) : gIndex);
    return;
  }
  if (typing) return;
  const q = state.questions[qIndex];
  if (e.key === "j" || e.key === "ArrowDown") focusGroup(gIndex + 1);
  else if (e.key === "k" || e.key === "ArrowUp") focusGroup(gIndex - 1);
  else if (e.key === "n" || e.key === "]") goQuestion(qIndex + 1);
  else if (e.key === "p" || e.key === "[") goQuestion(qIndex - 1);
  else if (e.key === "?") toggleHelp();
  else if (e.key === "c" && card) card.querySelector<HTMLInputElement>(".form input.comment")!.focus();
  else if (e.key === "u") {
    const open = q.groups.map((g, k) => k).filter((k) => q.groups[k].members.some((m) => m.score === ""));
    const next = open.find((k) => k > gIndex) ?? open[0];
    if (next !== undefined) focusGroup(next);
  } else if (/^[0-9]$/.test(e.key) && card) {
    if (Number(e.key) > q.maxPoints) return;
    card.querySelector<HTMLInputElement>(".form input.score")!.value = e.key;
  } else return;
  e.preventDefault();
});

async function load(): Promise<void> {
  const { status, data } = await api("GET", "/api/state");
  if (status !== 200) {
    document.getElementById("app")!.textContent = `无法载入：${String(data.error ?? status)}`;
    return;
  }
  state = data as unknown as State;
  const wanted = state.questions.findIndex((q) => `#${q.id}` === location.hash);
  qIndex = wanted >= 0 ? wanted : 0;
  render();
}

window.addEventListener("hashchange", () => {
  const k = state?.questions.findIndex((q) => `#${q.id}` === location.hash) ?? -1;
  if (k >= 0 && k !== qIndex) goQuestion(k);
});

void load();
