// d2l-wrong-fails: 很多个种子下偏移取遍 0 到 T − 1
// Draws the offset with randint(0, T − 1), whose upper bound is exclusive: offset T − 1 never occurs.
// REPLACE IN 1: const offset = rng.randint(0, numSteps);
// WITH: const offset = rng.randint(0, numSteps - 1);
