/** The sentences that explain a coordinated-omission correction or detection, for the human-readable outputs. */
import type { CorrectedFigures, DetectionFigures } from "../analyses/correction.js";
import { formatDuration, formatCount } from "./values.js";

const n = formatCount;

/** One sentence saying what the correction did and why. */
export function correctionNote(corrected: CorrectedFigures): string {
  const interval = formatDuration(corrected.expectedIntervalNs);
  switch (corrected.method) {
    case "schedule":
      return (
        `Response time runs from each request's intended start on a schedule of one request every ${interval} to its completion; ` +
        `service time is the latency the log recorded. A request held up behind a slow one carries that wait in its response time.`
      );
    case "expected-interval":
    case "expected-interval-after":
    case "inferred-interval": {
      const how =
        corrected.method === "inferred-interval"
          ? `the send interval inferred from start times, ${interval}`
          : `an expected interval of ${interval}${corrected.method === "expected-interval-after" ? ", applied after recording" : ""}`;
      return (
        `Corrected adds ${n(corrected.syntheticCount)} synthetic samples (HdrHistogram back-fill at ${how}): the requests a sender ` +
        `keeping its schedule would have sent while a slow response held it up, each waiting a little less than the one before.`
      );
    }
  }
}

/**
 * Said when back-fill matters but no gap between starts was a stall: the log's starts look steady, which is what
 * many connections interleaved in one log look like even when each of them stalled.
 */
const ONE_SCHEDULE_HINT =
  " No gap between starts was a stall: if several connections or workers share this log, name the column that tells them apart with --per, so each gets its own schedule.";

/** What detection found, and what to do about it. */
export function detectionNote(detection: DetectionFigures): string {
  const found =
    `Coordinated omission check: send interval ~${formatDuration(detection.expectedIntervalNs)} (median gap between starts), ` +
    `${n(detection.stalls)} sender stalls` +
    (detection.stalls > 0 ? ` (longest ${formatDuration(detection.longestStallNs)}), ~${n(detection.omittedEstimate)} requests not sent` : "");
  const effect = `back-fill would make p99 ${detection.p99Ratio.toFixed(1)}× and p99.9 ${detection.p999Ratio.toFixed(1)}× the raw figures`;
  const advice = detection.detected ? " — correct with --co auto --apply or --expected-interval" : "";
  return `${found}; ${effect}${advice}.${detection.detected && detection.stalls === 0 && detection.schedules === 1 ? ONE_SCHEDULE_HINT : ""}`;
}
