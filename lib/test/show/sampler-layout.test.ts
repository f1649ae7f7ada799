import { test } from "uvu";
import * as assert from "uvu/assert";
import * as d2l from "d2lzh";

const seq = Array.from({ length: 30 }, (_, i) => i);

test("samplerLayoutText gives each position its batch and row, '-' where unused (random sampler)", () => {
  const text = d2l.samplerLayoutText(30, d2l.dataIterRandomArrays(seq, 2, 6, d2l.seed(0)));
  // m = ⌊29 / 6⌋ = 4 samples from 0, 6, 12, 18; two batches of two; 24 … 29 unused.
  const owners = [...text.matchAll(/\s*(\d+):(\S+)/g)].map((m) => m[2]);
  assert.is(owners.length, 30);
  assert.equal(owners.slice(24), ["-", "-", "-", "-", "-", "-"]);
  const perSample = [0, 6, 12, 18].map((s) => owners[s]);
  assert.equal([...perSample].sort(), ["0.0", "0.1", "1.0", "1.1"]);
  for (const s of [0, 6, 12, 18])
    assert.ok(
      owners.slice(s, s + 6).every((o) => o === owners[s]),
      `sample at ${s} is one piece`,
    );
});

test("samplerLayoutSvg folds the consecutive sampler into B rows and draws the state handed on", () => {
  const svg = d2l.samplerLayoutSvg(30, d2l.dataIterConsecutiveArrays(seq, 2, 6), {
    rows: 2,
    carriesState: true,
    caption: "图 6.4　相邻采样",
  });
  assert.match(svg, /第 1 段/);
  assert.match(svg, /第 2 段/);
  assert.is((svg.match(/传下去/g) ?? []).length, 2, "one arrow per row from batch 0 to batch 1");
  assert.match(svg, /<title>图 6\.4　相邻采样<\/title>/);
  assert.is(
    svg,
    d2l.samplerLayoutSvg(30, d2l.dataIterConsecutiveArrays(seq, 2, 6), { rows: 2, carriesState: true, caption: "图 6.4　相邻采样" }),
  );
});

test("samplerLayoutSvg refuses batches that are not positions of the toy sequence", () => {
  const letters = [{ X: [[5, 3]], Y: [[3, 4]] }];
  assert.throws(
    () => d2l.samplerLayoutSvg(30, letters),
    /batches: batch 0, row 0: expected consecutive positions of the toy sequence 0…29, got 5, 3/,
  );
  assert.throws(() => d2l.samplerLayoutSvg(1, []), /length: expected an integer in \[2, 400\], got 1/);
  assert.throws(() => d2l.samplerLayoutSvg(30, [], { rows: 0 }), /options\.rows: expected an integer in \[1, 30\], got 0/);
});

test.run();
