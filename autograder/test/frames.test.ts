/**
 * The grader's frame reader (harness/frames.ts) on hostile byte streams: frames cut at every
 * byte, a large frame in many chunks (joined once, not once per chunk), and a forged frame nested
 * a million levels deep (refused before anything passes it on).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FrameReader, MAX_FRAME_DEPTH, frame, nestsDeeper } from "../harness/frames";

function reader() {
  const got: Record<string, unknown>[] = [];
  const errors: string[] = [];
  return {
    got,
    errors,
    r: new FrameReader(
      (m) => got.push(m),
      (e) => errors.push(e),
    ),
  };
}

test("frames cut at every byte, and several in one chunk, come out whole and in order", () => {
  const bytes = Buffer.concat([frame({ op: "reply", v: [1, "二", { x: null }] }), frame({ op: "loaded" }), frame({ op: "ready", n: 3 })]);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const { got, errors, r } = reader();
    r.push(bytes.subarray(0, cut));
    r.push(bytes.subarray(cut));
    assert.equal(errors, []);
    assert.equal(got, [{ op: "reply", v: [1, "二", { x: null }] }, { op: "loaded" }, { op: "ready", n: 3 }], `cut at ${cut}`);
  }
  const { got, r } = reader();
  for (const b of bytes) r.push(Buffer.from([b]));
  assert.is(got.length, 3, "one byte at a time");
});

test("a large frame in many chunks is joined once, not once per chunk", () => {
  const big = frame({ op: "reply", data: "x".repeat(4 << 20) });
  const { got, r } = reader();
  const concat = Buffer.concat;
  let copied = 0;
  Buffer.concat = ((list: readonly Uint8Array[], n?: number) => {
    copied += list.reduce((a, b) => a + b.length, 0);
    return concat(list, n);
  }) as typeof Buffer.concat;
  try {
    for (let at = 0; at < big.length; at += 16 << 10) r.push(big.subarray(at, at + (16 << 10)));
  } finally {
    Buffer.concat = concat;
  }
  assert.is(got.length, 1);
  // Joining the buffered chunks on every push copied about chunks² / 2 chunks' bytes (256 chunks: ~0.5 GB).
  assert.ok(copied <= 2 * big.length, `copied ${copied} bytes for a frame of ${big.length}`);
});

test("a forged frame nested a million levels deep is refused, and nothing after it is read", () => {
  const depth = 1_000_000;
  const body = Buffer.from(`{"op":"reply","reply":${"[".repeat(depth)}${"]".repeat(depth)}}`, "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  const { got, errors, r } = reader();
  r.push(Buffer.concat([head, body, frame({ op: "reply", reply: 1 })]));
  assert.equal(got, []);
  assert.equal(errors, [`收到的数据嵌套超过 ${MAX_FRAME_DEPTH} 层`]);
  // Our own deepest messages pass: the wire's data nests at most 24 values, three JSON levels each.
  let deep: unknown = 1;
  for (let i = 0; i < 3 * 24 + 6; i++) deep = i % 2 ? [deep] : { v: deep };
  assert.not.ok(nestsDeeper({ op: "reply", reply: deep }, MAX_FRAME_DEPTH));
  assert.ok(nestsDeeper([[[1]]], 2));
  assert.not.ok(nestsDeeper([[1]], 2));
});

test.run();
