/**
 * Saying when an input's figures read 0: no request takes no time, so a latency of 0 is one shorter than the log
 * can write (nginx's `$request_time` in ms, `ab -g` in whole ms, hey in 0.1 ms), and a percentile that falls among
 * them means "below the resolution", not "instant".
 */
import { rankOf } from "../core/percentiles.js";
import type { AnalysisNotice } from "./notices.js";
import type { RecordedInput } from "./report.js";

/** A notice for each input on which the lowest of the percentiles shown (`percentileLabels`) is 0. */
export function zeroLatencyNotices(inputs: readonly RecordedInput[], percentileLabels: readonly string[]): AnalysisNotice[] {
  const lowest = Math.min(...percentileLabels.map(Number));
  const notices: AnalysisNotice[] = [];
  for (const { name, recorder } of inputs) {
    const { zeros, count } = recorder;
    // The percentile is the value at its rank (HdrHistogram's getValueAtPercentile): 0 when the rank is a zero's.
    if (zeros > 0 && rankOf(lowest, count) <= zeros) notices.push({ kind: "zero-latencies", input: name, zeros, count });
  }
  return notices;
}
