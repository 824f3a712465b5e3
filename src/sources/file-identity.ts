/** What a file is, whatever names lead to it (a link, a second hard link, a path of its own): device and inode. */
import { stat } from "node:fs/promises";

/** The identity of the file `info` describes. */
export function identityOf(info: { dev: number | bigint; ino: number | bigint }): string {
  return `${info.dev}:${info.ino}`;
}

/** The identity of the file at `path`, undefined when it cannot be looked at (its reader says why). */
export async function fileIdentity(path: string): Promise<string | undefined> {
  // As bigints: an overlay filesystem's inode numbers may pass 2^53.
  const found = await stat(path, { bigint: true }).catch(() => undefined);
  return found === undefined ? undefined : identityOf(found);
}
