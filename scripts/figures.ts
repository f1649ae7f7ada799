/**
 * The chapter's figures, drawn for this workbook: each one is a description of boxes, arrows and
 * labels (lib/src/diagram.ts turns it into SVG) written to notebooks/figures/<name>.svg.
 *
 *   npm run figures             write the figures
 *   npm run figures -- --check  fail if a committed figure differs from what this file draws
 *
 * To fix a figure, edit its description here and re-run. The notebooks refer to the files from
 * their Markdown cells (`![…](figures/<name>.svg)`); test/figures.test.ts checks both directions.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { diagramSvg } from "d2lzh";
import type { Diagram, DiagramEdge, DiagramNode, DiagramText } from "d2lzh";

type P = readonly [number, number];
const n = (id: string, kind: DiagramNode["kind"], x: number, y: number, label: string, more: Partial<DiagramNode> = {}): DiagramNode => ({
  id,
  kind,
  x,
  y,
  label,
  ...more,
});
const e = (from: string, to: string, more: Partial<DiagramEdge> = {}): DiagramEdge => ({ from, to, ...more });
const t = (x: number, y: number, text: string, more: Partial<DiagramText> = {}): DiagramText => ({ x, y, text, ...more });

// ---- 6.2: the RNN with a hidden state, folded and unrolled ------------------------------------

function rnnHiddenState(): Diagram {
  const cols = [
    { x: 340, s: "t-1" },
    { x: 490, s: "t" },
    { x: 640, s: "t+1" },
  ];
  const nodes: DiagramNode[] = [
    n("X", "input", 90, 250, "$X_t$"),
    n("H", "hidden", 90, 150, "$H_t$", { w: 64, h: 40 }),
    n("O", "output", 90, 50, "$O_t$"),
    n("in", "hidden", 250, 150, "", { w: 1, h: 1 }),
    n("out", "hidden", 730, 150, "", { w: 1, h: 1 }),
  ];
  const edges: DiagramEdge[] = [
    e("X", "H", { label: "$W_{xh}$" }),
    e("H", "O", { label: "$W_{hq}$" }),
    e("H", "H", {
      fromAt: [122, 140],
      via: [
        [160, 140],
        [160, 164],
      ],
      toAt: [122, 164],
      label: "$W_{hh}$",
      labelAt: [186, 152],
    }),
  ];
  cols.forEach(({ x, s }, i) => {
    nodes.push(
      n(`X${i}`, "input", x, 250, `$X_{${s}}$`, { w: 64 }),
      n(`H${i}`, "hidden", x, 150, `$H_{${s}}$`, { w: 64, h: 40 }),
      n(`O${i}`, "output", x, 50, `$O_{${s}}$`, { w: 64 }),
    );
    edges.push(e(`X${i}`, `H${i}`, { label: "$W_{xh}$" }), e(`H${i}`, `O${i}`, { label: "$W_{hq}$" }));
    if (i > 0) edges.push(e(`H${i - 1}`, `H${i}`, { label: "$W_{hh}$" }));
  });
  edges.push(e("in", "H0", { dashed: true }), e("H2", "out", { dashed: true }));
  return {
    title: "含隐藏状态的循环神经网络：左边是循环的写法，右边是按时间展开的写法",
    width: 760,
    height: 310,
    nodes,
    edges,
    texts: [
      t(90, 295, "循环的写法"),
      t(490, 295, "按时间展开（各时间步共用参数）"),
      t(215, 112, "展开"),
      t(215, 132, "⟹", { size: 22 }),
      t(200, 178, "上一步的 $H$", { size: 12 }),
    ],
  };
}

// ---- 6.2: the character-level language model ---------------------------------------------------

function charRnnLm(): Diagram {
  const inputs = [..."想要有直升"],
    targets = [..."要有直升机"];
  const x0 = 190,
    dx = 110;
  const nodes: DiagramNode[] = [],
    edges: DiagramEdge[] = [];
  nodes.push(n("H0", "hidden", 115, 200, "$H_0$", { w: 48, dashed: true }));
  inputs.forEach((ch, i) => {
    const x = x0 + i * dx,
      k = i + 1;
    nodes.push(
      n(`X${k}`, "input", x, 300, `${ch}  $X_${k}$`, { w: 72 }),
      n(`H${k}`, "hidden", x, 200, `$H_${k}$`),
      n(`O${k}`, "output", x, 110, `$O_${k}$`),
      n(`Y${k}`, "input", x, 30, targets[i], { w: 40, h: 32, dashed: true }),
    );
    edges.push(e(`X${k}`, `H${k}`), e(`H${k}`, `O${k}`), e(`O${k}`, `Y${k}`, { dashed: true, kind: "output" }));
    edges.push(e(i === 0 ? "H0" : `H${i}`, `H${k}`));
  });
  const left = (y: number, text: string) => t(20, y, text, { anchor: "start", size: 13 });
  return {
    title: "字符级循环神经网络语言模型：输入“想要有直升”，每个时间步预测下一个字，标签是“要有直升机”",
    width: 800,
    height: 330,
    nodes,
    edges,
    texts: [
      left(30, "标签"),
      left(110, "输出"),
      left(200, "隐藏状态"),
      left(300, "输入"),
      t(672, 62, "softmax 后与标签", { size: 12, anchor: "start" }),
      t(672, 78, "算交叉熵", { size: 12, anchor: "start" }),
    ],
  };
}

// ---- 6.6: the computation graph of BPTT for three time steps -----------------------------------

function bpttGraph(): Diagram {
  const xs = [230, 430, 630];
  const nodes: DiagramNode[] = [
    n("L", "output", 430, 36, "$L$"),
    n("Wq", "param", 50, 255, "$W_{hq}$", { w: 60 }),
    n("Wh", "param", 50, 300, "$W_{hh}$", { w: 60 }),
    n("Wx", "param", 50, 400, "$W_{xh}$", { w: 60 }),
    n("H0", "hidden", 140, 350, "$H_0$", { dashed: true }),
  ];
  const edges: DiagramEdge[] = [];
  xs.forEach((x, i) => {
    const k = i + 1;
    nodes.push(
      n(`X${k}`, "input", x, 450, `$X_${k}$`),
      n(`H${k}`, "hidden", x, 350, `$H_${k}$`),
      n(`O${k}`, "output", x, 200, `$O_${k}$`),
      n(`l${k}`, "operator", x, 115, `$ℓ_${k}$`, { shape: "circle", w: 34 }),
      n(`Y${k}`, "input", x + 80, 115, `$Y_${k}$`),
    );
    edges.push(
      e(`X${k}`, `H${k}`),
      e(`H${k}`, `O${k}`),
      e(`O${k}`, `l${k}`),
      e(`Y${k}`, `l${k}`),
      e(`l${k}`, "L"),
      e(i === 0 ? "H0" : `H${i}`, `H${k}`),
      e("Wq", `O${k}`, { fromAt: [80, 255], via: [[x - 22, 255]], toAt: [x - 22, 218], kind: "param" }),
      e("Wh", `H${k}`, { fromAt: [80, 300], via: [[x - 22, 300]], toAt: [x - 22, 332], kind: "param" }),
      e("Wx", `H${k}`, { fromAt: [80, 400], via: [[x - 22, 400]], toAt: [x - 22, 368], kind: "param" }),
    );
  });
  return {
    title: "三个时间步的循环神经网络的计算图：参数被每个时间步共用，损失 L 是各步损失的平均",
    width: 740,
    height: 480,
    nodes,
    edges,
    texts: [t(540, 36, "$L = (ℓ_1 + ℓ_2 + ℓ_3) / 3$", { anchor: "start", size: 14 })],
  };
}

// ---- 6.7: the GRU in three stages --------------------------------------------------------------

type Stage<S extends number> = { readonly stage: S; readonly node: DiagramNode } | { readonly stage: S; readonly edge: DiagramEdge };

function staged<S extends number>(parts: readonly Stage<S>[], upTo: S): { nodes: DiagramNode[]; edges: DiagramEdge[] } {
  const shown = parts.filter((p) => p.stage <= upTo);
  return {
    nodes: shown.flatMap((p) => ("node" in p ? [p.node] : [])),
    edges: shown.flatMap((p) => ("edge" in p ? [p.edge] : [])),
  };
}

/** Two inputs of a gate box at `gx` from H_{t-1} (bus at y = hy) and X_t (bus at y = xy). */
function gateInputs<S extends number>(
  stage: S,
  gate: string,
  gx: number,
  hp: P,
  xp: P,
  hy: number,
  xy: number,
  boxBottom: number,
): Stage<S>[] {
  return [
    {
      stage,
      edge: e("Hp", gate, {
        fromAt: hp,
        via: [
          [hp[0], hy],
          [gx - 10, hy],
        ],
        toAt: [gx - 10, boxBottom],
      }),
    },
    {
      stage,
      edge: e("X", gate, {
        fromAt: xp,
        via: [
          [xp[0], xy],
          [gx + 10, xy],
        ],
        toAt: [gx + 10, boxBottom],
      }),
    },
  ];
}

