/**
 * The report as a versioned JSON document (schema 1). Every latency is a number in `unit`.
 *
 *   { schema: 1, unit, partial?: true, input: { files, format, assumedUnit, approximate, lines, entries, recorded, skipped,
 *                               skippedByReason, rejected, rejectedByReason, failed: { count, rate, excluded, known } },
 *     raw: { count, min, max, mean, stddev, percentiles: { "<label as in -p>": value }, percentileDetails },
 *     withFailures?: { failed, requests, failuresAs, percentiles: { "<label>": value | null } },
 *     files?: [ { name, count, min, max, mean, stddev, percentiles, percentileDetails } ],
 *     corrected?: { method, expectedIntervalNs, syntheticCount, count, min, max, mean, stddev, percentiles,
 *                   percentileDetails },
 *     coordinatedOmission?: { detected, loop, evidence | reason, senders?, sendersFrom, expectedIntervalNs?, stalls,
 *                             longestStallNs?, omittedEstimate, backfillCount? } }
 *
 *   percentileDetails: { "<label>": { ci: [lo, hi], ciClamped: [loClamped, hiClamped],
 *                                     insufficient?: { needed, have, realBeyond? } } }
 *     ci          95% confidence interval from order statistics (analyses/confidence.ts), in `unit`.
 *     ciClamped   true where the bound lies beyond the sample and is shown as its min (lo) or max (hi).
 *     insufficient present when fewer than 10 samples lie beyond the percentile (analyses/sufficiency.ts); in
 *                 `corrected`, when fewer than 10 real (not back-filled) samples lie at or beyond it: `realBeyond` says how many,
 *                 and `ci` is then the interval of the real samples' order statistics at that rank;
 *                 `needed` is null for p100, which no sample size makes a measured tail.
 *
 * `entries` says what `lines` counts: "lines", or "records" for inputs read as documents (otlp, jaeger, zipkin,
 * ghz: one per span or per request detail), or "lines and records" for a mix.
 *
 * `input.failed.known` is false, and `rate` null, when the input says nothing about failures (no status, success
 * flag or error on any request) or holds only some of them (hey: no row for a request without a response; `count`
 * is then those it holds): a rate of 0 would claim none failed.
 *
 * `withFailures` (analyses/with-failures.ts): the percentiles with every failed request counted as slower than any
 * success — null where the rank falls among the failures — or at `failuresAs` (`--failures-as`, else null). There
 * when the input tells failures and all of them were left out of `raw` (not with `--include-errors`).
 *
 * `partial: true` is there only when reading was interrupted (Ctrl-C): the figures cover the lines read before.
 *
 * `coordinatedOmission.loop` is closed | open | unknown; `evidence` (closed, open) or `reason` (unknown) says why in
 * one sentence; `detected` is true only for a closed loop whose senders stalled. `sendersFrom` is column (a sender
 * column: --per, or one found by name) or inferred (reconstructed from starts and ends). The interval and the
 * longest stall are there for closed loops only; `stalls` and `omittedEstimate` are 0 otherwise. `omittedEstimate`
 * counts the sends missed in the stalls; `backfillCount` (closed loops) the synthetic samples back-fill adds, one for
 * each interval any response outlasted its sender's, stall or not.
 *
 * `corrected.method` is expected-interval | expected-interval-after | inferred-interval | schedule; with
 * schedule, `raw` holds service times and `corrected` response times. Fields ending in `Ns` are nanoseconds
 * whatever `unit` says.
 *
 * Who suffered (who-json.ts; shares are percentages 0–100 in fields ending in `Percent`, times ISO-8601 UTC):
 *
 *   groupBy?: { names, sort, groups, shown }        --group-by: the names, --sort, distinct groups, groups listed
 *   groups?: [ { name, values: { "<name>": value }, count, min, max, mean, stddev, percentiles, percentileDetails,
 *                corrected?: { count, …, percentileDetails }, misery?: REQUEST-MISERY,
 *                failed: { count, rate, excluded, known } (as input.failed, the group's own),
 *                withFailures?: (as the report's, the group's own) } ]                      worst first, --top
 *   misery?: { threshold, …REQUEST-MISERY,                                                    --threshold
 *              windows?: { interval, windows, untimed, maxOver, maxOverPercent, p99Over, p99OverPercent,
 *                          withFailed, withFailedPercent, worst: { start, requests, over, failed, p99, max } },
 *              sessions?: { field, sessions, missing, withOver, withOverPercent, withFailed, withFailedPercent,
 *                           worst: [ { id, requests, over, failed, worst } ] } }
 *   slo?: { objective, targetPercent, threshold, minimumSamples, errors, …STANDING, corrected?: STANDING,  --slo
 *           windows?: { interval, burning, burnRates: [ { start, requests, bad, burnRate } ] } }
 *
 *   REQUEST-MISERY = requests, over, overPercent, failed, failedPercent,
 *                    corrected?: { requests, over, overPercent }, sessionChance?: [ { requests, percent } ]
 *   STANDING       = requests, good, bad, sliPercent, errorBudget, budgetUsedPercent
 *
 *     over          requests whose histogram bucket reaches the threshold (analyses/count-below.ts); `good` is
 *                   the rest. `failed`: the tool marked the request failed, or its status is outside 200–399 and
 *                   not 101, recorded or left out of the histogram; `failedPercent` is of both (null: the input says
 *                   nothing about failures).
 *     sessionChance 1 − (1 − over/requests)^k for k = `requests` (--session-size), assuming independence; only
 *                   without --session.
 *     windows       --interval windows that had requests: those with a request over (`maxOver`) and with their
 *                   p99 over the threshold; the worst has the highest p99, then max.
 *     errorBudget   (1 − target) × requests; burnRate = bad / ((1 − target) × requests) per window, > 1 burning.
 *     errors        how failed requests count: bad (left out of the histogram, each a bad event; the default),
 *                   excluded (--slo-errors exclude), by-latency (--include-errors), unknown (the input tells none)
 *
 * Later additions (`corrected`, `groups`) are new keys; existing keys keep their meaning while schema is 1.
 */
