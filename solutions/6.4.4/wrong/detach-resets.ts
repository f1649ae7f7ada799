// d2l-wrong-fails: 分离隐藏状态时，梯度只来自第二个批量自己的计算 | 随机参数下，分离时与把第一批的末状态当作常数算出的梯度一致
// d2l-wrong-why: 所谓“分离”其实是让第二个批量从零状态开始，那是随机采样的做法：分离是保留上一批末状态的值、只切断梯度（当作常数）。
// "Detaches" by starting the second batch from the zero state, which is random sampling, not consecutive.
// REPLACE IN 1: const carried = run(params.W_xh, H0, batch1);
// WITH: const carried = tf.zerosLike(H0);
