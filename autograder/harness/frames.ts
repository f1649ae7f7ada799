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
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      this.chunks = [all];
      const size = all.readUInt32BE(0);
      if (size > this.maxBytes) return this.fail(`一帧数据有 ${size} 字节，超过上限 ${this.maxBytes}`);
      if (all.length < 4 + size) return;
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
