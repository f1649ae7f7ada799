// d2l-wrong-fails: 所有参数为 0 时三个门都是 0.5、候选记忆细胞为 0 | 随机参数下与公式一致 | 遗忘门打开、输入门关上时记忆细胞原样保留
// d2l-wrong-why: H = O ⊙ C 漏了 tanh，隐藏状态就不再有界：应为 H = O ⊙ tanh(C)。
// H = O ⊙ C without the tanh: the hidden state is no longer bounded.
// REPLACE IN 1: return { H: tf.mul(O, tf.tanh(C_new)) as tf.Tensor2D, C: C_new };
// WITH: return { H: tf.mul(O, C_new) as tf.Tensor2D, C: C_new };
