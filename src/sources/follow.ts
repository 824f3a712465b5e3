/**
 * Reads a growing file as `tail -F` does, from its start: what is there, then what is appended, until the reading
 * is stopped. The file is watched by name every POLL_MS:
 *
 *   - rotated (renamed away and a new file created under the name, as logrotate does by default): the new one is
 *     read from its start, and the old one on as well until it has had nothing new for RETIRE_QUIET_MS — a server
 *     writes on into the renamed file until it is told to reopen its log, and `tail -F` loses those lines;
 *   - truncated in place (logrotate's copytruncate): reading starts again at the beginning — also when the file
 *     was written past its old size before it was looked at again, which the bytes last read tell: they are no
 *     longer where they were;
 *   - grown: the new bytes are read.
 *
 * A compressed file is refused (by its magic bytes, as the reader tells it): it grows by whole compressed members
 * that byte offsets and line ends in the compressed bytes say nothing about.
 *
 * While two files are read, their lines must not mix: each file's bytes are handed on in whole lines, its
 * unfinished last line held until the rest of it comes (or the reading stops, when the file being followed hands
 * its unfinished line on last, for the reader to say so). Chunks are fresh buffers (a followed log grows slowly;
 * no reuse is worth the care).
 */
import { open, stat, type FileHandle } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { identityOf } from "./file-identity.js";
import { MAX_LINE_BYTES, refuseCrOnly } from "./lines.js";
import { compressionOf, pipedCompressionOf } from "./compression.js";
import { UserError } from "../base/errors.js";

/** How often the file is looked at once its end was reached. */
export const POLL_MS = 200;
/** A rotated file is read on until it has been this long without new bytes. */
export const RETIRE_QUIET_MS = 5000;
const READ_CHUNK_BYTES = 1 << 20;

/** Bytes before the reading position kept to tell the file was rewritten (truncated, then written past it). */
const TAIL_BYTES = 64;
const LF = 10;
const EMPTY = Buffer.alloc(0);

/** One file being read: where, what it last gave, and the unfinished line it holds back. */
class FollowedFile {
  position = 0;
  /** The last bytes read, up to TAIL_BYTES, which end at `position`. */
  private tail = EMPTY;
  /** Bytes after the last line end read. */
  private pending = EMPTY;
  /** When the file last gave bytes (ms, monotonic enough for a grace period). */
  lastRead = Date.now();

  private constructor(
    readonly handle: FileHandle,
    readonly id: string,
    private readonly path: string,
  ) {}

  static async open(path: string): Promise<FollowedFile> {
    const handle = await open(path, "r");
    return new FollowedFile(handle, identityOf(await handle.stat()), path);
  }

  /** The whole lines of the next chunk, with the unfinished line before them; undefined at the file's end. */
  async readLines(): Promise<Buffer | undefined> {
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, this.position);
    if (bytesRead === 0) return undefined;
    if (this.position === 0) {
      refuseCompressed(this.path, buffer.subarray(0, bytesRead));
      // Lines ended by CR alone would be held back whole, waiting for a line feed: refused at once, as unfollowed.
      refuseCrOnly(this.path, buffer.subarray(0, bytesRead));
    }
    this.position += bytesRead;
    this.lastRead = Date.now();
    const chunk = buffer.subarray(0, bytesRead);
    this.tail = Buffer.concat([this.tail, chunk.subarray(Math.max(0, bytesRead - TAIL_BYTES))]);
    this.tail = this.tail.subarray(Math.max(0, this.tail.length - TAIL_BYTES));
    const lastLineEnd = chunk.lastIndexOf(LF);
    if (lastLineEnd < 0) {
      this.pending = Buffer.concat([this.pending, chunk]);
      // A line longer than any line read is handed on as it comes, for the line reader to refuse: not held.
      return this.pending.length > MAX_LINE_BYTES ? this.takePending() : EMPTY;
    }
    const lines = Buffer.concat([this.pending, chunk.subarray(0, lastLineEnd + 1)]);
    this.pending = Buffer.from(chunk.subarray(lastLineEnd + 1));
    return lines;
  }

  /** The unfinished line held back, given up. */
  takePending(): Buffer {
    const pending = this.pending;
    this.pending = EMPTY;
    return pending;
  }

  /** Truncated in place, perhaps written past the old end since: to be read again from its start. */
  async rewritten(): Promise<boolean> {
    if ((await this.handle.stat()).size < this.position) return true;
    if (this.tail.length === 0) return false;
    const now = Buffer.alloc(this.tail.length);
    const { bytesRead } = await this.handle.read(now, 0, this.tail.length, this.position - this.tail.length);
    return bytesRead !== this.tail.length || !now.equals(this.tail);
  }

  restart(): void {
    this.position = 0;
    this.tail = EMPTY;
  }
}

