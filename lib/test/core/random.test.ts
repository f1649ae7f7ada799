import { test } from "uvu";
import * as assert from "uvu/assert";
import * as d2l from "d2lzh";

test("seed(n) gives the same stream for the same seed and another for another seed", () => {
  const a = d2l.seed(42),
    b = d2l.seed(42),
    c = d2l.seed(43);
  const xs = Array.from({ length: 5 }, () => a.uint32());
  assert.equal(
    Array.from({ length: 5 }, () => b.uint32()),
    xs,
  );
  assert.not.equal(
    Array.from({ length: 5 }, () => c.uint32()),
    xs,
  );
});

test("the stream is pinned: a change to the generator would change every seeded figure", () => {
  // Recorded once from this implementation; equal on every backend because it is plain JS.
  const rng = d2l.seed(0);
  assert.equal([rng.uint32(), rng.uint32(), rng.uint32()], PINNED_SEED_0);
});

test("random() lies in [0, 1) and has mean ~0.5", () => {
  const rng = d2l.seed(1);
  let sum = 0;
  for (let i = 0; i < 20_000; i++) {
    const x = rng.random();
    assert.ok(x >= 0 && x < 1, `random() out of range: ${x}`);
    sum += x;
  }
  assert.ok(Math.abs(sum / 20_000 - 0.5) < 0.01);
});

test("randint(low, high) covers [low, high) and never returns high", () => {
  const rng = d2l.seed(2);
  const seen = new Set<number>();
  for (let i = 0; i < 2_000; i++) seen.add(rng.randint(3, 7));
  assert.equal([...seen].sort(), [3, 4, 5, 6]);
  assert.throws(() => rng.randint(5, 5), /expected integers low < high, got low=5, high=5/);
});

test("normal(mean, std) has the asked mean and standard deviation", () => {
  const xs = d2l.seed(3).normals(50_000, 1, 0.01);
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  assert.ok(Math.abs(mean - 1) < 3e-4, `mean ${mean}`);
  assert.ok(Math.abs(sd - 0.01) < 3e-4, `sd ${sd}`);
});

test("shuffle returns a permutation and leaves its input alone", () => {
  const items = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const out = d2l.seed(4).shuffle(items);
  assert.equal(items, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(
    [...out].sort((x, y) => x - y),
    items,
  );
  assert.not.equal(out, items);
});

test("choice follows the weights and rejects bad weights", () => {
  const rng = d2l.seed(5);
  const counts = [0, 0, 0];
  for (let i = 0; i < 30_000; i++) counts[rng.choice([1, 0, 3])]++;
  assert.is(counts[1], 0);
  assert.ok(Math.abs(counts[2] / counts[0] - 3) < 0.2, `ratio ${counts[2] / counts[0]}`);
  assert.throws(() => rng.choice([0, 0]), /expected a positive sum/);
  assert.throws(() => rng.choice([1, -1]), /weights\[1\]: expected a finite number >= 0, got -1/);
});

test("a seed that is not a safe integer is refused by name", () => {
  assert.throws(() => d2l.seed(1.5), /Rng: seed: expected a safe integer, got 1.5/);
});

const PINNED_SEED_0 = [4205396811, 3543653536, 1222415357];

test.run();
