// d2l-wrong-fails: 两层逐层计算、每层的状态沿时间传递（手算的小例子） | 随机参数下与逐层递推一致
// d2l-wrong-why: 两层都用了 ReLU，而本节的模型（和题目）用的是 tanh：检查每层隐藏状态用的激活函数。
// The circulating code uses ReLU in both layers while the section's model (and the question) uses tanh.
// REPLACE IN 2: H[l] = tf.tanh(
// WITH: H[l] = tf.relu(
