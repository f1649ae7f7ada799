/**
 * Our channel between the grader and a grading process: frames of a 4-byte big-endian length and
 * that many bytes of UTF-8 JSON. Never Node's IPC (whose control messages a child can use to crash
 * the parent). The reader is for hostile input: a frame over `maxBytes`, bad JSON or a non-object
 * ends the stream with an error instead of throwing into the event loop.
 */

export const MAX_FRAME_BYTES = 48 * 1024 * 1024;

/** One frame's bytes. */
export function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

/**
 * How deep a frame's JSON may nest. Our own messages stay far below it (the wire's data nests at
 * most `LIMITS.depth` values, two or three JSON levels each); a forged frame a million levels deep
 * parses, but passing it on to the judge's thread (a structured clone) overflows the stack.
 */
export const MAX_FRAME_DEPTH = 200;

/** Whether `value` nests deeper than `max` (arrays and objects), without recursion. */
export function nestsDeeper(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== "object") continue;
    if (depth >= max) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (x !== null && typeof x === "object") stack.push([x, depth + 1]);
  }
  return false;
}

/** Splits a byte stream into frames; `onFrame` gets each parsed object, `onError` the first problem (then nothing more). */
export class FrameReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private broken = false;
  constructor(
    private readonly onFrame: (message: Record<string, unknown>) => void,
    private readonly onError: (reason: string) => void,
    private readonly maxBytes = MAX_FRAME_BYTES,
  ) {}

  push(chunk: Buffer): void {
    if (this.broken) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
    while (!this.broken && this.length >= 4) {
      // The head may span chunks; the bytes are joined only once the whole frame is here (joining
      // on every chunk made a large frame cost time quadratic in its chunks).
      if (this.chunks[0].length < 4) this.chunks = [Buffer.concat(this.chunks)];
      const size = this.chunks[0].readUInt32BE(0);
      if (size > this.maxBytes) return this.fail(`一帧数据有 ${size} 字节，超过上限 ${this.maxBytes}`);
      if (this.length < 4 + size) return;
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      const body = all.subarray(4, 4 + size);
      const rest = all.subarray(4 + size);
      this.chunks = rest.length > 0 ? [Buffer.from(rest)] : [];
      this.length = rest.length;
      let message: unknown;
      try {
        message = JSON.parse(body.toString("utf8"));
      } catch {
        return this.fail("收到的数据不是 JSON");
      }
      if (message === null || typeof message !== "object" || Array.isArray(message)) return this.fail("收到的数据不是对象");
      if (nestsDeeper(message, MAX_FRAME_DEPTH)) return this.fail(`收到的数据嵌套超过 ${MAX_FRAME_DEPTH} 层`);
      try {
        this.onFrame(message as Record<string, unknown>);
      } catch (err) {
        return this.fail(`处理消息时出错：${String(err)}`);
      }
    }
  }

  private fail(reason: string): void {
    this.broken = true;
    this.chunks = [];
    this.length = 0;
    this.onError(reason);
  }
}
