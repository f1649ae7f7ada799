import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { throwsMessage } from "../helpers";

const kit = suite("cellKit");
kit.before(async () => {
  await d2l.backend({ quiet: true });
});

const NAMES: readonly d2l.CellName[] = ["rnn", "gru", "lstm"];

kit("each name's kit is that cell's initialiser, zero state and step", () => {
  const X = tf.tensor2d([[1, -2, 0.5]]); // [B=1, D=3]
  const expected = {
    rnn: (p: d2l.ParamRecord, s: d2l.HiddenState) => d2l.rnnStep(p as d2l.RnnParams, s, X),
    gru: (p: d2l.ParamRecord, s: d2l.HiddenState) => d2l.gruStep(p as d2l.GruParams, s, X),
    lstm: (p: d2l.ParamRecord, s: d2l.HiddenState) => d2l.lstmStep(p as d2l.LstmParams, s as d2l.LstmState, X),
  };
  for (const name of NAMES) {
    const { init, initState, step } = d2l.cellKit(name);
    const p = init(3, 2, d2l.seed(7));
    const ownInit = { rnn: d2l.initRnnParams, gru: d2l.initGruParams, lstm: d2l.initLstmParams }[name](3, 2, d2l.seed(7));
    assert.equal(Object.keys(p), Object.keys(ownInit), `${name}: parameter names`);
    const s0 = initState(1, 2);
    assert.equal(Object.keys(s0), name === "lstm" ? ["H", "C"] : ["H"], `${name}: state fields`);
    const [got, want] = [step(p, s0, X), expected[name](p, s0)];
    assert.equal(Array.from(got.H.dataSync()), Array.from(want.H.dataSync()), `${name}: H after one step`);
    tf.dispose([...Object.values(p), ...Object.values(ownInit), ...Object.values(s0), ...Object.values(got), ...Object.values(want)]);
  }
  X.dispose();
});

kit("the RNN kit passes its activation on: relu of a negative pre-activation is 0", () => {
  const p = { W_xh: tf.tensor2d([[-1]]), W_hh: tf.tensor2d([[0]]), b_h: tf.tensor1d([0]) };
  const s0 = { H: tf.zeros([1, 1]) as tf.Tensor2D };
  const X = tf.tensor2d([[2]]); // X·W_xh = −2: tanh gives −0.964, relu 0
  const relu = d2l.cellKit("rnn", "relu").step(p, s0, X);
  const tanh = d2l.cellKit("rnn").step(p, s0, X);
  assert.is(relu.H.dataSync()[0], 0);
  assert.ok(Math.abs(tanh.H.dataSync()[0] - Math.tanh(-2)) < 1e-6, `tanh(−2), got ${tanh.H.dataSync()[0]}`);
  tf.dispose([...Object.values(p), s0.H, X, relu.H, tanh.H]);
});

kit("an unknown name is refused with the names it accepts", () => {
  throwsMessage(() => d2l.cellKit("elman" as d2l.CellName), 'cellKit: cell: expected "rnn", "gru" or "lstm", got "elman"');
});

kit.run();
