// Writes a generated input once and reuses it on later runs: the file appears under its final name only when
// complete (written to a temporary name, then renamed), so an interrupted run never leaves half an input behind.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import path from "node:path";

/** How much a generator writes: a number of records, or bytes (it stops at the first record boundary past them). */
export const wants = (limit) => (out, records) => (limit.records !== undefined ? records < limit.records : out.bytes < limit.bytes);

/**
 * Calls `produce(out)` to write `file` unless it exists; `out.write(text)` appends ASCII text and `out.bytes` counts
 * what was written so far. Returns the path.
 */
export function writeCached(file, produce) {
  if (existsSync(file)) return file;
  mkdirSync(path.dirname(file), { recursive: true });
  const started = Date.now();
  process.stderr.write(`bench: generating ${path.basename(file)}…`);
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, "w");
  let pending = [];
  let pendingLength = 0;
  let written = 0;
  const flush = () => {
    writeSync(fd, pending.join(""));
    written += pendingLength;
    pending = [];
    pendingLength = 0;
  };
  const out = {
    write(text) {
      pending.push(text);
      pendingLength += text.length;
      if (pendingLength >= 1 << 20) flush();
    },
    get bytes() {
      return written + pendingLength;
    },
  };
  produce(out);
  flush();
  closeSync(fd);
  renameSync(temporary, file);
  process.stderr.write(` ${(out.bytes / 1e6).toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return file;
}
