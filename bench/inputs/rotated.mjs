// Rotated logs: a generated input cut into `count` consecutive files at line starts, each with the header line and
// gzipped (gzip's default level 6), as a log rotated by size and shipped looks. Written file by file as the
// generator goes, so the whole log is never on disk or in memory at once.
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/**
 * Writes `${dir}/part-000.csv.gz`… once: `produce(out, limit)` writes the log a line per `out.write` (its first line
 * the header, which every file repeats), `bytesEach` uncompressed bytes of lines to a file. Returns their paths.
 */
export function writeRotatedGzip(dir, count, bytesEach, produce) {
  const files = Array.from({ length: count }, (_, i) => path.join(dir, `part-${String(i).padStart(3, "0")}.csv.gz`));
  if (files.every((file) => existsSync(file))) return files;
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  process.stderr.write(`bench: generating ${count} gzipped files in ${path.basename(dir)}…`);
  let header;
  let lines = [];
  let produced = 0;
  let compressed = 0;
  let index = 0;
  const flush = () => {
    const file = files[index++];
    const temporary = `${file}.${process.pid}.tmp`;
    const gzipped = gzipSync(Buffer.from([header, ...lines].join("")), { level: 6 });
    writeFileSync(temporary, gzipped);
    renameSync(temporary, file);
    compressed += gzipped.length;
    lines = [];
  };
  const out = {
    write(text) {
      if (header === undefined) {
        header = text;
        return;
      }
      lines.push(text);
      produced += text.length;
      if (index < count - 1 && produced >= (index + 1) * bytesEach) flush();
    },
    get bytes() {
      return produced;
    },
  };
  produce(out, { bytes: count * bytesEach });
  flush();
  process.stderr.write(` ${(produced / 1e6).toFixed(0)} MB, ${(compressed / 1e6).toFixed(0)} MB gzipped, in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return files;
}
