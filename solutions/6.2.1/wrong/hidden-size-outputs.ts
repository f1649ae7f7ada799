// d2l-wrong-fails: 参数形状（输入长度 D = 5、隐藏单元 H = 4、词表 V = 7） | 权重来自 N(0, 0.01²)、偏置为 0，同一种子得到同样的参数 | 词表比隐藏单元多或少时形状都对 | 输入不是 one-hot（词嵌入，D ≠ V）时输出个数仍由词表决定
// d2l-wrong-why: 输出层给了 H 列（和隐藏单元一样多），而每个时间步要对词表里的每个字打分：W_hq 应为 [H, V]，b_q 应为 [V]。
// Gives the output layer H columns ("as many outputs as hidden units") instead of one per vocabulary entry.
// REPLACE IN 1: W_hq: normal(numHiddens, vocabSize),
// WITH: W_hq: normal(numHiddens, numHiddens),
// REPLACE IN 1: b_q: tf.zeros([vocabSize]),
// WITH: b_q: tf.zeros([numHiddens]),
