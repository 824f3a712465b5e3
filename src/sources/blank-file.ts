/** Whether a file holds nothing but white space, compressed or not (a log just rotated, or rotated and gzipped). */
import { readFile, stat } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { decompress } from "fzstd";
import { compressionOf } from "./compression.js";

/** Files this small are looked into: an empty gzip or zstd file is a few dozen bytes. */
const BLANK_CHECK_BYTES = 4096;

/** A regular file of at most BLANK_CHECK_BYTES whose text (once decompressed) is only white space. */
export async function isBlankFile(path: string): Promise<boolean> {
  const info = await stat(path);
  if (!info.isFile() || info.size > BLANK_CHECK_BYTES) return false;
  const bytes = await readFile(path);
  const text = decompressed(bytes);
  return text !== undefined && text.toString("latin1").trim() === "";
}

/** The file's bytes as `readChunks` would give them; undefined when they do not decompress (its reader says why). */
function decompressed(bytes: Buffer): Buffer | undefined {
  try {
    switch (compressionOf(bytes)) {
      case "gzip":
        return gunzipSync(bytes);
      case "zstd":
        return Buffer.from(decompress(bytes));
      default:
        return bytes;
    }
  } catch {
    return undefined;
  }
}
