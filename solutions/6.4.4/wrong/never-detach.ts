// d2l-wrong-fails: 分离隐藏状态时，梯度只来自第二个批量自己的计算 | 随机参数下，分离时与把第一批的末状态当作常数算出的梯度一致
// d2l-wrong-why: tf.clone 不会切断梯度，第一个批量的计算仍然参与求导：分离时要把上一批的末状态当作常数（在求导函数之外算出）。
// Ignores the flag: tf.clone(H) is not a detach, the gradient still flows through it.
// REPLACE IN 1: return tf.grad((W_xh: tf.Tensor) => lossOfSecond(carried, W_xh as tf.Tensor2D))(params.W_xh) as tf.Tensor2D;
// WITH: return tf.grad((W: tf.Tensor) => lossOfSecond(tf.clone(run(W as tf.Tensor2D, H0, batch1)), W as tf.Tensor2D))(params.W_xh) as tf.Tensor2D;
