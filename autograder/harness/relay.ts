/**
 * The judge thread's requests to the grader's main thread, and their answers. The judge posts a
 * numbered request and blocks (Atomics.wait on a shared counter) until the main thread has put an
 * answer on the judge's port and counted it:
 *
 *   judge → main   { t: "req", id, req, waitMs }
 *   main → judge   { id, answer } on the port, then signal[0] += 1 and a notify
 *
 * An answer is taken only for the request waiting now (or for the "kill" the judge sent to end
 * it); others are dropped. Without the numbers, a main thread that answered more than the grace
 * period late (its event loop held up by a large frame or a slow exit) left that answer queued
 * after the kill's, and every later request, of this submission and of the next one graded by
 * the same judge, read the answer to the one before it.
 */
import type { MessagePort } from "node:worker_threads";
import { receiveMessageOnPort } from "node:worker_threads";

export type Message = Record<string, unknown>;

/** The judge's side: a blocking `request(req, waitMs)` (the main thread enforces `waitMs` itself; `graceMs` more, then a kill). */
export function requester(
  send: (message: Message) => void,
  port: MessagePort,
  signal: Int32Array,
  graceMs = 5_000,
): (req: Message, waitMs: number) => Message {
  let seen = Atomics.load(signal, 0);
  let last = 0;
  return (req, waitMs) => {
    const mine = new Set([++last]);
    send({ t: "req", id: last, req, waitMs });
    let deadline = Date.now() + waitMs + graceMs;
    for (;;) {
      Atomics.wait(signal, 0, seen, Math.max(0, deadline - Date.now()));
      // The count first, then the port: every answer counted by then is already queued.
      seen = Atomics.load(signal, 0);
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const { id, answer } = (m.message ?? {}) as { id?: unknown; answer?: unknown };
        if (typeof id === "number" && mine.has(id) && typeof answer === "object" && answer !== null) return answer as Message;
      }
      if (Date.now() < deadline) continue;
      // No answer although the main thread enforces waitMs itself: ask it to end the request.
      mine.add(++last);
      send({
        t: "req",
        id: last,
        req: { op: "kill", status: "timeout", reason: `超过时间限制 ${Math.round(waitMs / 1000)} 秒仍未完成` },
        waitMs: 5_000,
      });
      deadline = Date.now() + 5_000 + graceMs;
    }
  };
}

/** The main thread's side: answers request `id` on the judge's port and wakes the judge. */
export function answerer(port: MessagePort, signal: Int32Array): (id: unknown, answer: Message) => void {
  return (id, answer) => {
    port.postMessage({ id, answer });
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
}
