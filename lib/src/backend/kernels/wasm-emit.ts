/**
 * A very small WebAssembly binary writer: just the instructions `gemm.ts` needs, written as
 * expression helpers that return bytes in stack order, so that
 *
 *   set(acc, f32x4.add(get(acc), f32x4.mul(get(a), get(b))))
 *
 * reads like the text format's `(local.set $acc (f32x4.add …))`. A module has one imported memory
 * (the wasm backend's heap) and exported functions whose parameters are i32 and whose locals are
 * i32, f32 or v128.
 * No text parser, no toolchain: the bytes are built when the module is first needed.
 */

export type Bytes = readonly number[];

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const cat = (...parts: Bytes[]): number[] => parts.flat();
const vec = (items: Bytes[]): number[] => cat(uleb(items.length), ...items);
const name = (s: string): number[] => vec([...Buffer.from(s, "utf8")].map((b) => [b]));

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

/** Local variables by index; a function's parameters come first. */
export const get = (i: number): Bytes => [0x20, ...uleb(i)];
export const set = (i: number, value: Bytes): Bytes => [...value, 0x21, ...uleb(i)];
export const tee = (i: number, value: Bytes): Bytes => [...value, 0x22, ...uleb(i)];

export const i32 = {
  const: (n: number): Bytes => [0x41, ...sleb(n)],
  load: (addr: Bytes, offset = 0): Bytes => [...addr, 0x28, ...memarg(2, offset)],
  add: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x6a],
  sub: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x6b],
  mul: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x6c],
  shl: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x74],
  shrU: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x76],
  and: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x71],
  eqz: (a: Bytes): Bytes => [...a, 0x45],
  ltU: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x49],
  gtU: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x4b],
  eq: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x46],
  /** `cond ? a : b` */
  select: (a: Bytes, b: Bytes, cond: Bytes): Bytes => [...a, ...b, ...cond, 0x1b],
};

/** Memory immediates: alignment (log2 bytes) and a constant byte offset. */
const memarg = (align: number, offset: number): number[] => [...uleb(align), ...uleb(offset)];
const simd = (op: number): number[] => [0xfd, ...uleb(op)];

export const f32 = {
  load: (addr: Bytes, offset = 0): Bytes => [...addr, 0x2a, ...memarg(2, offset)],
  store: (addr: Bytes, value: Bytes, offset = 0): Bytes => [...addr, ...value, 0x38, ...memarg(2, offset)],
  const0: [0x43, 0, 0, 0, 0] as Bytes,
  add: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x92],
  mul: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x94],
};

export const v128 = {
  load: (addr: Bytes, offset = 0): Bytes => [...addr, ...simd(0), ...memarg(2, offset)],
  load32Splat: (addr: Bytes, offset = 0): Bytes => [...addr, ...simd(9), ...memarg(2, offset)],
  store: (addr: Bytes, value: Bytes, offset = 0): Bytes => [...addr, ...value, ...simd(11), ...memarg(2, offset)],
  zero: [...simd(12), ...new Array<number>(16).fill(0)] as Bytes,
};

const binary =
  (op: number) =>
  (a: Bytes, b: Bytes): Bytes => [...a, ...b, ...simd(op)];
const unary =
  (op: number) =>
  (a: Bytes): Bytes => [...a, ...simd(op)];

export const f32x4 = {
  add: binary(0xe4),
  sub: binary(0xe5),
  mul: binary(0xe6),
  div: binary(0xe7),
  lt: binary(0x43),
  gt: binary(0x44),
  abs: unary(0xe0),
  trunc: unary(0x69),
  /** All four lanes `x` (a float32 constant). */
  const: (x: number): Bytes => [...simd(12), ...new Uint8Array(new Float32Array([x, x, x, x]).buffer)],
  extractLane: (v: Bytes, lane: number): Bytes => [...v, ...simd(31), lane],
};

export const i32x4 = {
  add: binary(0xae),
  sub: binary(0xb1),
  shl: (a: Bytes, n: Bytes): Bytes => [...a, ...n, ...simd(0xab)],
  gtS: binary(0x3b),
  ltS: binary(0x39),
  eq: binary(0x37),
  /** Truncating float → int32 conversion (saturating). */
  fromF32: unary(0xf8),
  toF32: unary(0xfa),
  /** All four lanes `n` (an int32 constant). */
  const: (n: number): Bytes => [...simd(12), ...new Uint8Array(new Int32Array([n, n, n, n]).buffer)],
};

/** Bitwise; `select(a, b, mask)` takes a's bits where mask's are set, else b's. */
export const bits = {
  and: binary(0x4e),
  or: binary(0x50),
  xor: binary(0x51),
  select: (a: Bytes, b: Bytes, mask: Bytes): Bytes => [...a, ...b, ...mask, ...simd(0x52)],
};

/** Structured control; `loop` branches back to its start with `br(0)`/`brIf(0, …)` at its own depth. */
export const loop = (...body: Bytes[]): Bytes => [0x03, 0x40, ...cat(...body), 0x0b];
export const when = (cond: Bytes, ...body: Bytes[]): Bytes => [...cond, 0x04, 0x40, ...cat(...body), 0x0b];
export const ifElse = (cond: Bytes, then: Bytes[], otherwise: Bytes[]): Bytes => [
  ...cond,
  0x04,
  0x40,
  ...cat(...then),
  0x05,
  ...cat(...otherwise),
  0x0b,
];
export const brIf = (depth: number, cond: Bytes): Bytes => [...cond, 0x0d, ...uleb(depth)];
/** Back to the start of the innermost `loop` while `cond` is non-zero. */
export const again = (cond: Bytes): Bytes => brIf(0, cond);
export const seq = (...parts: Bytes[]): Bytes => cat(...parts);
/** Calls function number `index` of the module (no results) with `args` pushed in order. */
export const call = (index: number, ...args: Bytes[]): Bytes => [...cat(...args), 0x10, ...uleb(index)];

export interface FunctionSpec {
  readonly name: string;
  /** Number of i32 parameters. */
  readonly params: number;
  /** Types of the locals after the parameters. */
  readonly locals: readonly number[];
  readonly body: Bytes;
}

/**
 * A module importing `env.memory` and exporting `functions` (no results). `shared` must match the
 * memory it will be instantiated with; a shared memory needs a maximum, here the 4 GiB of wasm32.
 */
export function moduleBytes(functions: readonly FunctionSpec[], shared: boolean): Uint8Array {
  const section = (id: number, content: Bytes): number[] => [id, ...uleb(content.length), ...content];
  const types = functions.map((f) => [0x60, ...vec(new Array(f.params).fill([I32])), 0x00]);
  const limits = shared ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = [cat(name("env"), name("memory"), [0x02], limits)];
  const exported = functions.map((f, i) => cat(name(f.name), [0x00], uleb(i)));
  const bodies = functions.map((f) => {
    const groups = f.locals.map((t) => [...uleb(1), t]);
    const code = cat(vec(groups), f.body, [0x0b]);
    return cat(uleb(code.length), code);
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(exported)),
    ...section(10, vec(bodies)),
  ]);
}
