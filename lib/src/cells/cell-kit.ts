/**
 * The chapter's three cells by name: `CellName` is the vocabulary every later stage speaks (the
 * fused layers, the scratch and concise models, the training defaults), and `cellKit` says what a
 * name stands for in the teaching code: its step, its initialiser and its zero state.
 */
import { Rng } from "../core/random";
import { ParamRecord } from "./params";
import { Activation, RnnParams, initRnnParams, initRnnState, rnnStep } from "./rnn";
import { gruStep, initGruParams, initGruState } from "./gru";
import { initLstmParams, initLstmState, lstmStep } from "./lstm";
import { HiddenState, Step } from "./scan";

/** The three cells of the chapter. */
export type CellName = "rnn" | "gru" | "lstm";

type CellKit = {
  readonly step: Step<ParamRecord, HiddenState>;
  readonly init: (numInputs: number, numHiddens: number, rng: Rng) => ParamRecord;
  readonly initState: (batchSize: number, numHiddens: number) => HiddenState;
};

/** The step, initialiser and zero state of a cell. */
export function cellKit(cell: CellName, activation: Activation = "tanh"): CellKit {
  switch (cell) {
    case "rnn":
      return {
        step: (p, s, X) => rnnStep(p as RnnParams, s, X, { activation }),
        init: initRnnParams,
        initState: initRnnState,
      };
    case "gru":
      return { step: gruStep as unknown as CellKit["step"], init: initGruParams, initState: initGruState };
    case "lstm":
      return { step: lstmStep as unknown as CellKit["step"], init: initLstmParams, initState: initLstmState };
    default: {
      const never: never = cell;
      throw new Error(`cellKit: cell: expected "rnn", "gru" or "lstm", got ${JSON.stringify(never)}`);
    }
  }
}
