// d2l-wrong-fails: 不同的 n 元组不会因为拼接成同一个字符串而被合并
// d2l-wrong-why: 把词直接拼接成键（没有分隔符），("ab", "c") 和 ("a", "bc") 会被当成同一个 n 元组：换一种不会混淆的键，比如 JSON.stringify。
// Keys made by joining words without a separator: ("ab", "c") and ("a", "bc") collide.
// REPLACE IN 1: seen.add(JSON.stringify(tokens.slice(i, i + n)));
// WITH: seen.add(tokens.slice(i, i + n).join(""));
