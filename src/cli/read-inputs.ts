/** Reads every input of a command in order, reporting notices and rejected lines on stderr. */
import { REJECTIONS_SHOWN } from "../core/accounting.js";
import { ingest, type InputResult } from "../core/ingest.js";
import { findFormat } from "../formats/registry.js";
import { checkReadable } from "../sources/open.js";
import type { InputFlags } from "./input-options.js";
import { warn } from "./terminal.js";

export async function readInputs(files: string[], flags: InputFlags): Promise<InputResult[]> {
  const args = files.length === 0 ? ["-"] : files;
  for (const arg of args) await checkReadable(arg);
  const format = flags.format === undefined ? undefined : findFormat(flags.format);
  const results: InputResult[] = [];
  for (const arg of args) {
    results.push(
      await ingest(arg, {
        format,
        decode: { unit: flags.unit, column: flags.column, field: flags.field },
        digits: flags.sigDigits,
        strict: flags.strict === true,
        notice: warn,
        debug: flags.debug ? (message) => warn(`debug: ${message}`) : () => {},
      }),
    );
  }
  reportRejections(results);
  return results;
}

/** Prints the first rejected lines as `FILE:LINE: reason`, and how many more there were. */
function reportRejections(results: InputResult[]): void {
  let shown = 0;
  let total = 0;
  for (const { accounting } of results) {
    total += accounting.rejected;
    for (const r of accounting.firstRejections) {
      if (shown++ < REJECTIONS_SHOWN) warn(`${r.file}:${r.line}: ${r.reason}`);
    }
  }
  if (total > REJECTIONS_SHOWN) warn(`… ${total - REJECTIONS_SHOWN} more rejected lines (counted by reason in --json)`);
}
