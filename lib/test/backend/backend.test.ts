import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import * as d2l from "d2lzh";

// Each choice runs in a fresh process, because the backend is chosen once per process.
function pick(
  env: Record<string, string>,
  code = 'require("d2lzh").backend().then(() => require("@tensorflow/tfjs").tensor([1, 2]).sum().data()).then((v) => console.log("sum " + v[0]))',
) {
  const { D2L_BACKEND: _ignored, ...rest } = process.env;
  return spawnSync(process.execPath, ["-e", code], { env: { ...rest, ...env }, encoding: "utf8" });
}

test("picks wasm where tfjs-node is not installed, says why in one line, writes nothing to stderr", () => {
  const r = pick({});
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.match(lines[0], /^d2lzh: tfjs backend (wasm|tensorflow) \(.+\)$/);
  assert.is(lines[1], "sum 3");
  assert.is(r.stderr, "");
});

test("D2L_BACKEND=cpu forces the pure-JS backend and silences tfjs's install banner", () => {
  const r = pick({ D2L_BACKEND: "cpu" });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^d2lzh: tfjs backend cpu \(forced by D2L_BACKEND=cpu\)\n/);
  assert.match(r.stdout, /sum 3/);
  assert.is(r.stderr, "");
});

test("an unknown backend name is refused with the accepted names", () => {
  const r = pick({ D2L_BACKEND: "gpu" });
  assert.match(r.stderr, /D2L_BACKEND: expected one of tensorflow \(or node\), wasm, cpu; got "gpu"/);
  assert.is.not(r.status, 0);
});

test("parseBackendName accepts node as the native backend", () => {
  assert.is(d2l.parseBackendName("Node", "x"), "tensorflow");
  assert.is(d2l.parseBackendName("wasm", "x"), "wasm");
});

test("backend() answers the same on every call", async () => {
  const a = await d2l.backend({ quiet: true });
  const b = await d2l.backend();
  assert.is(a, b);
});

test.run();
