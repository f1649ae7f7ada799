import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.3.2
/**
 * 以整句为样本：k 个词的句子给出 k − 1 个时间步（X 是前 k − 1 个词，Y 是后 k − 1 个词）。按原顺序把句子
 * 每 B 句组成一批（最后一批可以不满 B 句），每行填充 padIndex 到 T 步，validLens 记下每行的有效步数。
 * 句子从不拆开：多于 T + 1 个词的句子跳过；少于 2 个词的句子没有可预测的词，也跳过。
 */
function sentenceBatches(
  sentences: readonly (readonly number[])[],
  batchSize: number,
  numSteps: number,
  padIndex: number,
): { X: number[][]; Y: number[][]; validLens: number[] }[] {
  // BEGIN SOLUTION 先筛出放得下的句子，再每 B 句一批；每行用 padIndex 补到 T 个
  const fits = sentences.filter((s) => s.length >= 2 && s.length <= numSteps + 1);
  const pad = (row: readonly number[]) => [...row, ...Array(numSteps - row.length).fill(padIndex)];
  const batches: { X: number[][]; Y: number[][]; validLens: number[] }[] = [];
  for (let i = 0; i < fits.length; i += batchSize) {
    const group = fits.slice(i, i + batchSize);
    batches.push({
      X: group.map((s) => pad(s.slice(0, -1))),
      Y: group.map((s) => pad(s.slice(1))),
      validLens: group.map((s) => s.length - 1),
    });
  }
  return batches;
  // END SOLUTION
}
