// d2l-wrong-fails: 参数形状（输入长度 D = 5、隐藏单元 H = 4、词表 V = 7） | 权重来自 N(0, 0.01²)、偏置为 0，同一种子得到同样的参数 | 输入不是 one-hot（词嵌入，D ≠ V）时输出个数仍由词表决定
// d2l-wrong-why: 输出个数取了输入长度 D，只在输入恰好是长度为 V 的 one-hot 时碰巧对：输出应对应词表大小 V，与输入怎么表示无关。
// The circulating answer "as many outputs as inputs": right only while the input is a one-hot
// vector of length V, wrong as soon as X_t is an embedding of another length.
// REPLACE IN 1: W_hq: normal(numHiddens, vocabSize),
// WITH: W_hq: normal(numHiddens, numInputs),
// REPLACE IN 1: b_q: tf.zeros([vocabSize]),
// WITH: b_q: tf.zeros([numInputs]),
