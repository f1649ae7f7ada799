/**
 * Element-wise passes over row blocks, several float operations per element in one pass, for the
 * GRU's and LSTM's time loops: what `vectors.ts`'s functions did in one call per operation
 * (16 calls and ~22 passes over the step's [B, H] blocks in an LSTM's backward step) in one or two.
 *
 * A pass is written as expressions over its operands (`PASSES` below). `passFunction` compiles one
 * into a function of our wasm module, four floats at a time; `vectors.ts`'s `runPass` calls it on
 * blocks of the heap and computes the columns past the last group of four in JS from the same expressions (one
 * `Math.fround` per operation). Each operation is one rounded float32 add, subtract or multiply, as
 * in the calls it replaces, applied to the same operands in the same association, so the numbers
 * are those of the one-operation-per-call loops to the bit (`row-passes.test.ts`, `kernels.test.ts`).
 *
 * The function's parameters: for every operand in `inputs` then `outputs` order, its byte offset
 * and the bytes from one of its rows to the next; then the number of rows and of groups of four
 * floats per row. Outputs may be the same memory as an input of the same element (each element's
 * inputs are read before its outputs are written), never a neighbouring one.
 */
import { Bytes, FunctionSpec, I32, V128, again, f32x4, get, i32, loop, seq, set, tee, v128, when } from "./wasm-emit";

/** An expression: an operand or temporary by name, 1, or one float operation of two expressions. */
export type Expr = string | 1 | { readonly op: "add" | "sub" | "mul"; readonly a: Expr; readonly b: Expr };

export const add = (a: Expr, b: Expr): Expr => ({ op: "add", a, b });
export const sub = (a: Expr, b: Expr): Expr => ({ op: "sub", a, b });
export const mul = (a: Expr, b: Expr): Expr => ({ op: "mul", a, b });

export interface PassSpec {
  readonly name: string;
  readonly inputs: readonly string[];
  /** Named intermediate values, in order; each may use the inputs and the temporaries before it. */
  readonly temps: readonly (readonly [string, Expr])[];
  readonly outputs: readonly (readonly [string, Expr])[];
}

/** 1 − x */
const oneMinus = (x: Expr): Expr => sub(1, x);
/** σ'(x) from σ(x) = s: s ⊙ (1 − s), as the loops formed it (1 − s first). */
const sigmoidSlope = (s: Expr): Expr => mul(s, oneMinus(s));

/**
 * The passes of the time loops (the names of `gru-recurrence.ts`'s and `lstm-recurrence.ts`'s
 * comments; `g` is dH, the step's output gradient plus what step t + 1 carried back).
 */
export const PASSES = {
  /** LSTM backward, one step: everything between the carried product of step t + 1 and this step's. */
  lstmBack: lstmBack(true),
  /** The same on the last step, where nothing is carried yet (g = dy). */
  lstmBackLast: lstmBack(false),
  /** GRU backward, before dRH = dH̃ · W_hhᵀ: g and dH̃. */
  gruBackA: {
    name: "gruBackA",
    inputs: ["dy", "carried", "z", "cand"],
    temps: [["g", add("dy", "carried")]],
    outputs: [
      ["gOut", "g"],
      ["dCand", mul("g", mul(oneMinus("z"), oneMinus(mul("cand", "cand"))))],
    ],
  },
  /** The same on the last step (g = dy, which the caller keeps reading). */
  gruBackALast: {
    name: "gruBackALast",
    inputs: ["g", "z", "cand"],
    temps: [],
    outputs: [["dCand", mul("g", mul(oneMinus("z"), oneMinus(mul("cand", "cand"))))]],
  },
  /** GRU backward, after dRH: the gates' gradients dG = [dR, dZ] and the carried part dH ⊙ Z + dRH ⊙ R. */
  gruBackB: {
    name: "gruBackB",
    inputs: ["dRH", "hPrev", "g", "cand", "r", "z"],
    temps: [],
    outputs: [
      ["dR", mul(mul("dRH", "hPrev"), sigmoidSlope("r"))],
      ["dZ", mul(mul("g", sub("hPrev", "cand")), sigmoidSlope("z"))],
      ["part", add(mul("g", "z"), mul("dRH", "r"))],
    ],
  },
  /** GRU forward, after H̃: H_t = Z ⊙ H_{t−1} + (1 − Z) ⊙ H̃. */
  gruOut: {
    name: "gruOut",
    inputs: ["z", "hPrev", "cand"],
    temps: [],
    outputs: [["h", add(mul("z", "hPrev"), mul(oneMinus("z"), "cand"))]],
  },
  /** LSTM forward, after the gates: C_t = F ⊙ C_{t−1} + I ⊙ C̃. */
  lstmCell: {
    name: "lstmCell",
    inputs: ["f", "cPrev", "i", "cTilde"],
    temps: [],
    outputs: [["c", add(mul("f", "cPrev"), mul("i", "cTilde"))]],
  },
} as const satisfies Record<string, PassSpec>;

