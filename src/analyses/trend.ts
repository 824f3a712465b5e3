/**
 * `latstat compare --trend RUN1 RUN2 … RUNn`: a series of runs, each summarised at the same percentiles (p50, p99,
 * p99.9 unless -p says otherwise) and each percentile's change against the first run. Inputs recorded at different
 * precision are taken to the coarsest first, as a comparison does (compare-report.ts).
 */
import type { CompareInput } from "./compare-report.js";
import { commonShape } from "./compare-report.js";
import { withStatedMoments } from "./stated-moments.js";
import { summarizeRecorder, type Summary } from "./summary.js";

/** The percentiles of a trend when `-p` is not given. */
export const TREND_PERCENTILES: readonly string[] = ["50", "99", "99.9"];

export interface TrendRun {
  name: string;
  summary: Summary;
  /** Per percentile (in the order of the labels), 100 · (this − first) / first; null for the first run or a first of 0. */
  changePercent: (number | null)[];
}

export interface TrendData {
  labels: string[];
  runs: TrendRun[];
  /** Present when the runs had different precision: all were taken to this one (see compare-report.ts). */
  precision?: { digits: number; lowestDiscernibleNs: number };
}

/** The trend of `inputs`, in the order given (the first is what the others are measured against). */
export function buildTrend(inputs: readonly CompareInput[], labels: readonly string[]): TrendData {
  const { shape, at, converted } = commonShape(inputs);
  const summaries = inputs.map((input) => withStatedMoments(summarizeRecorder(at(input.recorder), labels), [input]));
  const first = summaries[0]!;
  const runs = inputs.map((input, r) => ({
    name: input.name,
    summary: summaries[r]!,
    changePercent: summaries[r]!.percentiles.map((p, i) => {
      const base = first.percentiles[i]!.valueNs;
      return r === 0 || base === 0 ? null : (100 * (p.valueNs - base)) / base;
    }),
  }));
  return { labels: [...labels], runs, ...(converted.length > 0 ? { precision: { digits: shape.digits, lowestDiscernibleNs: shape.lowestDiscernibleValue } } : {}) };
}
