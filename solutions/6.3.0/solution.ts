import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.3.0
/**
 * 随机采样（书中的 data_iter_random）：样本从 0, T, 2T, … 开始（只取放得下 T + 1 个字符的），
 * 用 rng 打乱样本顺序，每 B 个组成一批，每个样本在一个 epoch 里至多出现一次，只产生完整的批量。
 * 产生 [X, Y]：形状 [B, T] 的 int32 张量，Y 是 X 在语料中后移一位。
 */
function* dataIterRandom(corpusIndices: readonly number[], batchSize: number, numSteps: number, rng: d2l.Rng): Generator<[tf.Tensor2D, tf.Tensor2D]> {
  // BEGIN SOLUTION 先算样本个数 ⌊(N − 1)/T⌋ 和批量个数，再用 rng.shuffle 打乱样本的起点
  const numExamples = Math.floor((corpusIndices.length - 1) / numSteps);
  const epochSize = Math.floor(numExamples / batchSize);
  const starts = rng.shuffle(Array.from({ length: numExamples }, (_, i) => i * numSteps));
  const rows = (from: number[], shift: number) => from.map((s) => corpusIndices.slice(s + shift, s + shift + numSteps));
  for (let i = 0; i < epochSize; i++) {
    const batch = starts.slice(i * batchSize, (i + 1) * batchSize);
    yield [tf.tensor2d(rows(batch, 0), [batchSize, numSteps], "int32"), tf.tensor2d(rows(batch, 1), [batchSize, numSteps], "int32")];
  }
  // END SOLUTION
}

/**
 * 相邻采样（书中的 data_iter_consecutive）：把语料的前 B·⌊N/B⌋ 个字符均分成 B 行，第 i 个批量取每行的
 * 第 iT 到 iT + T − 1 列，于是相邻两个批量在每一行上首尾相接。产生 [X, Y]（形状 [B, T]，int32）。
 */
function* dataIterConsecutive(corpusIndices: readonly number[], batchSize: number, numSteps: number): Generator<[tf.Tensor2D, tf.Tensor2D]> {
  // BEGIN SOLUTION 每行 ⌊N/B⌋ 个字符；Y 要比 X 多看一位，所以批量个数是 ⌊(⌊N/B⌋ − 1)/T⌋
  const batchLen = Math.floor(corpusIndices.length / batchSize);
  const lines = Array.from({ length: batchSize }, (_, b) => corpusIndices.slice(b * batchLen, (b + 1) * batchLen));
  const epochSize = Math.floor((batchLen - 1) / numSteps);
  for (let i = 0; i < epochSize; i++) {
    const cut = (shift: number) => lines.map((line) => line.slice(i * numSteps + shift, i * numSteps + shift + numSteps));
    yield [tf.tensor2d(cut(0), [batchSize, numSteps], "int32"), tf.tensor2d(cut(1), [batchSize, numSteps], "int32")];
  }
  // END SOLUTION
}
