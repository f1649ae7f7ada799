// d2l-wrong-fails: 参数个数：V = 3、H = 2 时是 21 | 书中的规模：V = 1027、H = 256 时的参数个数 | 模型自己的参数个数与 paramCount 一致，且用的是 H 个单元的循环层
// Counts only the weight matrices and forgets the biases b_h and b_q.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.5.1
function conciseRnnModel(vocabSize: number, numHiddens: number, numSteps: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.simpleRNN({ units: numHiddens, returnSequences: true, inputShape: [numSteps, vocabSize] }));
  model.add(tf.layers.dense({ units: vocabSize }));
  return model;
}

function paramCount(vocabSize: number, numHiddens: number): number {
  return vocabSize * numHiddens + numHiddens * numHiddens + numHiddens * vocabSize;
}
