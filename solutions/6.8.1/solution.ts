import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.8.1
/**
 * 在小语料 data/tiny_lyrics.txt（338 个字符）上从零训练 LSTM 的一组超参数：评分时用种子 0 随机采样训练，
 * 困惑度要降到 30 以下。范围：numHiddens ≤ 64，numEpochs ≤ 12，batchSize × numSteps ≥ 32，numSteps 2..20，batchSize 1..16。
 */
function lstmTuning(): { numHiddens: number; lr: number; theta: number; numSteps: number; batchSize: number; numEpochs: number } {
  // BEGIN SOLUTION 书中的 batchSize = 32、numSteps = 35 在这么短的语料上凑不出一个批量；再调学习率和裁剪阈值
  return { numHiddens: 64, lr: 50, theta: 0.1, numSteps: 8, batchSize: 4, numEpochs: 12 };
  // END SOLUTION
}
