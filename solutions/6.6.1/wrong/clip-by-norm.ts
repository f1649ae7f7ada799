// d2l-wrong-fails: 按值裁剪把每个元素截到 [−c, c] | 按值裁剪：随机张量、不改动输入
// Rescales each tensor to norm c (clipping by norm) where clipping by value was asked for.
// BEGIN SOLUTION 2
  return grads.map((g) => {
    const norm = tf.norm(g).dataSync()[0];
    return norm > c ? tf.mul(g, c / norm) : g;
  });
// END SOLUTION
