/**
 * What compression an input's first bytes say it is in: gzip and zstd (pzstd's output too, which starts with a
 * skippable frame), which latstat undoes itself, and xz and bzip2, which it leaves to their own programs.
 */

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
/** A zstd skippable frame (`5? 2A 4D 18`): pzstd starts its output with one, ahead of each frame. */
const isZstdSkippable = (bytes: Uint8Array) => bytes.length >= 4 && (bytes[0]! & 0xf0) === 0x50 && bytes[1] === 0x2a && bytes[2] === 0x4d && bytes[3] === 0x18;

/** A compression read through another program: its magic bytes, name and command. */
export interface PipedCompression {
  magic: readonly number[];
  what: string;
  command: string;
}

const PIPED: readonly PipedCompression[] = [
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: "xz", command: "xz -dc" },
  { magic: [0x42, 0x5a, 0x68], what: "bzip2", command: "bzip2 -dc" },
];

/** Bytes enough to tell every magic above. */
export const LONGEST_MAGIC = Math.max(GZIP_MAGIC.length, ZSTD_MAGIC.length, ...PIPED.map((p) => p.magic.length));

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);

/** The compression latstat undoes for an input beginning with `head` (at least 4 bytes of it), if any. */
export function compressionOf(head: Uint8Array): "gzip" | "zstd" | undefined {
  if (startsWith(head, GZIP_MAGIC)) return "gzip";
  if (startsWith(head, ZSTD_MAGIC) || isZstdSkippable(head)) return "zstd";
  return undefined;
}

/** The compression an input beginning with `head` is in that latstat leaves to another program, if any. */
export function pipedCompressionOf(head: Uint8Array): PipedCompression | undefined {
  return PIPED.find((p) => startsWith(head, p.magic));
}
