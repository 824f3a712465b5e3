/**
 * Saying when a figure shown reads 0 because latencies are 0: no request takes no time, so a latency of 0 is one
 * shorter than the log can write (nginx's `$request_time` in ms, `ab -g` in whole ms, hey in 0.1 ms), and a
 * percentile that falls among them means "below the resolution", not "instant".
 */
import type { AnalysisNotice } from "./notices.js";
import type { RecordedInput, ReportData } from "./report.js";

/**
 * A notice for each row of figures shown (each input's with `--per-file`, else the total) on which a percentile
 * reads 0 because of latencies of 0 — not p0, the minimum, which says itself what it is.
 */
export function zeroLatencyNotices(report: Pick<ReportData, "total" | "perFile" | "recorder">, inputs: readonly RecordedInput[]): AnalysisNotice[] {
  const rows =
    report.perFile.length > 0
      ? report.perFile.map(({ name, summary }, i) => ({ input: name, summary, recorder: inputs[i]!.recorder }))
      : [{ input: inputs.length === 1 ? inputs[0]!.name : undefined, summary: report.total, recorder: report.recorder }];
  const notices: AnalysisNotice[] = [];
  for (const { input, summary, recorder } of rows) {
    const { zeros, count } = recorder;
    if (zeros === 0 || !summary.percentiles.some((p) => p.percentile > 0 && p.valueNs === 0)) continue;
    notices.push({ kind: "zero-latencies", ...(input === undefined ? {} : { input }), zeros, count });
  }
  return notices;
}