import type { DetectionFigures } from "../analyses/correction.js";
import type { ReportData } from "../analyses/report.js";
import type { TimeUnit } from "../base/units.js";
import { jsonInput } from "./json-input.js";
import type { ReportRenderer } from "./types.js";
import { jsonSummary } from "./json-summary.js";
import { evidenceText, unknownReasonText } from "./co-notes.js";
import { jsonGroupBy, jsonGroups, jsonMisery, jsonSlo } from "./who-json.js";
import { jsonWithFailures } from "./with-failures.js";
import { jsonText } from "./json-text.js";

export const JSON_SCHEMA_VERSION = 1;

export const renderJson: ReportRenderer = (report, options) => jsonText(reportDocument(report, options.outUnit ?? "ms"));

/** The report's JSON document as data, latencies in `unit`: what `renderJson` writes and the library returns. */
export function reportDocument(report: ReportData, unit: TimeUnit) {
  return {
    schema: JSON_SCHEMA_VERSION,
    unit,
    ...(report.partial || report.partialInputs !== undefined ? { partial: true } : {}),
    ...(report.partialInputs !== undefined ? { partialInputs: report.partialInputs } : {}),
    input: jsonInput(report),
    raw: jsonSummary(report.total, unit),
    ...(report.withFailures ? { withFailures: jsonWithFailures(report.withFailures, unit) } : {}),
    ...(report.perFile.length > 0 ? { files: report.perFile.map((f) => ({ name: f.name, ...jsonSummary(f.summary, unit) })) } : {}),
    ...(report.corrected
      ? {
          corrected: {
            method: report.corrected.method,
            expectedIntervalNs: report.corrected.expectedIntervalNs,
            syntheticCount: report.corrected.syntheticCount,
            ...(report.corrected.skippedSends === undefined ? {} : { skippedSends: report.corrected.skippedSends }),
            ...jsonSummary(report.corrected.summary, unit),
          },
        }
      : {}),
    ...(report.groups ? { groupBy: jsonGroupBy(report.groups), groups: jsonGroups(report.groups, unit) } : {}),
    ...(report.misery ? { misery: jsonMisery(report.misery, unit) } : {}),
    ...(report.slo ? { slo: jsonSlo(report.slo, unit) } : {}),
    ...(report.detection
      ? {
          coordinatedOmission: jsonDetection(report.detection),
        }
      : {}),
  };
}

/** The report's JSON document (see the file comment). */
export type ReportDocument = ReturnType<typeof reportDocument>;

/** Coordinated-omission detection: the loop and why, the senders, and (closed loops) what they omitted. */
function jsonDetection(detection: DetectionFigures) {
  const { verdict } = detection;
  return {
    detected: detection.detected,
    loop: verdict.loop,
    ...(verdict.loop === "unknown" ? { reason: unknownReasonText(verdict.reason) } : { evidence: evidenceText(verdict.evidence) }),
    ...(detection.senders === undefined ? {} : { senders: detection.senders }),
    sendersFrom: detection.senderColumn ? "column" : "inferred",
    ...(verdict.loop === "closed" ? { expectedIntervalNs: detection.expectedIntervalNs, stalls: detection.stalls, longestStallNs: detection.longestStallNs } : { stalls: 0 }),
    omittedEstimate: detection.omittedEstimate,
    ...(verdict.loop === "closed" ? { backfillCount: detection.backfillCount } : {}),
  };
}
