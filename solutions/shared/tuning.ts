// Shared by the tuning exercises 6.4.1 (RNN), 6.7.2 (GRU) and 6.8.1 (LSTM): the allowed ranges, the
// seeded training run on the small corpus (data/tiny_lyrics.txt), and a cache so that the public and
// hidden cases of one submission train once.
import { CellName, EpochRecord, backend, loadDataTinyLyrics, scratchModel, seed, trainAndPredictRnn } from "d2lzh";
import { assert } from "d2lzh/check";

export interface Tuning {
  numHiddens: number;
  lr: number;
  theta: number;
  numSteps: number;
  batchSize: number;
  numEpochs: number;
}

/** The ranges a tuning config must stay in (they bound the training cost of grading). */
export const LIMITS = {
  numHiddens: [1, 64],
  numEpochs: [1, 12],
  numSteps: [2, 20],
  batchSize: [1, 16],
} as const;

/** batchSize × numSteps must be at least this (so an epoch has at most ~10 batches). */
export const MIN_BATCH_TOKENS = 32;

/** Characters of the small corpus (data/tiny_lyrics.txt): the sizes must leave at least one batch. */
export const TINY_CORPUS_LENGTH = 338;

/** Calls the student's tuning function and checks every field against LIMITS. */
export function checkedTuning(fn: unknown, name: string): Tuning {
  assert.ok(typeof fn === "function", `${name} 应是一个函数`);
  const c = (fn as () => unknown)() as Record<string, unknown>;
  assert.ok(
    c !== null && typeof c === "object",
    `${name}() 应返回 { numHiddens, lr, theta, numSteps, batchSize, numEpochs }，实际得到 ${assert.describe(c)}`,
  );
  for (const [key, [lo, hi]] of Object.entries(LIMITS)) {
    const v = c[key];
    assert.ok(
      Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi,
      `${key} 应是 ${lo} 到 ${hi} 之间的整数，实际得到 ${assert.describe(v)}`,
      "这些上限让评分时的训练只需一两秒",
    );
  }
  for (const key of ["lr", "theta"]) {
    const v = c[key];
    assert.ok(typeof v === "number" && Number.isFinite(v) && v > 0, `${key} 应是正数，实际得到 ${assert.describe(v)}`);
  }
  const t = c as unknown as Tuning;
  assert.ok(
    t.batchSize * t.numSteps >= MIN_BATCH_TOKENS,
    `batchSize × numSteps 应至少为 ${MIN_BATCH_TOKENS}，实际 ${t.batchSize} × ${t.numSteps} = ${t.batchSize * t.numSteps}`,
    "批量太小时每个 epoch 的批量太多，评分时的训练会太慢",
  );
  const batches = Math.floor(Math.floor((TINY_CORPUS_LENGTH - 1) / t.numSteps) / t.batchSize);
  assert.ok(
    batches >= 1,
    `语料只有 ${TINY_CORPUS_LENGTH} 个字符：batchSize = ${t.batchSize}、numSteps = ${t.numSteps} 时一个批量也凑不出来`,
    "随机采样需要 batchSize·numSteps + 1 个字符才有一个批量：减小 batchSize 或 numSteps",
  );
  return t;
}

const runs = new Map<string, Promise<readonly EpochRecord[]>>();

/** The per-epoch history of a seeded run of `cell` with config `t` on the small corpus (memoised). */
export function trainTiny(cell: CellName, t: Tuning, seedValue: number): Promise<readonly EpochRecord[]> {
  const key = JSON.stringify([cell, t.numHiddens, t.lr, t.theta, t.numSteps, t.batchSize, t.numEpochs, seedValue]);
  let run = runs.get(key);
  if (run === undefined) {
    run = (async () => {
      await backend({ quiet: true });
      const corpus = await loadDataTinyLyrics();
      const model = scratchModel({ cell, vocabSize: corpus.vocabSize, numHiddens: t.numHiddens, rng: seed(seedValue) });
      const r = await trainAndPredictRnn({
        model,
        corpus,
        numHiddens: t.numHiddens,
        lr: t.lr,
        theta: t.theta,
        numSteps: t.numSteps,
        batchSize: t.batchSize,
        numEpochs: t.numEpochs,
        sampling: "random",
        seed: seedValue,
        quiet: true,
        predPeriod: 1_000_000,
      });
      return r.history;
    })();
    runs.set(key, run);
  }
  return run;
}

/** Fails unless the final perplexity of the seed-0 run is at most `threshold`. */
export async function checkReaches(cell: CellName, t: Tuning, threshold: number): Promise<void> {
  const history = await trainTiny(cell, t, 0);
  assert.ok(history.length > 0, "训练一个 epoch 也没有完成");
  const last = history[history.length - 1];
  assert.ok(
    Number.isFinite(last.perplexity) && last.perplexity <= threshold,
    `训练 ${history.length} 个 epoch 后困惑度是 ${assert.num(last.perplexity)}，没有降到 ${threshold} 以下`,
    Number.isFinite(last.perplexity) && last.perplexity < 1000 ? tuningHint(t) : "训练发散了：学习率太大，或者裁剪阈值太大",
  );
}

/** A hint for a run that did not reach its threshold, suggesting only what LIMITS still allow. */
export function tuningHint(t: Tuning): string {
  const ideas = ["调整学习率 lr 和裁剪阈值 theta（它们的乘积 lr·theta 决定每步最多走多远）"];
  if (t.numEpochs < LIMITS.numEpochs[1]) ideas.push(`多训练几个 epoch（最多 ${LIMITS.numEpochs[1]} 个，现在 ${t.numEpochs} 个）`);
  if (t.numHiddens < LIMITS.numHiddens[1]) ideas.push(`增加隐藏单元（最多 ${LIMITS.numHiddens[1]} 个，现在 ${t.numHiddens} 个）`);
  ideas.push("换一个 numSteps 或 batchSize（批量小，每个 epoch 的更新次数就多）");
  return `试试${ideas.join("；或")}`;
}

/** Fails unless the run's perplexity fell to at most half of the first epoch's and never became non-finite. */
export async function checkCurve(cell: CellName, t: Tuning): Promise<void> {
  const history = await trainTiny(cell, t, 0);
  assert.ok(history.length > 0, "训练一个 epoch 也没有完成");
  const bad = history.find((h) => !Number.isFinite(h.perplexity));
  assert.ok(bad === undefined, `第 ${bad?.epoch} 个 epoch 的困惑度不是有限值`, "学习率太大或不裁剪梯度时会发散");
  const [first, last] = [history[0].perplexity, history[history.length - 1].perplexity];
  assert.ok(last <= first / 2, `困惑度从第一个 epoch 的 ${assert.num(first)} 只降到 ${assert.num(last)}，没有降到一半以下`);
}