function gru(upTo: 1 | 2 | 3): Diagram {
  const box = { w: 56, h: 36 };
  const op = (id: string, x: number, y: number, label: string) => n(id, "operator", x, y, label, { shape: "circle", w: 30 });
  const parts: Stage<1 | 2 | 3>[] = [
    { stage: 1, node: n("Hp", "hidden", 60, 60, "$H_{t-1}$", { w: 68 }) },
    { stage: 1, node: n("X", "input", 250, 330, "$X_t$") },
    { stage: 1, node: n("sR", "operator", 150, 230, "σ", box) },
    { stage: 1, node: n("sZ", "operator", 250, 230, "σ", box) },
    { stage: 1, node: n("R", "hidden", 150, 155, "$R_t$", { w: 48, h: 30 }) },
    { stage: 1, node: n("Z", "hidden", 250, 155, "$Z_t$", { w: 48, h: 30 }) },
    ...gateInputs(1, "sR", 150, [60, 78], [250, 312], 268, 290, 248),
    ...gateInputs(1, "sZ", 250, [60, 78], [250, 312], 268, 290, 248),
    { stage: 1, edge: e("sR", "R") },
    { stage: 1, edge: e("sZ", "Z") },
    { stage: 2, node: op("mR", 150, 100, "⊙") },
    { stage: 2, node: n("tanh", "operator", 400, 230, "tanh", { w: 60, h: 36 }) },
    { stage: 2, node: n("Hc", "hidden", 500, 230, "$~H_t$", { w: 52, h: 32 }) },
    { stage: 2, edge: e("Hp", "mR", { fromAt: [94, 60], via: [[150, 60]] }) },
    { stage: 2, edge: e("R", "mR") },
    { stage: 2, edge: e("mR", "tanh", { via: [[390, 100]], toAt: [390, 212] }) },
    {
      stage: 2,
      edge: e("X", "tanh", {
        fromAt: [250, 312],
        via: [
          [250, 290],
          [410, 290],
        ],
        toAt: [410, 248],
      }),
    },
    { stage: 2, edge: e("tanh", "Hc") },
    { stage: 3, node: op("mZ", 530, 60, "⊙") },
    { stage: 3, node: op("one", 530, 155, "1−") },
    { stage: 3, node: op("mC", 620, 155, "⊙") },
    { stage: 3, node: op("plus", 620, 60, "+") },
    { stage: 3, node: n("H", "hidden", 700, 60, "$H_t$") },
    { stage: 3, edge: e("Hp", "mZ", { fromAt: [94, 60] }) },
    { stage: 3, edge: e("Z", "one", { fromAt: [274, 155] }) },
    {
      stage: 3,
      edge: e("Z", "mZ", {
        fromAt: [274, 155],
        via: [
          [470, 155],
          [470, 110],
          [530, 110],
        ],
        toAt: [530, 75],
      }),
    },
    { stage: 3, edge: e("one", "mC") },
    { stage: 3, edge: e("Hc", "mC", { via: [[620, 230]] }) },
    { stage: 3, edge: e("mC", "plus") },
    { stage: 3, edge: e("mZ", "plus") },
    { stage: 3, edge: e("plus", "H") },
  ];
  const titles = {
    1: "门控循环单元中重置门 R_t 和更新门 Z_t 的计算",
    2: "门控循环单元中候选隐藏状态 H̃_t 的计算（H_tilde）",
    3: "门控循环单元中隐藏状态 H_t 的计算",
  };
  return { title: titles[upTo], width: 750, height: 360, ...staged(parts, upTo) };
}

