// d2l-wrong-fails: 参数个数：V = 3、H = 2 时是 21 | 书中的规模：V = 1027、H = 256 时的参数个数 | 模型自己的参数个数与 paramCount 一致，且用的是 H 个单元的循环层
// d2l-wrong-why: 参数个数只算了权重矩阵，漏了偏置 b_h（H 个）和 b_q（V 个）：把偏置加上。
// Counts only the weight matrices and forgets the biases b_h and b_q.
// BEGIN SOLUTION 2
  return vocabSize * numHiddens + numHiddens * numHiddens + numHiddens * vocabSize;
// END SOLUTION
