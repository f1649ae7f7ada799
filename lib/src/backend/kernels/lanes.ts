/**
 * The loop that `tanh-simd.ts` and `sigmoid-simd.ts` share: `name(src, dst, groups)` runs a
 * four-lane formula on `groups` groups of 4·unroll floats (in place allowed), `unroll` groups side
 * by side with each statement of one followed by the same of the next (independent chains for the
 * out-of-order core: one group alone is bound by its latency), and its constants in locals set
 * before the loop (a v128.const inside it costs a few moves per use).
 */
import { Bytes, FunctionSpec, I32, V128, again, f32x4, get, i32, i32x4, loop, seq, set, tee, v128, when } from "./wasm-emit";

/** What a group's statements are written with: its named v128 locals, constants, its input and its output. */
export interface Lanes {
  readonly get: (name: string) => Bytes;
  readonly set: (name: string, value: Bytes) => Bytes;
  /** All four lanes the float32 `x`, or the int32 `n`. */
  readonly f32: (x: number) => Bytes;
  readonly i32: (n: number) => Bytes;
  /** The group's four input floats, and the statement that stores its four results. */
  readonly input: Bytes;
  readonly store: (value: Bytes) => Bytes;
}

export function lanesFunction(
  name: string,
  unroll: number,
  names: readonly string[],
  group: (lanes: Lanes) => readonly Bytes[],
): FunctionSpec {
  const [src, dst, groups] = [0, 1, 2];
  const [p, q, n] = [3, 4, 5];
  const first = 6;
  const constantsAt = first + unroll * names.length;
  const constants = new Map<string, { index: number; value: Bytes }>();
  const constant = (key: string, value: Bytes): Bytes => {
    let entry = constants.get(key);
    if (entry === undefined) constants.set(key, (entry = { index: constantsAt + constants.size, value }));
    return get(entry.index);
  };
  const perGroup = Array.from({ length: unroll }, (_, u) => {
    const local = (k: string) => {
      const at = names.indexOf(k);
      if (at < 0) throw new Error(`lanesFunction(${name}): no local named ${k}; expected one of ${names.join(", ")}`);
      return first + u * names.length + at;
    };
    return group({
      get: (k) => get(local(k)),
      set: (k, value) => set(local(k), value),
      f32: (x) => constant(`f${x}`, f32x4.const(x)),
      i32: (c) => constant(`i${c}`, i32x4.const(c)),
      input: v128.load(get(p), 16 * u),
      store: (value) => v128.store(get(q), value, 16 * u),
    });
  });
  const body = seq(...perGroup[0].flatMap((_, i) => perGroup.map((statements) => statements[i])));
  const code = seq(
    ...[...constants.values()].map(({ index, value }) => set(index, value)),
    set(p, get(src)),
    set(q, get(dst)),
    set(n, get(groups)),
    when(
      get(n),
      loop(
        body,
        set(p, i32.add(get(p), i32.const(16 * unroll))),
        set(q, i32.add(get(q), i32.const(16 * unroll))),
        again(tee(n, i32.sub(get(n), i32.const(1)))),
      ),
    ),
  );
  return { name, params: 3, locals: [I32, I32, I32, ...new Array(unroll * names.length + constants.size).fill(V128)], body: code };
}
