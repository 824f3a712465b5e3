/**
 * A stream's bytes gathered into two reused buffers, so that the stream's own chunks die as soon as they are copied:
 * the garbage collector frees a young buffer at once, but one that lived on while the reader worked on the chunk
 * before it is freed only by a full collection, which V8 puts off until tens of MB of them have piled up. The
 * stream runs ahead into the buffer the reader does not hold, and is paused when that one is full.
 */
import type { Readable } from "node:stream";
import { giveBack, takeBuffer } from "./spare-buffers.js";

/**
 * `stream`'s bytes in chunks of `size` (the last one shorter), each valid until the next is asked for, as from
 * `readFile`. A chunk that fills while the reader holds the other one waits; the stream's error is thrown after the
 * bytes that came before it.
 */
export async function* inReusedBuffers(stream: Readable, size: number): AsyncGenerator<Buffer> {
  const buffers = [takeBuffer(size), takeBuffer(size)];
  try {
    yield* gathered(stream, size, buffers);
  } finally {
    giveBack(buffers);
  }
}

/** `inReusedBuffers` with its two buffers. */
async function* gathered(stream: Readable, size: number, buffers: Buffer[]): AsyncGenerator<Buffer> {
  /** The buffer the reader holds (-1: none), and those full and not yet handed out, in order. */
  let held = -1;
  const full: number[] = [];
  let [filling, filled] = [0, 0];
  /** What is left of a chunk that came when both buffers were taken: the stream is paused until there is room. */
  let rest: Buffer | undefined;
  let [ended, failure] = [false, undefined as unknown];
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const take = (chunk: Buffer) => {
    for (let from = 0; from < chunk.length; ) {
      if (filling === held || full.includes(filling)) {
        rest = chunk.subarray(from);
        stream.pause();
        return;
      }
      const copied = chunk.copy(buffers[filling]!, filled, from);
      [from, filled] = [from + copied, filled + copied];
      if (filled === size) {
        full.push(filling);
        [filling, filled] = [1 - filling, 0];
        notify();
      }
    }
  };
  stream.on("data", take);
  stream.once("end", () => ((ended = true), notify()));
  stream.once("error", (error) => ((failure = error), notify()));
  for (;;) {
    held = -1;
    if (rest !== undefined) {
      const waiting = rest;
      rest = undefined;
      take(waiting);
      if (rest === undefined) stream.resume();
    }
    if (full.length > 0) {
      held = full.shift()!;
      yield buffers[held]!;
      continue;
    }
    if (ended || failure !== undefined) {
      if (filled > 0) {
        held = filling;
        const last = buffers[filling]!.subarray(0, filled);
        filled = 0;
        yield last;
      }
      if (failure !== undefined) throw failure;
      return;
    }
    await new Promise<void>((resolve) => (wake = resolve));
  }
}
