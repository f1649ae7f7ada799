/**
 * Rich output: a MIME bundle shown in a Jupyter cell when running inside the tslab kernel, and
 * its `text/plain` part on stdout everywhere else (scripts, tests, terminals).
 *
 * tslab's public `display.raw(mime, data)` sends one MIME type per output; a bundle (plotly JSON
 * plus an HTML fallback plus text) goes through the same channel tslab itself uses.
 */
import { randomBytes } from "node:crypto";

export type MimeBundle = Readonly<Record<string, string | object>>;

type WriteDisplayData = (content: { data: MimeBundle; metadata: object; transient: { display_id?: string } }, update: boolean) => void;

/** tslab's display channel when this code runs inside a tslab kernel cell, else undefined. */
function kernelChannel(): WriteDisplayData | undefined {
  try {
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: WriteDisplayData | null };
    return jupyter.lastWriteDisplayData ?? undefined;
  } catch {
    return undefined;
  }
}

/** True inside a tslab kernel cell. */
export function inNotebook(): boolean {
  return kernelChannel() !== undefined;
}

/** Shows a bundle in the notebook, or prints its `text/plain` part. Returns where it went. */
export function displayBundle(bundle: MimeBundle): "notebook" | "stdout" {
  const write = kernelChannel();
  if (write !== undefined) {
    write({ data: bundle, metadata: {}, transient: {} }, false);
    return "notebook";
  }
  const text = bundle["text/plain"];
  if (typeof text === "string") console.log(text);
  return "stdout";
}

export interface LiveLine {
  /** Replaces the line's content. */
  update(text: string): void;
  /** Leaves the last content in place (a newline on a terminal). */
  done(): void;
}

/**
 * One line of output that is overwritten in place: a display that updates itself in a notebook, a
 * `\r`-rewritten line on a terminal, and (when stdout is a file or pipe) a line at most every
 * `minSecondsBetween` seconds, so logs stay short.
 */
export function liveLine(minSecondsBetween = 10): LiveLine {
  const write = kernelChannel();
  if (write !== undefined) {
    const id = randomBytes(8).toString("hex");
    let shown = false;
    return {
      update(text) {
        write({ data: { "text/plain": text }, metadata: {}, transient: { display_id: id } }, shown);
        shown = true;
      },
      done() {},
    };
  }
  if (process.stdout.isTTY) {
    let last = "";
    return {
      update(text) {
        last = text;
        process.stdout.write(`\r\x1b[2K${text}`);
      },
      done() {
        if (last !== "") process.stdout.write("\n");
        last = "";
      },
    };
  }
  let lastPrinted = -Infinity;
  let pending: string | undefined;
  return {
    update(text) {
      const now = Date.now() / 1000;
      pending = text;
      if (now - lastPrinted >= minSecondsBetween) {
        console.log(text);
        lastPrinted = now;
        pending = undefined;
      }
    },
    done() {
      if (pending !== undefined) console.log(pending);
      pending = undefined;
    },
  };
}
