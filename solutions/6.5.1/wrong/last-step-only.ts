// d2l-wrong-fails: 输入 [B, T, V] 时每个时间步都有 V 个输出
// Leaves returnSequences at its default (false): only the last step gets an output, a classifier, not a language model.
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.5.1
function conciseRnnModel(vocabSize: number, numHiddens: number, numSteps: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.simpleRNN({ units: numHiddens, inputShape: [numSteps, vocabSize] }));
  model.add(tf.layers.dense({ units: vocabSize }));
  return model;
}

function paramCount(vocabSize: number, numHiddens: number): number {
  return vocabSize * numHiddens + numHiddens * numHiddens + numHiddens + numHiddens * vocabSize + vocabSize;
}
