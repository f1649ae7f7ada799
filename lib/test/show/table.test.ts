import { test } from "uvu";
import * as assert from "uvu/assert";
import * as d2l from "d2lzh";

test("formatValue writes integers as they are and other numbers with the given decimals", () => {
  assert.is(d2l.formatValue(1352), "1352");
  assert.is(d2l.formatValue(2.71828), "2.72");
  assert.is(d2l.formatValue(2.71828, 4), "2.7183");
  assert.is(d2l.formatValue(Infinity), "Infinity");
  assert.is(d2l.formatValue("我"), "我");
  assert.is(d2l.formatValue(undefined), "");
});

test("displayWidth counts CJK characters as two columns and ASCII as one", () => {
  assert.is(d2l.displayWidth("ab"), 2);
  assert.is(d2l.displayWidth("分开"), 4);
  assert.is(d2l.displayWidth("我 a"), 4);
  assert.is(d2l.displayWidth("，"), 2, "full-width comma");
});

test("formatTable aligns columns, right-aligns numbers and pads CJK by display width", () => {
  const text = d2l.formatTable([
    { 词: "我", 次数: 367 },
    { 词: "可爱", 次数: 30 },
  ]);
  // Column widths: 词 → max(2, 2, 4) = 4; 次数 → max(4, 3, 2) = 4.
  assert.equal(text.split("\n"), ["词    次数", "----  ----", "我     367", "可爱    30"]);
});

test("formatTable takes the column order from options and puts the title first", () => {
  const text = d2l.formatTable([{ a: 1, b: 0.5 }], { columns: ["b", "a"], title: "t", digits: 1 });
  assert.equal(text.split("\n"), ["t", "  b  a", "---  -", "0.5  1"]);
});

test("formatTable collects columns that only later rows have and leaves missing cells empty", () => {
  const text = d2l.formatTable([{ a: "x" }, { a: "y", b: "z" }]);
  assert.equal(text.split("\n"), ["a  b", "-  -", "x", "y  z"]);
});

test("formatTable names the argument that is wrong", () => {
  assert.throws(
    () => d2l.formatTable([1 as unknown as d2l.TableRow]),
    /formatTable: rows\[0\]: expected a record of column → value, got number/,
  );
  assert.throws(() => d2l.formatTable([], { digits: -1 }), /formatTable: options\.digits: expected an integer in \[0, 20\], got -1/);
});

test("tableHtml escapes values, right-aligns numbers and left-aligns text (headers too)", () => {
  const html = d2l.tableHtml([{ token: "<b>", n: 3 }], { title: "a&b" });
  assert.match(html, "<caption>a&amp;b</caption>");
  assert.match(html, '<td style="text-align:left">&lt;b&gt;</td>');
  assert.match(html, '<td style="text-align:right">3</td>');
  assert.match(html, '<th style="text-align:left">token</th><th style="text-align:right">n</th>');
});

test("showTable prints the text outside a notebook", () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (s: string) => lines.push(s);
  try {
    d2l.showTable([{ n: 1 }]);
  } finally {
    console.log = log;
  }
  assert.equal(lines, ["n\n-\n1"]);
});

test.run();