// ---- 6.8: the LSTM in four stages --------------------------------------------------------------

function lstm(upTo: 1 | 2 | 3 | 4): Diagram {
  const box = { w: 56, h: 36 };
  const op = (id: string, x: number, y: number, label: string) => n(id, "operator", x, y, label, { shape: "circle", w: 30 });
  const value = (id: string, x: number, label: string) => n(id, "hidden", x, 160, label, { w: 48, h: 30 });
  const hp: P = [82, 290],
    xp: P = [285, 352];
  const parts: Stage<1 | 2 | 3 | 4>[] = [
    { stage: 1, node: n("Hp", "hidden", 50, 290, "$H_{t-1}$", { w: 64 }) },
    { stage: 1, node: n("X", "input", 285, 370, "$X_t$") },
  ];
  const gates: [string, number, string, 1 | 2][] = [
    ["F", 150, "σ", 1],
    ["I", 240, "σ", 1],
    ["Cc", 330, "tanh", 2],
    ["O", 420, "σ", 1],
  ];
  for (const [g, x, fn, stage] of gates) {
    const label = g === "Cc" ? "$~C_t$" : `$${g}_t$`;
    parts.push(
      { stage, node: n(`s${g}`, "operator", x, 240, fn, box) },
      { stage, node: value(g, x, label) },
      { stage, edge: e("Hp", `s${g}`, { fromAt: hp, via: [[x - 10, 290]], toAt: [x - 10, 258] }) },
      {
        stage,
        edge: e("X", `s${g}`, {
          fromAt: xp,
          via: [
            [285, 315],
            [x + 10, 315],
          ],
          toAt: [x + 10, 258],
        }),
      },
      { stage, edge: e(`s${g}`, g) },
    );
  }
  parts.push(
    { stage: 3, node: n("Cp", "hidden", 50, 60, "$C_{t-1}$", { w: 64 }) },
    { stage: 3, node: op("mF", 150, 60, "⊙") },
    { stage: 3, node: op("mI", 285, 110, "⊙") },
    { stage: 3, node: op("plus", 285, 60, "+") },
    { stage: 3, node: n("C", "hidden", 560, 60, "$C_t$") },
    { stage: 3, edge: e("Cp", "mF") },
    { stage: 3, edge: e("F", "mF") },
    { stage: 3, edge: e("I", "mI", { fromAt: [240, 145], via: [[240, 110]] }) },
    { stage: 3, edge: e("Cc", "mI", { fromAt: [330, 145], via: [[330, 110]] }) },
    { stage: 3, edge: e("mI", "plus") },
    { stage: 3, edge: e("mF", "plus") },
    { stage: 3, edge: e("plus", "C") },
    { stage: 4, node: n("tanhC", "operator", 560, 150, "tanh", { w: 60, h: 34 }) },
    { stage: 4, node: op("mO", 560, 240, "⊙") },
    { stage: 4, node: n("H", "hidden", 670, 240, "$H_t$") },
    { stage: 4, edge: e("C", "tanhC") },
    { stage: 4, edge: e("tanhC", "mO") },
    {
      stage: 4,
      edge: e("O", "mO", {
        fromAt: [444, 160],
        via: [
          [490, 160],
          [490, 240],
        ],
      }),
    },
    { stage: 4, edge: e("mO", "H") },
  );
  const titles = {
    1: "长短期记忆中输入门 I_t、遗忘门 F_t 和输出门 O_t 的计算",
    2: "长短期记忆中候选记忆细胞 C̃_t 的计算（C_tilde）",
    3: "长短期记忆中记忆细胞 C_t 的计算",
    4: "长短期记忆中隐藏状态 H_t 的计算",
  };
  return { title: titles[upTo], width: 730, height: 400, ...staged(parts, upTo) };
}

