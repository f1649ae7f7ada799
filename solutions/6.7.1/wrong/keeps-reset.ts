// d2l-wrong-fails: T = 4、t′ = 2：H_T 只依赖 X_2（按梯度检查） | t′ 就是最后一个时间步（T = 3、t′ = 3） | 更长的序列（T = 8、t′ = 5）
// d2l-wrong-why: t′ 这一步的重置门仍是 1，候选隐藏状态还读得到 H_{t′−1}，更早的输入会漏进来：t′ 这一步要把 R 设为 0。
// Z_t′ = 0 and Z = 1 afterwards, but R_t′ = 1: the candidate at t′ still reads H_{t′−1}, so earlier inputs leak in.
// BEGIN SOLUTION
  const R: number[] = [];
  const Z: number[] = [];
  for (let s = 1; s <= T; s++) {
    R.push(1);
    Z.push(s < tPrime ? 0 : s === tPrime ? 0 : 1);
  }
  return { R, Z };
// END SOLUTION
