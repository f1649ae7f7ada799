import * as path from "node:path";
import { MessageChannel, Worker } from "node:worker_threads";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Message, answerer } from "../harness/relay";

/**
 * Runs the judge's side (fixtures/relay-judge.ts) on `names` and answers its requests with
 * `respond` (an answer, or a delay in ms before it). Resolves with what each request got.
 */
function relay(
  names: string[],
  respond: (req: Message, n: number) => { answer: Message; delayMs?: number; before?: [unknown, Message][] },
): Promise<Message[]> {
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  // A TypeScript worker: tsx's CommonJS hook first (a worker does not inherit `--import tsx`).
  const script = `require("tsx/cjs"); require(${JSON.stringify(path.join(__dirname, "fixtures", "relay-judge.ts"))});`;
  const worker = new Worker(script, {
    eval: true,
    workerData: { signal, port: port2, names, waitMs: 200, graceMs: 300 },
    transferList: [port2],
  });
  const answer = answerer(port1, new Int32Array(signal));
  let n = 0;
  return new Promise((resolve, reject) => {
    worker.on("error", reject);
    worker.on("message", (m: Message) => {
      if (m.t === "got") {
        void worker.terminate();
        port1.close();
        resolve(m.got as Message[]);
      } else if (m.t === "req") {
        const { answer: a, delayMs, before = [] } = respond(m.req as Message, n++);
        for (const [id, other] of before) answer(id, other);
        if (delayMs === undefined) answer(m.id, a);
        else setTimeout(() => answer(m.id, a), delayMs);
      }
    });
  });
}

test("each request gets its own answer", async () => {
  const got = await relay(["a", "b", "c"], (req) => ({ answer: { reply: req.name } }));
  assert.equal(got, [{ reply: "a" }, { reply: "b" }, { reply: "c" }]);
});

test("an answer that comes after the grace period is dropped, not read by the next request", async () => {
  // The first call is answered 700 ms late (its wait is 200 ms + 300 ms of grace): the judge asks
  // for a kill, whose answer ends that call; the late answer then arrives while the second call
  // waits (answered 300 ms after it was sent) and must not become its answer.
  const got = await relay(["slow", "b", "c"], (req, n) =>
    req.op === "kill"
      ? { answer: { gone: { status: "timeout", reason: String(req.reason) } } }
      : n === 0
        ? { answer: { reply: "slow" }, delayMs: 700 }
        : { answer: { reply: req.name }, delayMs: req.name === "b" ? 300 : undefined },
  );
  assert.ok("gone" in got[0], `the slow call ends with the kill's answer: ${JSON.stringify(got[0])}`);
  assert.equal(got.slice(1), [{ reply: "b" }, { reply: "c" }], "later calls get their own answers");
});

test("answers with another request's number or without one are ignored", async () => {
  const got = await relay(["a", "b"], (req) => ({
    answer: { reply: req.name },
    before: [
      [999, { reply: "forged" }],
      [undefined, { reply: "no number" }],
      ["1", { reply: "a string" }],
    ],
  }));
  assert.equal(got, [{ reply: "a" }, { reply: "b" }]);
});

test.run();
