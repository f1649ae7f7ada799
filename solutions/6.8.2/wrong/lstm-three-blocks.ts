// d2l-wrong-fails: LSTM 单元的参数个数和乘法次数 | 三种单元都能算 | 书中的规模（d = 1027, h = 256, n = 32） | 乘法次数随批量大小 n 线性增长，参数个数与 n 无关 | 同样规模下 LSTM > GRU > RNN
// d2l-wrong-why: LSTM 只算了三个门，漏了候选记忆细胞自己的权重：LSTM 有四组 (W_x, W_h, b)。
// Counts three gates for the LSTM and forgets the candidate memory cell's own weights.
// BEGIN SOLUTION
  const block = { params: d * h + h * h + h, mults: n * d * h + n * h * h };
  if (kind === "rnn") return block;
  return { params: 3 * block.params, mults: 3 * block.mults + 3 * n * h };
// END SOLUTION
