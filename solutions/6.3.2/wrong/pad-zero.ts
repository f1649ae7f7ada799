// d2l-wrong-fails: 用给定的 padIndex 填充 | 随机的句子：每行对应一整句，顺序不变，什么也不丢
// d2l-wrong-why: 不管 padIndex 是多少都用 0 填充，而 0 是词表里一个真实的字：填充用传进来的 padIndex。
// Pads with 0 whatever padIndex says: index 0 is a real character of the vocabulary.
// BEGIN SOLUTION
  const fits = sentences.filter((s) => s.length >= 2 && s.length <= numSteps + 1);
  const pad = (row: readonly number[]) => [...row, ...Array(numSteps - row.length).fill(0)];
  const out: { X: number[][]; Y: number[][]; validLens: number[] }[] = [];
  for (let i = 0; i < fits.length; i += batchSize) {
    const g = fits.slice(i, i + batchSize);
    out.push({ X: g.map((s) => pad(s.slice(0, -1))), Y: g.map((s) => pad(s.slice(1))), validLens: g.map((s) => s.length - 1) });
  }
  return out;
// END SOLUTION
