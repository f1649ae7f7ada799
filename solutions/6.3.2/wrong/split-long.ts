// d2l-wrong-fails: 放不下的句子整句跳过，不会被拆开 | 随机的句子：每行对应一整句，顺序不变，什么也不丢
// d2l-wrong-why: 把放不下的长句子拆成了好几行，按句子分批时一行只能是一整句：放不下的句子应整句跳过。
// Chops a long sentence into several rows, which is what sentence-level batching must not do.
// BEGIN SOLUTION
  const pieces: number[][] = [];
  for (const s of sentences) for (let i = 0; i + 1 < s.length; i += numSteps) pieces.push(s.slice(i, i + numSteps + 1));
  const pad = (row: readonly number[]) => [...row, ...Array(numSteps - row.length).fill(padIndex)];
  const out: { X: number[][]; Y: number[][]; validLens: number[] }[] = [];
  for (let i = 0; i < pieces.length; i += batchSize) {
    const g = pieces.slice(i, i + batchSize);
    out.push({ X: g.map((s) => pad(s.slice(0, -1))), Y: g.map((s) => pad(s.slice(1))), validLens: g.map((s) => s.length - 1) });
  }
  return out;
// END SOLUTION
