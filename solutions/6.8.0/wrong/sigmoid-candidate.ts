// d2l-wrong-fails: 所有参数为 0 时三个门都是 0.5、候选记忆细胞为 0 | 随机参数下与公式一致
// d2l-wrong-why: 候选记忆细胞用了 σ（像门一样），C̃ 就永远不会是负数：候选记忆细胞用 tanh。
// Uses σ for the candidate memory cell as for the gates: C̃ can then never be negative.
// REPLACE IN 1: const C_tilde = tf.tanh(
// WITH: const C_tilde = tf.sigmoid(
