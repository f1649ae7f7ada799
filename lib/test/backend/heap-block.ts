/** A seeded float32 block on the wasm heap, for the tests of functions that read and write heap rows. */
import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";
import { WasmBackend, heapOffset } from "../../src/backend/kernels/wasm-internals";
import { Rows } from "../../src/backend/kernels/vectors";

/** A [rows, cols] tensor of seeded normals N(0, std²), its place on the heap (as rows) and its values. */
export function heapBlock(seed: number, rows: number, cols: number, std: number) {
  const values = Float32Array.from(d2l.seed(seed).normals(rows * cols, 0, std));
  const t = tf.tensor2d(values, [rows, cols]);
  const backend = tf.backend() as unknown as WasmBackend;
  const at: Rows = { offset: heapOffset(backend, { dataId: t.dataId, shape: t.shape, dtype: "float32" }), stride: cols };
  return { t, at, values };
}
