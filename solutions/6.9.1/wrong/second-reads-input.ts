// d2l-wrong-fails: 参数形状：第 2 层读第 1 层的 H 个隐藏状态 | 权重来自 N(0, 0.01²)、偏置为 0，同一种子得到同样的参数
// d2l-wrong-why: 第 2 层的输入权重取了 one-hot 输入的形状 [V, H]，成了两个并排的层而不是叠起来的：第 2 层读的是第 1 层的 H 个隐藏状态，W_xh 应为 [H, H]。
// Gives layer 2 the one-hot input's shape [V, H]: two parallel layers instead of a stack.
// REPLACE IN 1: const layers = [layer(vocabSize), layer(numHiddens)];
// WITH: const layers = [layer(vocabSize), layer(vocabSize)];
