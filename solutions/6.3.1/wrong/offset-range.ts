// d2l-wrong-fails: 很多个种子下偏移取遍 0 到 T − 1
// d2l-wrong-why: randint 的上界不包含在内，randint(0, T − 1) 永远取不到 T − 1：看清区间是否包含上界。
// Draws the offset with randint(0, T − 1), whose upper bound is exclusive: offset T − 1 never occurs.
// REPLACE IN 1: const offset = rng.randint(0, numSteps);
// WITH: const offset = rng.randint(0, numSteps - 1);
