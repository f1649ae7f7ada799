// d2l-wrong-fails: 用种子 0 训练后困惑度不超过 10
// Fits the batches but keeps the book's lr 100 and θ 0.01: after 20 epochs the GRU is still at perplexity ~26.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.7.2
function gruTuning(): { numHiddens: number; lr: number; theta: number; numSteps: number; batchSize: number; numEpochs: number } {
  return { numHiddens: 64, lr: 100, theta: 0.01, numSteps: 8, batchSize: 4, numEpochs: 12 };
}
