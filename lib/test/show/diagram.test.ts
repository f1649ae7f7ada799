import { test } from "uvu";
import * as assert from "uvu/assert";
import * as d2l from "d2lzh";

const tiny: d2l.Diagram = {
  title: "X → H",
  width: 200,
  height: 120,
  nodes: [
    { id: "X", kind: "input", x: 50, y: 60, label: "$X_t$" },
    { id: "H", kind: "hidden", x: 150, y: 60, label: "$~H_{t-1}$" },
  ],
  edges: [{ from: "X", to: "H", label: "$W_{xh}$" }],
};

test("diagramSvg writes the same bytes for the same description", () => {
  assert.is(d2l.diagramSvg(tiny), d2l.diagramSvg({ ...tiny }));
  assert.match(d2l.diagramSvg(tiny), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="200" height="150"/);
});

test("diagramSvg labels use WenQuanYi Micro Hei first and a legend of the kinds used", () => {
  const svg = d2l.diagramSvg(tiny);
  assert.match(svg, /font-family="'WenQuanYi Micro Hei', [^"]*sans-serif"/);
  assert.match(svg, />输入</);
  assert.match(svg, />隐藏状态</);
  assert.match(svg, />参数</, "the edge label is a parameter");
  assert.not.match(svg, />输出</);
  assert.not.match(svg, /<script/);
});

test("labels: a bold italic matrix, an italic subscript with a true minus, a drawn tilde", () => {
  const svg = d2l.labelSvg("$~H_{t-1}$", 0, 0);
  assert.match(svg, /font-style="italic" font-weight="bold">H</);
  assert.match(svg, /font-style="italic">t</);
  assert.match(svg, />−1</, "U+2212, not a hyphen");
  assert.match(svg, /<path d="M/, "the tilde is a path over the letter");
  assert.not.match(svg, /\u0303/, "no combining character to misplace");
});

test("labels: text outside $…$ stays upright and an unbalanced $ is an error", () => {
  assert.match(d2l.labelSvg("重置门 $R_t$", 0, 0), /<tspan[^>]*font-size="16">重置门 <\/tspan>/);
  assert.throws(() => d2l.labelSvg("$R_t", 0, 0), /unbalanced \$/);
  assert.ok(d2l.labelWidth("$H_t^{(1)}$") < d2l.labelWidth("$H_t$") + d2l.labelWidth("(1)"), "stacked scripts share their width");
});

test("diagramSvg names the unknown node an edge refers to and a repeated id", () => {
  assert.throws(() => d2l.diagramSvg({ ...tiny, edges: [{ from: "X", to: "Q" }] }), /edge X -> Q: no node with id "Q"/);
  assert.throws(() => d2l.diagramSvg({ ...tiny, nodes: [tiny.nodes[0], tiny.nodes[0]] }), /id "X" is used twice/);
});

test.run();
