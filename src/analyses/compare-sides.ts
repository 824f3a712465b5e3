/** The sides of a comparison: each input read on its own and, when the mode corrects, corrected on its own. */
import type { SignificantDigits } from "../core/histogram.js";
import { requestsOf } from "../core/group-recorder.js";
import type { ReadOptions } from "../ingest/read-inputs.js";
import { inputName, type InputArg } from "../sources/open.js";
import type { CompareInput } from "./compare-report.js";
import type { CoMode, CorrectionMethod } from "./correction.js";
import { readRecorded, type RecordHooks } from "./read-recorded.js";

/** How the sides are read. */
export interface SideOptions {
  read: ReadOptions;
  hooks: RecordHooks;
  digits: SignificantDigits;
  correction: CoMode;
  /** `--group-by`: each side's groups too. */
  groupBy?: readonly string[];
  /** The percentiles compared: one of a side that reads 0 because its latencies are 0 is said (zero-latencies.ts). */
  percentiles?: readonly string[];
}

/**
 * Reads each input as a side of its own: its figures corrected when `correction` corrects, and the method used.
 * Once the hooks' signal is aborted (Ctrl-C), the input being read ends there and the others are not read.
 */
export async function readSides(files: readonly InputArg[], options: SideOptions): Promise<{ inputs: CompareInput[]; correction?: CorrectionMethod }> {
  const { groupBy, ...reading } = options;
  const inputs: CompareInput[] = [];
  let correction: CorrectionMethod | undefined;
  for (const file of files) {
    if (options.hooks.signal?.aborted) break;
    const grouped = groupBy !== undefined && groupBy.length > 0 ? { groupBy: [...groupBy] } : {};
    const run = await readRecorded([file], { ...reading, percentiles: reading.percentiles ?? [], perFile: false, side: inputName(file), ...grouped });
    if (run.kind !== "requests") throw new Error("bucket counts were read where requests were asked for");
    const [read] = run.inputs;
    const corrected = run.correction.corrected;
    correction = corrected?.method;
    const groups = run.groups?.recorder.groups.map((g) => ({
      name: g.values.join(", "),
      values: g.values,
      recorder: run.groups!.corrected?.[g.index] ?? g.raw,
      failed: g.failed,
      leftOut: g.leftOut,
      requests: requestsOf(g),
    }));
    inputs.push({ ...read!, ...(corrected ? { recorder: corrected.recorder } : {}), ...(groups ? { groups } : {}) });
  }
  return { inputs, correction };
}
