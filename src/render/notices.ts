/** The notices of reading and the analyses in words, one line each, for stderr. */
import { escapeControls, quoted } from "../base/errors.js";
import type { HistogramShape } from "../core/histogram.js";
import type { AnalysisNotice, Notice } from "../analyses/notices.js";
import { coNoticeText } from "./co-notes.js";
import { counted, formatCount, formatPercent } from "./values.js";
import { REJECTIONS_SHOWN } from "../ingest/accounting.js";

function describe(shape: HistogramShape): string {
  const lowest = shape.lowestDiscernibleValue === 1 ? "" : `, lowest discernible value ${shape.lowestDiscernibleValue} ns`;
  return `${shape.digits} significant digits${lowest}`;
}

/** A notice in one line: what it quotes of the input (file names, group values, tags) with control characters escaped. */
export function noticeText(notice: Notice): string {
  return escapeControls(noticeWords(notice));
}

function noticeWords(notice: Notice): string {
  switch (notice.kind) {
    case "input":
      return `${notice.input}: ${notice.message}`;
    case "inputs":
      return `${notice.inputs.length > 3 ? `${notice.inputs.slice(0, 2).join(", ")} and ${notice.inputs.length - 2} more inputs` : notice.inputs.join(", ")}: ${notice.message}`;
    case "input-repeats":
      return `${counted(notice.inputs, "more input")} gave notices said above for an earlier one: ${counted(notice.notices, "notice")} not repeated`;
    case "rejected-line":
      return `${notice.file}:${notice.line}: ${notice.reason}`;
    case "more-rejected":
      return `… ${counted(notice.count, "more rejected line")}; all ${formatCount(notice.count + REJECTIONS_SHOWN)} by reason: ${notice.byReason.map(([reason, count]) => `${reason} ${formatCount(count)}`).join(", ")}`;
    default:
      return notice.side === undefined ? analysisText(notice) : `${notice.side}: ${analysisText(notice)}`;
  }
}

function analysisText(notice: AnalysisNotice): string {
  switch (notice.kind) {
    case "co-detected":
    case "co-counted":
    case "co-out-of-order":
    case "co-skipped":
    case "rate-untimed":
    case "rate-shared":
    case "rate-skipped":
      return coNoticeText(notice);
    case "shape-kept":
      return `${notice.input}: histograms of ${describe(notice.shape)}: the figures keep that precision, as HistogramLogProcessor does (not --sig-digits ${notice.digits})`;
    case "zero-latencies":
      return zeroLatenciesText(notice);
    case "shape-added":
      return `${notice.input}: histograms of ${describe(notice.shape)} are added into ${describe(notice.into)} at each bucket's lowest value, as HdrHistogram's add() does`;
    case "group-values-cut":
      return `${notice.count} group values longer than ${notice.maxLength} characters were cut to that length (they end in …); values that differ only after it are one group`;
    case "group-unseen":
      return `no request had a value for --group-by ${notice.name}: all are in the ${notice.none} group`;
    case "windows-untimed":
      return `${counted(notice.count, "request")} without a start time ${notice.count === 1 ? "is" : "are"} in no --interval window`;
    case "sessions-missing":
      return `${counted(notice.count, "request")} without a ${notice.field} value ${notice.count === 1 ? "is" : "are"} in no --session`;
    case "intervals-untimed":
      return `${counted(notice.count, "sample")} without a start time ${notice.count === 1 ? "is" : "are"} left out of the intervals`;
    case "intervals-at-zero":
      return "no start times in the input: one interval spanning all of it, at time 0";
    case "undated-logs":
      return `warning: ${undatedLogsText(notice)}; the sum's figures are unaffected, but wherever times count (the .hgrm header's StartTime, --html's time chart) ${notice.undated.length === 1 ? "it sits" : "they sit"} in 1970 (${UNDATED_HINT})`;
    case "intervals-median":
      return `intervals of ${notice.lengthMs / 1000} s (the logs' median interval length; --interval to change)`;
    case "intervals-longer":
      return `warning: ${counted(notice.count, "interval")} of ${lengthRange(notice.lengthsMs)} ${notice.count === 1 ? "is" : "are"} longer than the windows of ${notice.windowMs / 1000} s: each is put whole into the window it starts in, so the counts per window are not those of that window's time (totals stay exact; --interval ${Math.max(...notice.lengthsMs) / 1000}s or longer avoids it)`;
    case "tags-renamed": {
      const shown = notice.renamed.slice(0, 3).map(({ group, tag }) => `"${quoted(group, 60)}" as ${quoted(tag, 60)}`);
      return `interval log tags hold no spaces, commas or control characters: writing ${shown.join(", ")}${notice.renamed.length > 3 ? ", …" : ""}`;
    }
    case "chart-untimed":
      return `--html: ${counted(notice.count, "sample")} without a start time ${notice.count === 1 ? "is" : "are"} left out of the latency-over-time chart`;
    case "chart-log-values":
      return `--html: the latency-over-time chart is drawn from the samples with start times: ${counted(notice.count, "value")} of HdrHistogram logs ${notice.count === 1 ? "is" : "are"} left out of it`;
    case "chart-too-many-starts":
      return `--html: more than ${notice.limit.toLocaleString("en-US")} requests have start times: no latency-over-time chart`;
    case "chart-too-many-windows":
      return `--html: the start times span more than ${notice.max.toLocaleString("en-US")} windows of ${notice.lengthMs / 1000}s: no latency-over-time chart (check the start-time column and its unit)`;
    case "failures-filtered":
      return `warning: --status left ${counted(notice.leftOut, "request")} out of "${quoted(notice.budget)}": it is the share failed among the statuses kept, the failures among those left out not counted (without --status every request counts)`;
  }
}

