import { test } from "uvu";
import * as assert from "uvu/assert";
import { RUNS, parseArgs, qualityMarkdown, samplesMarkdown, selectRuns, verdict } from "../quality";

test("parseArgs: the full runs by default, five epochs with --quick, written to quality.quick.*", () => {
  const saved = process.env.D2L_QUICK;
  delete process.env.D2L_QUICK;
  try {
    const full = parseArgs([]);
    assert.is(full.epochs, undefined);
    assert.is(full.stem, "quality");
    assert.equal([parseArgs(["--quick"]).epochs, parseArgs(["--quick"]).stem], [5, "quality.quick"]);
    assert.equal(parseArgs(["--epochs", "20", "--only", "rnn,gru"]).only, ["rnn", "gru"]);
    process.env.D2L_QUICK = "1";
    assert.is(parseArgs([]).epochs, 5);
  } finally {
    if (saved === undefined) delete process.env.D2L_QUICK;
    else process.env.D2L_QUICK = saved;
  }
});

test("parseArgs names a bad argument", () => {
  assert.throws(() => parseArgs(["--epochs", "0"]), /quality: --epochs: expected a positive integer, got "0"/);
  assert.throws(() => parseArgs(["--epochs"]), /quality: --epochs: expected a value, got nothing/);
  assert.throws(() => parseArgs(["--fast"]), /quality: unknown argument "--fast"/);
  assert.is(parseArgs(["--help"]).help, true);
});

test("selectRuns keeps the runs an --only text names and refuses a text that names none", () => {
  assert.equal(
    selectRuns(["gru-concise"]).map((r) => `${r.model} ${r.impl}`),
    ["gru concise"],
  );
  assert.is(selectRuns(undefined).length, RUNS.length);
  assert.throws(
    () => selectRuns(["rnn", "foo"]),
    /quality: --only: expected texts contained in rnn-scratch-random, .*got "foo" \(matches no run; nothing was run or written\)/,
  );
});

test("the seven runs of the issue with the book's ranges", () => {
  assert.equal(
    RUNS.map((r) => `${r.model} ${r.impl} ${r.sampling} ${r.target.join("-")}`),
    [
      "rnn scratch random 1.28-1.33",
      "rnn scratch consecutive 1.15-1.21",
      "gru scratch consecutive 1.72-1.81",
      "lstm scratch consecutive 3.78-4.46",
      "rnn concise consecutive 1.74-1.82",
      "gru concise consecutive 1.44-1.47",
      "lstm concise consecutive 3.57-4.21",
    ],
  );
});

test("verdict and the markdown table", () => {
  assert.is(verdict(1.1, [1.15, 1.21]), "below (better)");
  assert.is(verdict(1.2, [1.15, 1.21]), "in range");
  assert.is(verdict(1.3, [1.15, 1.21]), "above");
  const samples = [
    { prefix: "分开", text: "分开 我" },
    { prefix: "不分开", text: "不分开 你是一二三四五" },
  ];
  const row = {
    model: "rnn",
    impl: "scratch",
    sampling: "random",
    epochs: 250,
    perplexity: 1.3,
    secondsPerEpoch: 2,
    backend: "wasm",
    target: [1.28, 1.33],
    samples,
  } as const;
  const md = qualityMarkdown([row], "note");
  assert.match(md, /\| rnn \| scratch \| random \| 250 \| 1\.300 \| 1\.28–1\.33 \| in range \| 2\.00 \| wasm \|/);
  assert.match(md, /- rnn scratch \(random\): “分开 我”, “不分开 你是一…”/, "the report keeps the prefix and four generated characters");
  assert.not.match(md, /二三四五/, "nothing of a sample beyond its opening is committed");
  assert.match(samplesMarkdown([row]), /- 不分开 你是一二三四五/, "the ignored file keeps the whole sample");
});

test.run();
