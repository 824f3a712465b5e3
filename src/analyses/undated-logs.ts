/**
 * Interval logs whose times are no dates (timed from their run's start, which they do not say: they start in 1970)
 * read with logs whose times are dates. Their histograms add up all the same; placed in time, the undated ones sit
 * in 1970, half a century before the others, where nobody would look for them.
 */
import type { InputResult } from "../ingest/ingest.js";

/** The undated logs, and one of the dated ones. */
export interface UndatedLogs {
  undated: string[];
  dated: string;
}

/** The undated interval logs among `inputs` when a dated one is read with them. */
export function undatedAmongDated(inputs: readonly InputResult[]): UndatedLogs | undefined {
  const undated = inputs.filter((input) => input.undated === true).map((input) => input.name);
  const dated = inputs.find((input) => input.format === "hlog" && input.undated !== true);
  return undated.length > 0 && dated !== undefined ? { undated, dated: dated.name } : undefined;
}
