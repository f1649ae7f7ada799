// d2l-wrong-fails: GRU 单元的参数个数和乘法次数 | 书中的规模（d = 1027, h = 256, n = 32） | 乘法次数随批量大小 n 线性增长，参数个数与 n 无关
// d2l-wrong-why: 乘法次数只算了矩阵乘法，漏了 GRU 里的三个逐元素乘法 ⊙：把 R ⊙ H、Z ⊙ H 和 (1 − Z) ⊙ H̃ 也算上。
// Counts only the matrix products and forgets the three ⊙ of the GRU.
// BEGIN SOLUTION
  const block = { params: d * h + h * h + h, mults: n * d * h + n * h * h };
  return kind === "rnn" ? block : { params: 3 * block.params, mults: 3 * block.mults };
// END SOLUTION