export type PassName = keyof typeof PASSES;

function lstmBack(carried: boolean): PassSpec {
  return {
    name: carried ? "lstmBack" : "lstmBackLast",
    inputs: [carried ? "dy" : "g", ...(carried ? ["carried"] : []), "tanhC", "i", "f", "o", "cTilde", "cPrev", "dCnext"],
    temps: [
      ...(carried ? [["g", add("dy", "carried")] as const] : []),
      ["dC", add(mul("g", mul("o", oneMinus(mul("tanhC", "tanhC")))), "dCnext")],
    ],
    outputs: [
      ["dI", mul(mul("dC", "cTilde"), sigmoidSlope("i"))],
      ["dF", mul(mul("dC", "cPrev"), sigmoidSlope("f"))],
      ["dO", mul(mul("g", "tanhC"), sigmoidSlope("o"))],
      ["dCTilde", mul(mul("dC", "i"), oneMinus(mul("cTilde", "cTilde")))],
      ["dCback", mul("dC", "f")],
    ],
  };
}

/** The wasm function of a pass (see the file comment for its parameters). */
export function passFunction(spec: PassSpec): FunctionSpec {
  const operands = [...spec.inputs, ...spec.outputs.map(([name]) => name)];
  const ptr = (k: number) => 2 * k; // the operand's current address (a parameter, advanced in place)
  const skip = (k: number) => 2 * k + 1; // its row stride, turned into the bytes to skip at a row's end
  const [rows, groups] = [2 * operands.length, 2 * operands.length + 1];
  const [g, one] = [groups + 1, groups + 2];
  const slot = new Map<string, number>(); // temporaries and loaded inputs → V128 locals
  let next = groups + 3;
  const value = (e: Expr): Bytes => {
    if (e === 1) return get(one);
    if (typeof e === "string") {
      const at = slot.get(e);
      if (at === undefined) throw new Error(`passFunction ${spec.name}: ${e}: expected an input or an earlier temporary`);
      return get(at);
    }
    return (e.op === "add" ? f32x4.add : e.op === "sub" ? f32x4.sub : f32x4.mul)(value(e.a), value(e.b));
  };
  const body: Bytes[] = [];
  spec.inputs.forEach((name, k) => {
    slot.set(name, next);
    body.push(set(next++, v128.load(get(ptr(k)))));
  });
  for (const [name, e] of spec.temps) {
    slot.set(name, next);
    body.push(set(next++, value(e)));
  }
  // Every output's value first, then the stores, so an output may share memory with an input.
  const results = spec.outputs.map(([, e]) => {
    const at = next++;
    body.push(set(at, value(e)));
    return at;
  });
  results.forEach((at, j) => body.push(v128.store(get(ptr(spec.inputs.length + j)), get(at))));
  const advance = operands.map((_, k) => set(ptr(k), i32.add(get(ptr(k)), i32.const(16))));
  const rowEnd = operands.map((_, k) => set(ptr(k), i32.add(get(ptr(k)), get(skip(k)))));
  const groupBytes = i32.mul(get(groups), i32.const(16));
  const fn = seq(
    set(one, f32x4.const(1)),
    ...operands.map((_, k) => set(skip(k), i32.sub(get(skip(k)), groupBytes))),
    // The loops below run at least once: no rows or no groups must not reach them.
    when(
      i32.mul(get(rows), get(groups)),
      loop(
        set(g, get(groups)),
        loop(...body, ...advance, again(tee(g, i32.sub(get(g), i32.const(1))))),
        ...rowEnd,
        again(tee(rows, i32.sub(get(rows), i32.const(1)))),
      ),
    ),
  );
  return {
    name: spec.name,
    params: 2 * operands.length + 2,
    locals: [I32, V128, ...new Array<number>(next - groups - 3).fill(V128)],
    body: fn,
  };
}

/** The wasm functions of every pass, for `gemm-module.ts`. */
export const passFunctions = (): FunctionSpec[] => Object.values(PASSES).map(passFunction);
