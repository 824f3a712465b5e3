/** The sides of a comparison: each input read on its own and, when the mode corrects, corrected on its own. */
import type { SignificantDigits } from "../core/histogram.js";
import type { ReadOptions } from "../ingest/read-inputs.js";
import { inputName, type InputArg } from "../sources/open.js";
import type { CoMode, CorrectionMethod } from "./correction.js";
import { readRecorded, type RecordHooks } from "./read-recorded.js";
import type { RecordedInput } from "./report.js";

/** How the sides are read. */
export interface SideOptions {
  read: ReadOptions;
  hooks: RecordHooks;
  digits: SignificantDigits;
  correction: CoMode;
}

/**
 * Reads each input as a side of its own: its figures corrected when `correction` corrects, and the method used.
 * Once the hooks' signal is aborted (Ctrl-C), the input being read ends there and the others are not read.
 */
export async function readSides(files: readonly InputArg[], options: SideOptions): Promise<{ inputs: RecordedInput[]; correction?: CorrectionMethod }> {
  const inputs: RecordedInput[] = [];
  let correction: CorrectionMethod | undefined;
  for (const file of files) {
    if (options.hooks.signal?.aborted) break;
    const run = await readRecorded([file], { ...options, percentiles: [], perFile: false, side: inputName(file) });
    if (run.kind !== "requests") throw new Error("bucket counts were read where requests were asked for");
    const [read] = run.inputs;
    const corrected = run.correction.corrected;
    correction = corrected?.method;
    inputs.push(corrected ? { ...read!, recorder: corrected.recorder } : read!);
  }
  return { inputs, correction };
}
