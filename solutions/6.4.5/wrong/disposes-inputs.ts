// d2l-wrong-fails: 不释放传入的参数和状态
// d2l-wrong-why: 释放了传入的状态：张量归调用它的循环所有，纯函数不能释放自己的输入，否则调用者手里的 H 就没了。
// Disposes the previous state to save memory: the caller's tensor is gone (memory has one owner: the loop).
// BEGIN SOLUTION
  const H = tf.relu(tf.add(tf.add(tf.matMul(X, params.W_xh), tf.matMul(state.H, params.W_hh)), params.b_h)) as tf.Tensor2D;
  state.H.dispose();
  return { H };
// END SOLUTION
