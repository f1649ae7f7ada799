import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

const output = suite("initOutputParams / outputLayer");
output.before(async () => {
  await d2l.backend({ quiet: true });
});

output("maps H [N, H] to [N, Q] as H·W_hq + b_q", () => {
  const p = {
    W_hq: tf.tensor2d([
      [1, 0, 2],
      [0, 1, 3],
    ]),
    b_q: tf.tensor1d([0.5, 0, 0]),
  };
  const H = tf.tensor2d([[1, 2]]);
  // [1, 2]·W_hq = [1, 2, 8]; + b_q = [1.5, 2, 8]
  const O = d2l.outputLayer(p, H);
  assert.equal(Array.from(O.dataSync()), [1.5, 2, 8]);
  assert.throws(() => d2l.outputLayer(p, tf.zeros([1, 3]) as tf.Tensor2D), /outputLayer: H: expected shape \[1, 2\], got \[1, 3\]/);
  tf.dispose([O, H, p.W_hq, p.b_q]);
});

output("draws W_hq [H, Q] and a zero b_q", () => {
  const p = d2l.initOutputParams(4, 6, d2l.seed(1));
  assert.equal(p.W_hq.shape, [4, 6]);
  assert.equal(Array.from(p.b_q.dataSync()), [0, 0, 0, 0, 0, 0]);
  tf.dispose([p.W_hq, p.b_q]);
});

output.run();