// ---- 6.9: the deep RNN -------------------------------------------------------------------------

function deepRnn(): Diagram {
  const cols = [
    { x: 200, s: "1" },
    { x: 340, s: "2" },
    { x: 480, s: "3" },
    { x: 660, s: "T" },
  ];
  const rows = [
    { y: 320, l: "1" },
    { y: 230, l: "2" },
    { y: 120, l: "L" },
  ];
  const nodes: DiagramNode[] = [],
    edges: DiagramEdge[] = [];
  cols.forEach(({ x, s }, i) => {
    nodes.push(n(`X${i}`, "input", x, 410, `$X_${s}$`), n(`O${i}`, "output", x, 36, `$O_${s}$`));
    rows.forEach(({ y, l }, j) => {
      nodes.push(n(`H${j}_${i}`, "hidden", x, y, `$H_${s}^{(${l})}$`, { w: 66, h: 40 }));
      if (i > 0 && i < 3) edges.push(e(`H${j}_${i - 1}`, `H${j}_${i}`, i === 1 ? { label: `$W_{hh}^{(${l})}$` } : {}));
      if (i === 3) edges.push(e(`H${j}_2`, `H${j}_3`, { dashed: true }));
    });
    const first = i === 0;
    edges.push(
      e(`X${i}`, `H0_${i}`, first ? { label: "$W_{xh}^{(1)}$" } : {}),
      e(`H0_${i}`, `H1_${i}`, first ? { label: "$W_{xh}^{(2)}$" } : {}),
      e(`H1_${i}`, `H2_${i}`, { dashed: true }),
      e(`H2_${i}`, `O${i}`, first ? { label: "$W_{hq}$" } : {}),
    );
  });
  const left = (y: number, text: string) => t(24, y, text, { anchor: "start", size: 13 });
  return {
    title: "深度循环神经网络：L 个隐藏层叠在一起，第 l 层读入第 l−1 层同一时间步的隐藏状态",
    width: 740,
    height: 440,
    nodes,
    edges,
    texts: [
      left(36, "输出层"),
      left(120, "第 L 层"),
      left(230, "第 2 层"),
      left(320, "第 1 层"),
      left(410, "输入"),
      t(410, 175, "⋮", { size: 18 }),
    ],
  };
}

