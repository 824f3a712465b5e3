// Rotated logs: another generated input cut into `count` consecutive files at line starts, each with the header
// line and gzipped (gzip's default level 6), as a log rotated by size and shipped looks.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** Writes `${dir}/part-000.csv.gz`… once from the CSV `source`; returns their paths in order. */
export function writeRotatedGzip(source, dir, count) {
  const files = Array.from({ length: count }, (_, i) => path.join(dir, `part-${String(i).padStart(3, "0")}.csv.gz`));
  if (files.every((file) => existsSync(file))) return files;
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`bench: generating ${count} gzipped files in ${path.basename(dir)}…\n`);
  const bytes = readFileSync(source);
  const headerEnd = bytes.indexOf(10) + 1;
  const header = bytes.subarray(0, headerEnd);
  let start = headerEnd;
  files.forEach((file, i) => {
    const cut = i === count - 1 ? bytes.length : bytes.indexOf(10, headerEnd + Math.round(((bytes.length - headerEnd) * (i + 1)) / count)) + 1;
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, gzipSync(Buffer.concat([header, bytes.subarray(start, cut)]), { level: 6 }));
    renameSync(temporary, file);
    start = cut;
  });
  return files;
}
