// The counting rules of exercises 6.7.3 and 6.8.2 (hidden: it is the answer).
import type { Kind } from "./cell-cost";

/** One block of (W_x*, W_h*, b_*) per gate or candidate, plus three element-wise products for GRU and LSTM. */
export function expectedCost(kind: Kind, d: number, h: number, n: number): { params: number; mults: number } {
  const blocks = { rnn: 1, gru: 3, lstm: 4 }[kind];
  const elementwise = kind === "rnn" ? 0 : 3 * n * h;
  return { params: blocks * (d * h + h * h + h), mults: blocks * n * (d * h + h * h) + elementwise };
}