// ---- 6.10: the bidirectional RNN ---------------------------------------------------------------

function biRnn(): Diagram {
  const cols = [
    { x: 210, s: "1" },
    { x: 370, s: "2" },
    { x: 530, s: "3" },
  ];
  const nodes: DiagramNode[] = [n("fIn", "hidden", 120, 250, "", { w: 1, h: 1 }), n("bIn", "hidden", 680, 150, "", { w: 1, h: 1 })];
  const edges: DiagramEdge[] = [];
  cols.forEach(({ x, s }, i) => {
    nodes.push(
      n(`X${i}`, "input", x, 350, `$X_${s}$`),
      n(`F${i}`, "hidden", x, 250, `$>H_${s}$`, { w: 64, h: 38 }),
      n(`B${i}`, "hidden", x, 150, `$<H_${s}$`, { w: 64, h: 38 }),
      n(`O${i}`, "output", x, 40, `$O_${s}$`),
    );
    edges.push(
      e(`X${i}`, `F${i}`, i === 0 ? { label: "$W_{xh}^{(f)}$", labelAt: [x - 32, 300] } : {}),
      e(`X${i}`, `B${i}`, {
        fromAt: [x + 14, 332],
        via: [
          [x + 14, 312],
          [x + 48, 312],
          [x + 48, 195],
          [x + 20, 195],
        ],
        toAt: [x + 20, 169],
      }),
      e(`F${i}`, `O${i}`, {
        fromAt: [x - 20, 231],
        via: [
          [x - 20, 205],
          [x - 48, 205],
          [x - 48, 90],
          [x - 12, 90],
        ],
        toAt: [x - 12, 58],
      }),
      e(`B${i}`, `O${i}`, { fromAt: [x + 12, 131], toAt: [x + 12, 58] }),
    );
    if (i > 0) edges.push(e(`F${i - 1}`, `F${i}`, i === 1 ? { label: "$W_{hh}^{(f)}$" } : {}));
    if (i > 0) edges.push(e(`B${i}`, `B${i - 1}`, i === 1 ? { label: "$W_{hh}^{(b)}$" } : {}));
  });
  edges.push(e("fIn", "F0", { dashed: true }), e("bIn", "B2", { dashed: true }));
  const left = (y: number, text: string) => t(24, y, text, { anchor: "start", size: 13 });
  return {
    title: "双向循环神经网络：正向隐藏层从前往后、反向隐藏层从后往前传递状态，同一时间步的两个状态拼接后进入输出层",
    width: 720,
    height: 420,
    nodes,
    edges,
    texts: [
      left(40, "输出层"),
      left(150, "反向隐藏层"),
      left(250, "正向隐藏层"),
      left(350, "输入"),
      t(370, 400, "输出层读入两个方向拼接后的隐藏状态：$O_t = [>H_t, <H_t] W_{hq} + b_q$", { size: 13 }),
    ],
  };
}

