// d2l-wrong-fails: T = 4、t′ = 2：H_T 只依赖 X_2（按梯度检查） | t′ 是第一个时间步（T = 5、t′ = 1） | t′ 就是最后一个时间步（T = 3、t′ = 3） | 更长的序列（T = 8、t′ = 5）
// d2l-wrong-why: 每一步都 R = 0、Z = 1，结果 H_t 一直等于 H_0，输出不依赖任何输入：只有 t′ 之后才让 Z = 1，t′ 这一步要接收新输入。
// The circulating answer "R = 0 and Z = 1 at every step": H_t = H_0, so the output depends on no input at all.
// BEGIN SOLUTION
  return { R: Array(T).fill(0), Z: Array(T).fill(1) };
// END SOLUTION
