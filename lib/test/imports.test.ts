import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as path from "node:path";
import { Edge, findCycle, importViolations, listSources, readEdges, readSpecifiers, stageOf } from "./import-rules";

const SRC = path.join(__dirname, "..", "src");
const edge = (from: string, to: string | null, specifier: string): Edge => ({ from, to, specifier, line: 1 });

const reader = suite("readSpecifiers");

reader("finds every way a file can name a module, with its line", () => {
  const text = [
    'import * as tf from "@tensorflow/tfjs";',
    'import type { Rng } from "../core/random";',
    'export { scan } from "./scan";',
    'import fs = require("node:fs");',
    'const j = require("tslab/dist/jupyter");',
    'const m = import("./lazy");',
    'type P = import("./params").ParamRecord;',
    'export const x = 1; // from "./not-an-import"',
  ].join("\n");
  assert.equal(readSpecifiers("x.ts", text), [
    { specifier: "@tensorflow/tfjs", line: 1 },
    { specifier: "../core/random", line: 2 },
    { specifier: "./scan", line: 3 },
    { specifier: "node:fs", line: 4 },
    { specifier: "tslab/dist/jupyter", line: 5 },
    { specifier: "./lazy", line: 6 },
    { specifier: "./params", line: 7 },
  ]);
});

reader.run();

const rules = suite("importViolations");

rules("a graph in stage order has no violations", () => {
  const files = ["core/random.ts", "cells/rnn.ts", "model/model.ts", "index.ts"];
  const edges = [
    edge("cells/rnn.ts", "core/random.ts", "../core/random"),
    edge("model/model.ts", "cells/rnn.ts", "../cells/rnn"),
    edge("index.ts", "model/model.ts", "./model/model"),
    edge("model/model.ts", null, "@tensorflow/tfjs"),
    edge("show/display.ts", null, "tslab/dist/jupyter"),
  ];
  assert.equal(importViolations(files, edges), []);
});

rules("an import of a later stage is reported with the order", () => {
  const got = importViolations(["cells/rnn.ts", "model/model.ts"], [edge("cells/rnn.ts", "model/model.ts", "../model/model")]);
  assert.equal(got, [
    'cells/rnn.ts:1: stage cells imports the later stage model ("../model/model"); order: core < backend < data < cells < model < train < show < index < check',
  ]);
});

rules("the library entry may not pull in check/, and no stage may import index.ts", () => {
  const got = importViolations([], [edge("index.ts", "check/index.ts", "./check"), edge("train/train.ts", "index.ts", "..")]);
  assert.equal(got.length, 2, got.join("\n"));
  assert.match(got[0], "stage index imports the later stage check");
  assert.match(got[1], "stage train imports the later stage index");
});

rules("a cycle inside one stage is reported as a path", () => {
  const edges = [edge("model/model.ts", "model/fast-cells.ts", "./fast-cells"), edge("model/fast-cells.ts", "model/model.ts", "./model")];
  assert.equal(importViolations(["model/model.ts", "model/fast-cells.ts"], edges), [
    "import cycle: model/fast-cells.ts -> model/model.ts -> model/fast-cells.ts",
  ]);
});

rules("solutions/, notebooks/, autograder/, dist/ paths and d2lzh itself are refused", () => {
  const from = "train/train.ts";
  const got = importViolations(
    [from],
    [
      edge(from, null, "../../../solutions/6.4.2"),
      edge(from, null, "../../../notebooks/src/x"),
      edge(from, null, "../../../autograder/grade"),
      edge(from, null, "d2lzh-exercises/dist/catalogue"),
      edge(from, null, "../../dist/index"),
      edge(from, null, "d2lzh"),
      edge(from, null, "../../scripts/demo"),
    ],
  );
  assert.equal(got, [
    'train/train.ts:1: imports solutions/ ("../../../solutions/6.4.2"): the library never depends on it',
    'train/train.ts:1: imports notebooks/ ("../../../notebooks/src/x"): the library never depends on it',
    'train/train.ts:1: imports autograder/ ("../../../autograder/grade"): the library never depends on it',
    'train/train.ts:1: imports a dist/ path ("d2lzh-exercises/dist/catalogue"): import the package\'s entry point',
    'train/train.ts:1: imports a dist/ path ("../../dist/index"): import the package\'s entry point',
    'train/train.ts:1: imports "d2lzh": the library\'s own files import each other by relative path',
    'train/train.ts:1: imports "../../scripts/demo", which is not a file of lib/src',
  ]);
});

rules("a file outside the stage folders is reported", () => {
  assert.equal(importViolations(["helpers.ts", "utils/misc.ts"], []), [
    "helpers.ts: not in a stage folder (core, backend, data, cells, model, train, show, check)",
    "utils/misc.ts: not in a stage folder (core, backend, data, cells, model, train, show, check)",
  ]);
});

rules("findCycle finds a long cycle and ignores a diamond", () => {
  const diamond = [edge("a", "b", ""), edge("a", "c", ""), edge("b", "d", ""), edge("c", "d", "")];
  assert.is(findCycle(diamond), null);
  assert.equal(findCycle([...diamond, edge("d", "a", "")]), ["a", "b", "d", "a"]);
});

rules.run();

const tree = suite("lib/src");

tree("every file sits in a stage folder, imports only earlier stages, and no import cycle", () => {
  const files = listSources(SRC);
  const edges = readEdges(SRC);
  // The reader sees the tree: each stage has files and the library's own edges are found.
  for (const stage of ["core", "backend", "data", "cells", "model", "train", "show", "check"]) {
    assert.ok(
      files.some((f) => stageOf(f) === stage),
      `no file in ${stage}/`,
    );
  }
  assert.ok(edges.filter((e) => e.to !== null).length > 100, `only ${edges.length} edges read`);
  assert.equal(importViolations(files, edges), []);
  assert.ok(
    edges.some((e) => e.from === "model/fast-cells.ts" && e.to === "cells/cell-kit.ts"),
    "fast-cells takes the cell names from cells/",
  );
});

tree.run();
