import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as d2l from "d2lzh";

test("lineChart makes one scatter trace per series with x defaulting to 1..n", () => {
  const fig = d2l.lineChart(
    [
      { name: "rnn", y: [9, 5, 3] },
      { name: "gru", y: [8, 4, 2], x: [10, 20, 30] },
    ],
    { title: "困惑度", logY: true },
  );
  assert.is(fig.data.length, 2);
  assert.equal(fig.data[0].x, [1, 2, 3]);
  assert.equal(fig.data[1].x, [10, 20, 30]);
  assert.is((fig.layout.yaxis as { type: string }).type, "log");
  assert.match(fig.summary, /rnn: 3 points, 9 -> 3 \(min 3, max 9\)/);
});

test("lineChart names the series whose x and y lengths differ", () => {
  assert.throws(
    () => d2l.lineChart([{ name: "a", y: [1, 2], x: [1] }]),
    /lineChart: series\[0\]\.x: expected 2 values \(as many as y\), got 1/,
  );
  assert.throws(() => d2l.lineChart([{ name: "a", y: [1, NaN] }]), /lineChart: series\[0\]\.y\[1\]: expected a number, got NaN/);
  assert.throws(() => d2l.lineChart([]), /expected at least one series/);
});

test("barChart keeps labels and values paired and summarises the top ten", () => {
  const labels = Array.from({ length: 12 }, (_, i) => `t${i}`);
  const fig = d2l.barChart(
    labels,
    labels.map((_, i) => 12 - i),
    { logY: true },
  );
  assert.equal(fig.data[0].x, labels);
  assert.match(fig.summary, /"t0" 12, "t1" 11/);
  assert.match(fig.summary, /… \(12 bars\)/);
  assert.throws(() => d2l.barChart(["a"], [1, 2]), /barChart: labels: expected 2 labels \(one per value\), got 1/);
});

test("heatmap checks that rows are equally long and reports the value range", () => {
  const fig = d2l.heatmap(
    [
      [0, 0.5],
      [1, 0.25],
    ],
    { zMin: 0, zMax: 1 },
  );
  assert.is(fig.data[0].zmin, 0);
  assert.match(fig.summary, /2 x 2, values in \[0, 1\]/);
  assert.throws(() => d2l.heatmap([[1, 2], [3]]), /heatmap: z\[1\]: expected 2 columns like z\[0\], got 1/);
});

test("show prints the text summary outside a notebook", () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (s: string) => lines.push(s);
  try {
    d2l.show(d2l.lineChart([{ name: "a", y: [1, 2] }], { title: "t" }));
  } finally {
    console.log = log;
  }
  assert.equal(lines, ["[line chart] t\n  a: 2 points, 1 -> 2 (min 1, max 2)"]);
});

test("figureHtml inlines plotly.js only when asked and never lets data close the script", () => {
  const fig = d2l.barChart(["</script><b>"], [1]);
  const withBundle = d2l.figureHtml(fig, true);
  const without = d2l.figureHtml(fig, false);
  assert.ok(withBundle.length > 1_000_000, "the bundle is inlined");
  assert.ok(without.length < 5_000, "no bundle: the page loads it from beside the notebook");
  assert.not.match(without, "</script><b>");
  assert.match(without, /Plotly\.newPlot/);
  assert.match(without, new RegExp(d2l.plotlyAssetName().replace(/\./g, "\\.")));
});

test("figureHtml's scripts are valid JavaScript", () => {
  const html = d2l.figureHtml(d2l.heatmap([[0, 1]], { title: "门" }), false);
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.is(scripts.length, 1);
  for (const js of scripts) assert.not.throws(() => new Function(js), "the loader parses");
});

test("ensurePlotlyAsset writes plotly-<version>.min.js once and leaves an existing file alone", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-asset-"));
  try {
    const file = d2l.ensurePlotlyAsset(dir);
    assert.is(file, path.join(dir, d2l.plotlyAssetName()));
    assert.match(d2l.plotlyAssetName(), /^plotly-\d+\.\d+\.\d+\.min\.js$/);
    const size = fs.statSync(file!).size;
    assert.ok(size > 1_000_000 && size < d2l.plotlyBundle().length, `minified: ${size} bytes`);
    fs.writeFileSync(file!, "// someone else's file");
    assert.is(d2l.ensurePlotlyAsset(dir), file);
    assert.is(fs.readFileSync(file!, "utf8"), "// someone else's file", "not overwritten");
    assert.equal(fs.readdirSync(dir), [d2l.plotlyAssetName()], "no temporary file left");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("ensurePlotlyAsset returns undefined where the folder cannot be written", () => {
  assert.is(d2l.ensurePlotlyAsset(path.join(os.tmpdir(), "d2l-no-such-folder", "deeper")), undefined);
});

test("integer axes get whole-number ticks; fractional and log axes keep plotly's", () => {
  const epochs = d2l.lineChart([{ name: "ppl", y: [9, 5, 3] }]);
  assert.equal((epochs.layout.xaxis as Record<string, unknown>).dtick, 1);
  assert.is((epochs.layout.xaxis as Record<string, unknown>).tickformat, "d");
  const long = d2l.lineChart([{ name: "ppl", y: Array.from({ length: 250 }, (_, i) => 250 - i) }]);
  assert.is((long.layout.xaxis as Record<string, unknown>).dtick, 50, "250 epochs: a tick every 50");
  const fractional = d2l.lineChart([{ name: "a", y: [1, 2], x: [0.5, 1.5] }]);
  assert.is((fractional.layout.xaxis as Record<string, unknown>).dtick, undefined);
  const log = d2l.lineChart([{ name: "a", y: [1, 2] }], { logX: true });
  assert.is((log.layout.xaxis as Record<string, unknown>).dtick, undefined);
  const heat = d2l.heatmap(
    [
      [0, 1, 2],
      [1, 2, 3],
    ],
    { xTicks: ["我", "的", "歌"] },
  );
  assert.is((heat.layout.xaxis as Record<string, unknown>).dtick, undefined, "character ticks stay");
  assert.is((heat.layout.yaxis as Record<string, unknown>).dtick, 1, "hidden units 0, 1");
});

test("writeHtml writes a standalone page with the bundle", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "d2l-plot-")), "sub", "fig.html");
  d2l.writeHtml(d2l.lineChart([{ name: "a", y: [1, 2] }], { title: "Zipf" }), file);
  const html = fs.readFileSync(file, "utf8");
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /<title>Zipf<\/title>/);
  assert.match(html, /window\.Plotly = Plotly/);
  fs.rmSync(path.dirname(path.dirname(file)), { recursive: true });
});

test.run();
