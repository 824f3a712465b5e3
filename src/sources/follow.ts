/**
 * Reads a growing file as `tail -F` does, from its start: what is there, then what is appended, until the reading
 * is stopped. The file is watched by name every POLL_MS:
 *
 *   - rotated (renamed away and a new file created under the name, as logrotate does by default): the old file is
 *     read to its end, then the new one from its start (while the name is missing, the old file is still read);
 *   - truncated in place (logrotate's copytruncate): reading starts again at the beginning;
 *   - grown: the new bytes are read.
 *
 * Chunks are fresh buffers (a followed log grows slowly; no reuse is worth the care).
 */
import { open, stat, type FileHandle } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

/** How often the file is looked at once its end was reached. */
export const POLL_MS = 200;
const READ_CHUNK_BYTES = 1 << 20;

/** The file's identity, to tell a new file under the same name. */
const identity = (info: { dev: number; ino: number }) => `${info.dev}:${info.ino}`;

/** Reads `path` and what is added to it, until `signal` is aborted (then it ends as if the file ended there). */
export async function* followFile(path: string, signal: AbortSignal | undefined, pollMs = POLL_MS): AsyncGenerator<Buffer> {
  let handle: FileHandle = await open(path, "r");
  let id = identity(await handle.stat());
  let position = 0;
  try {
    while (signal?.aborted !== true) {
      const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead > 0) {
        position += bytesRead;
        yield buffer.subarray(0, bytesRead);
        continue;
      }
      // At the end: look at what the name holds now.
      const current = await stat(path).catch(() => undefined);
      if (current !== undefined && identity(current) !== id) {
        // Rotated: the old file was read to its end just now; go on with the new one.
        await handle.close();
        handle = await open(path, "r");
        id = identity(await handle.stat());
        position = 0;
        continue;
      }
      if ((await handle.stat()).size < position) {
        position = 0; // truncated in place
        continue;
      }
      await sleep(pollMs, undefined, { signal }).catch(() => undefined);
    }
  } finally {
    await handle.close();
  }
}
