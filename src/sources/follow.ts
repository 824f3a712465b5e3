/**
 * Reads a growing file as `tail -F` does, from its start: what is there, then what is appended, until the reading
 * is stopped. The file is watched by name every POLL_MS:
 *
 *   - rotated (renamed away and a new file created under the name, as logrotate does by default): the old file is
 *     read to its end, then the new one from its start (while the name is missing, the old file is still read);
 *   - truncated in place (logrotate's copytruncate): reading starts again at the beginning — also when the file
 *     was written past its old size before it was looked at again, which the bytes last read tell: they are no
 *     longer where they were;
 *   - grown: the new bytes are read.
 *
 * Chunks are fresh buffers (a followed log grows slowly; no reuse is worth the care).
 */
import { open, stat, type FileHandle } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { identityOf } from "./file-identity.js";

/** How often the file is looked at once its end was reached. */
export const POLL_MS = 200;
const READ_CHUNK_BYTES = 1 << 20;

/** Bytes before the reading position kept to tell the file was rewritten (truncated, then written past it). */
const TAIL_BYTES = 64;


/** Reads `path` and what is added to it, until `signal` is aborted (then it ends as if the file ended there). */
export async function* followFile(path: string, signal: AbortSignal | undefined, pollMs = POLL_MS): AsyncGenerator<Buffer> {
  let handle: FileHandle = await open(path, "r");
  let id = identityOf(await handle.stat());
  let position = 0;
  /** The last bytes read, up to TAIL_BYTES, which end at `position`. */
  let tail = Buffer.alloc(0);
  try {
    while (signal?.aborted !== true) {
      const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead > 0) {
        position += bytesRead;
        tail = Buffer.concat([tail, buffer.subarray(Math.max(0, bytesRead - TAIL_BYTES), bytesRead)]);
        tail = tail.subarray(Math.max(0, tail.length - TAIL_BYTES));
        yield buffer.subarray(0, bytesRead);
        continue;
      }
      // At the end: look at what the name holds now.
      const current = await stat(path).catch(() => undefined);
      if (current !== undefined && identityOf(current) !== id) {
        // Rotated: the old file was read to its end just now; go on with the new one.
        await handle.close();
        handle = await open(path, "r");
        id = identityOf(await handle.stat());
        position = 0;
        tail = Buffer.alloc(0);
        continue;
      }
      await sleep(pollMs, undefined, { signal }).catch(() => undefined);
      // Truncated in place, and perhaps written past the old end since: start again.
      if ((await handle.stat()).size < position || !(await stillThere(handle, tail, position))) {
        position = 0;
        tail = Buffer.alloc(0);
      }
    }
  } finally {
    await handle.close();
  }
}

/** Whether `tail` is still what the file holds just before `position`. */
async function stillThere(handle: FileHandle, tail: Buffer, position: number): Promise<boolean> {
  if (tail.length === 0) return true;
  const now = Buffer.alloc(tail.length);
  const { bytesRead } = await handle.read(now, 0, tail.length, position - tail.length);
  return bytesRead === tail.length && now.equals(tail);
}
