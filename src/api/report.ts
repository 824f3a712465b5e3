/** `report(sources)`: the distribution of the inputs, as `latstat report --json` holds it. */
import { DEFAULT_SESSION_SIZES } from "../analyses/misery.js";
import { readRecorded } from "../analyses/read-recorded.js";
import { DEFAULT_PERCENTILES } from "../analyses/summary.js";
import { UserError } from "../base/errors.js";
import { reportDocument, type ReportDocument } from "../render/json.js";
import { reading, type ReadSettings } from "./settings.js";
import { inputArgs, type Source } from "./sources.js";

/** What the report holds besides how the inputs are read. */
export interface ReportOptions extends ReadSettings {
  /** Percentiles 0–100 as text, the keys of `percentiles` (default 50, 90, 99, 99.9, 99.99). */
  percentiles?: string[];
  /** A summary per input (`files`) besides the one of all of them. */
  perFile?: boolean;
  /** Columns or fields to group by: a summary per group (`groups`), worst p99 first. */
  groupBy?: string[];
}

/** The report of the inputs: the document of `latstat report --json` with the same options, as data. */
export async function report(sources: readonly Source[], options: ReportOptions = {}): Promise<ReportDocument> {
  const groupBy = options.groupBy ?? [];
  const percentiles = percentileLabels(options.percentiles ?? DEFAULT_PERCENTILES);
  if (options.perFile && groupBy.length > 0) throw new UserError("perFile and groupBy both add rows", "choose one");
  const { read, hooks, digits, correction, outUnit } = reading(sources, options, groupBy);
  const run = await readRecorded(inputArgs(sources, options.signal), {
    read,
    hooks,
    digits,
    percentiles,
    perFile: options.perFile === true,
    correction,
    who: { groupBy, sort: "p99", sessionSizes: [...DEFAULT_SESSION_SIZES] },
  });
  // Bucket counts (Prometheus) are refused while reading: the hooks do not ask for them.
  if (run.kind !== "requests") throw new Error("bucket counts were read where requests were asked for");
  return reportDocument(run.report, outUnit);
}

/** Percentiles 0–100 as written, trimmed and each once (as `-p` takes them). */
export function percentileLabels(written: readonly string[]): string[] {
  if (!Array.isArray(written)) throw new UserError("percentiles must be a list of strings, such as [\"50\", \"99.9\"]");
  const labels = written.map((p) => {
    if (typeof p !== "string") throw new UserError(`percentile ${String(p)} must be given as text, such as "99.9" (its label)`);
    return p.trim();
  });
  for (const label of labels) {
    const value = Number(label);
    if (label === "" || !(value >= 0 && value <= 100)) throw new UserError(`percentile "${label}" is not a number from 0 to 100`);
  }
  return [...new Set(labels)];
}