/** Every figure: file name (without .svg) → description. */
export function figures(): ReadonlyMap<string, Diagram> {
  return new Map<string, Diagram>([
    ["rnn-hidden-state", rnnHiddenState()],
    ["char-rnn-lm", charRnnLm()],
    ["bptt-graph", bpttGraph()],
    ["gru-gates", gru(1)],
    ["gru-candidate", gru(2)],
    ["gru-hidden-state", gru(3)],
    ["lstm-gates", lstm(1)],
    ["lstm-candidate", lstm(2)],
    ["lstm-memory-cell", lstm(3)],
    ["lstm-hidden-state", lstm(4)],
    ["deep-rnn", deepRnn()],
    ["bi-rnn", biRnn()],
  ]);
}

export const FIGURES_DIR = path.resolve(__dirname, "..", "notebooks", "figures");

/** The SVG text of every figure, by file name (with .svg). */
export function figureFiles(): Map<string, string> {
  return new Map([...figures()].map(([name, d]) => [`${name}.svg`, diagramSvg(d)]));
}

if (require.main === module) {
  const check = process.argv.includes("--check");
  const unknown = process.argv.slice(2).filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(`figures: unknown argument ${JSON.stringify(unknown[0])}; expected nothing or --check`);
    process.exit(2);
  }
  let stale = 0;
  fs.mkdirSync(FIGURES_DIR, { recursive: true });
  for (const [file, svg] of figureFiles()) {
    const target = path.join(FIGURES_DIR, file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
    if (check) {
      if (current !== svg) {
        stale++;
        console.log(`stale: notebooks/figures/${file}`);
      }
    } else if (current !== svg) {
      const tmp = `${target}.tmp-${process.pid}`;
      fs.writeFileSync(tmp, svg);
      fs.renameSync(tmp, target);
      console.log(`wrote notebooks/figures/${file}`);
    }
  }
  if (check && stale > 0) {
    console.error(`${stale} figure(s) differ from scripts/figures.ts: run npm run figures`);
    process.exit(1);
  }
}