/** Undated interval logs read with dated ones (analyses/undated-logs.ts), for the notice and the problem. */
export function undatedLogsText({ undated, dated }: { undated: readonly string[]; dated: string }): string {
  const names = undated.length > 3 ? `${undated.slice(0, 2).join(", ")} and ${undated.length - 2} more logs` : undated.join(", ");
  return undated.length === 1
    ? `${names} has no StartTime or BaseTime: its times count from its run's start, in 1970, beside ${dated}'s dates`
    : `${names} have no StartTime or BaseTime: their times count from their runs' start, in 1970, beside ${dated}'s dates`;
}

/** How to date an undated interval log: its timestamps then count from that StartTime, as in Java's reader. */
export const UNDATED_HINT = "a #[StartTime: SECONDS] line, the run's start in seconds since the epoch, dates a log";

/**
 * `a.log: 1,377 of 1,500 latencies (91.8%) are 0, …: percentiles up to p91.8 read 0`, or when all are, that the
 * figures only bound them. The percentile named is the share rounded down (to 3 digits), so that it does read 0.
 */
function zeroLatenciesText({ input, group, zeros, count }: { input?: string; group?: string; zeros: number; count: number }): string {
  // The row: an input, a group of it (or of all inputs), or all inputs together.
  const names = input === undefined && group === undefined ? ["all inputs together"] : [input, group].filter((name) => name !== undefined);
  const whose = `${names.join(": ")}: `;
  const below = `shorter than the ${input === undefined ? "inputs'" : "input's"} resolution`;
  if (zeros === count) {
    const which = count === 1 ? "its one latency is" : count === 2 ? "both latencies are" : `all ${formatCount(count)} latencies are`;
    return `${whose}${which} 0, ${below}: the figures say only that the ${count === 1 ? "request" : "requests"} took less than it`;
  }
  const share = (100 * zeros) / count;
  const verb = zeros === 1 ? "is" : "are";
  return `${whose}${formatCount(zeros)} of ${formatCount(count)} latencies (${formatPercent(share)}) ${verb} 0, ${below}: percentiles up to p${roundedDown(share)} read 0`;
}

/** `percent` rounded down to 3 significant digits: 66.66… → 66.6, 0.0512 → 0.0512. */
function roundedDown(percent: number): number {
  const step = 10 ** (Math.floor(Math.log10(percent)) - 2);
  return Number((Math.floor(percent / step + 1e-9) * step).toPrecision(3));
}

/** `7 s`, or `9.995–10.005 s` for intervals of several lengths (a jittered log has one per millisecond). */
function lengthRange(lengthsMs: readonly number[]): string {
  const shortest = Math.min(...lengthsMs) / 1000;
  const longest = Math.max(...lengthsMs) / 1000;
  return shortest === longest ? `${longest} s` : `${shortest}–${longest} s`;
}
