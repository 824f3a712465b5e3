// A gzip copy of another generated input (gzip's default level 6), as logs are rotated and shipped.
import { createReadStream, createWriteStream, existsSync, renameSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

/** Writes `${source}.gz` once; returns its path. */
export async function writeGzip(source) {
  const file = `${source}.gz`;
  if (existsSync(file)) return file;
  process.stderr.write(`bench: generating ${path.basename(file)}…\n`);
  const temporary = `${file}.${process.pid}.tmp`;
  await pipeline(createReadStream(source), createGzip({ level: 6 }), createWriteStream(temporary));
  renameSync(temporary, file);
  return file;
}
