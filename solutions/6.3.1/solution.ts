import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.3.1
/**
 * 随机偏移采样：每个 epoch（每次调用）先用 rng 在 [0, T − 1]（含两端）中取一个偏移 o，再像随机采样
 * 那样处理从 o 开始的语料：样本从 o, o + T, o + 2T, … 开始，打乱顺序，每 B 个一批，只产生完整的批量。
 * 这样多个 epoch 下来，语料的每个位置都可能成为样本的起点。产生 [X, Y]（形状 [B, T]，int32）。
 */
function* dataIterRandomOffset(corpusIndices: readonly number[], batchSize: number, numSteps: number, rng: d2l.Rng): Generator<[tf.Tensor2D, tf.Tensor2D]> {
  // BEGIN SOLUTION 先用 rng.randint(0, numSteps) 取偏移（上界不含），再在剩下的语料上做随机采样
  const offset = rng.randint(0, numSteps);
  const corpus = corpusIndices.slice(offset);
  const numExamples = Math.floor((corpus.length - 1) / numSteps);
  const epochSize = Math.floor(numExamples / batchSize);
  const starts = rng.shuffle(Array.from({ length: numExamples }, (_, i) => i * numSteps));
  const rows = (from: number[], shift: number) => from.map((s) => corpus.slice(s + shift, s + shift + numSteps));
  for (let i = 0; i < epochSize; i++) {
    const batch = starts.slice(i * batchSize, (i + 1) * batchSize);
    yield [tf.tensor2d(rows(batch, 0), [batchSize, numSteps], "int32"), tf.tensor2d(rows(batch, 1), [batchSize, numSteps], "int32")];
  }
  // END SOLUTION
}
