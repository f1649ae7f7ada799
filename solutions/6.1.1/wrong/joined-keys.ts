// d2l-wrong-fails: 不同的 n 元组不会因为拼接成同一个字符串而被合并
// Keys made by joining words without a separator: ("ab", "c") and ("a", "bc") collide.
// REPLACE IN 1: seen.add(JSON.stringify(tokens.slice(i, i + n)));
// WITH: seen.add(tokens.slice(i, i + n).join(""));