/** What the follower tells while it reads: for the reader to say, and to know whether a stop cut anything short. */
export interface FollowEvents {
  /** The reading reached, for the first time, the end of what the file held: what comes after was added since. */
  onCaughtUp?(): void;
  /** The file was truncated in place (or rewritten): it is read again from its start. */
  onTruncated?(): void;
}

/** How often to look at the file, and how long a rotated one is read on; the defaults but in tests. */
export interface FollowTiming {
  pollMs?: number;
  retireQuietMs?: number;
}

/**
 * Reads `path` and what is added to it, until `signal` is aborted (then it ends as if the file ended there; stopped
 * before it caught up, the unfinished line it holds is dropped, as an interrupted read's).
 */
export async function* followFile(path: string, signal: AbortSignal | undefined, events: FollowEvents = {}, { pollMs = POLL_MS, retireQuietMs = RETIRE_QUIET_MS }: FollowTiming = {}): AsyncGenerator<Buffer> {
  let current = await FollowedFile.open(path);
  let caughtUp = false;
  const catchUp = () => {
    if (caughtUp) return;
    caughtUp = true;
    events.onCaughtUp?.();
  };
  // Stopped as the last bytes were read, before a read found the end: caught up all the same.
  const caughtUpAtStop = async () => {
    if (!caughtUp && current.position >= (await current.handle.stat()).size) catchUp();
  };
  /** Files rotated away, still read until they are quiet. */
  const retiring: FollowedFile[] = [];
  try {
    while (signal?.aborted !== true) {
      for (const old of [...retiring]) {
        yield* drained(old);
        if (Date.now() - old.lastRead >= retireQuietMs) {
          retiring.splice(retiring.indexOf(old), 1);
          yield* endOf(old);
        }
      }
      const lines = await current.readLines();
      if (lines !== undefined) {
        if (lines.length > 0) yield lines;
        continue;
      }
      catchUp();
      // At the end: look at what the name holds now.
      const named = await stat(path).catch(() => undefined);
      if (named !== undefined && identityOf(named) !== current.id) {
        // Rotated: the old file was read to its end just now; it is read on beside the new one while it is written.
        retiring.push(current);
        current = await FollowedFile.open(path);
        continue;
      }
      await sleep(pollMs, undefined, { signal }).catch(() => undefined);
      if (await current.rewritten()) {
        // What it held back belonged to the content that is gone: a line of its own now.
        yield* cutLine(current.takePending());
        events.onTruncated?.();
        current.restart();
      }
    }
    // Stopped: what the rotated files still hold, then the followed file's unfinished line, last, as a file ends.
    for (const old of retiring.splice(0)) {
      yield* drained(old);
      yield* endOf(old);
    }
    await caughtUpAtStop();
    const unfinished = current.takePending();
    if (caughtUp && unfinished.length > 0) yield unfinished;
  } finally {
    // Also when the reader stopped asking (Ctrl-C while it handled a chunk): the loop above did not see the stop.
    await caughtUpAtStop().catch(() => undefined);
    await current.handle.close();
    for (const old of retiring) await old.handle.close();
  }
}

/** Refuses a file whose first bytes say it is compressed: it cannot be followed as a growing text file. */
function refuseCompressed(path: string, head: Buffer): void {
  const what = compressionOf(head) ?? pipedCompressionOf(head)?.what;
  if (what === undefined) return;
  throw new UserError(`${path}: ${what}-compressed: a compressed file cannot be followed as it grows`, "read it without --follow, or follow the uncompressed log it is made from");
}

/** The whole lines a file holds now, to its end. */
async function* drained(file: FollowedFile): AsyncGenerator<Buffer> {
  for (let lines = await file.readLines(); lines !== undefined; lines = await file.readLines()) if (lines.length > 0) yield lines;
}

/** A retired file's unfinished line, ended, and the file closed. */
async function* endOf(file: FollowedFile): AsyncGenerator<Buffer> {
  try {
    yield* cutLine(file.takePending());
  } finally {
    await file.handle.close();
  }
}

/** An unfinished line that will not be finished, as a line of its own (read, or rejected, as what it is). */
function* cutLine(bytes: Buffer): Generator<Buffer> {
  if (bytes.length > 0) yield Buffer.concat([bytes, Buffer.from([LF])]);
}
