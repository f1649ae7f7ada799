import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.5.1
/**
 * 简洁实现：输入是 T 个时间步的 one-hot 向量 [B, T, V]，一层 tf.layers.simpleRNN（H 个隐藏单元，tanh，
 * 返回每个时间步的隐藏状态），再接一个全连接输出层（V 个输出，作用在每个时间步上），输出 [B, T, V]。
 */
function conciseRnnModel(vocabSize: number, numHiddens: number, numSteps: number): tf.LayersModel {
  // BEGIN SOLUTION returnSequences: true 才会给出每个时间步的输出；Dense 作用在最后一维上
  const model = tf.sequential();
  model.add(tf.layers.simpleRNN({ units: numHiddens, returnSequences: true, inputShape: [numSteps, vocabSize] }));
  model.add(tf.layers.dense({ units: vocabSize }));
  return model;
  // END SOLUTION
}

/** 这个模型的参数个数：循环层 W_xh、W_hh、b_h，加上输出层 W_hq、b_q。 */
function paramCount(vocabSize: number, numHiddens: number): number {
  // BEGIN SOLUTION 逐个数参数矩阵和偏置的元素个数
  return vocabSize * numHiddens + numHiddens * numHiddens + numHiddens + numHiddens * vocabSize + vocabSize;
  // END SOLUTION
}
