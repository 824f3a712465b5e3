/**
 * Coordinated-omission handling for a report: which correction the user asked for, and the corrected figures
 * or the detection it produces. Never changes the raw figures.
 */
import type { SignificantDigits } from "../core/histogram.js";
import { LatencyRecorder } from "../core/recorder.js";
import { TimedSamples } from "../core/timed-samples.js";
import { detectOmission, detectOmissionFromCounts, type OmissionDetection } from "./co-detect.js";
import type { LoopVerdict } from "./loop-verdict.js";
import type { CountsGaveUp } from "../core/schedule-sketch.js";
import { recordResponseTimes, scheduledSeries } from "./schedule.js";
import { recorderPercentile, summarizeCorrected, type Summary } from "./summary.js";
import { AnalysisError } from "./problems.js";

/** What the CO flags asked for. */
export type CoMode =
  /** `--co off`: neither detect nor correct. */
  | { kind: "off" }
  /** The default: detect from start times when there are any; `--apply` also corrects at the inferred interval. */
  | { kind: "auto"; apply: boolean }
  /** `--expected-interval I`, at record time or, with `--co-after`, after the fact. */
  | { kind: "expected-interval"; intervalNs: number; after: boolean }
  /** `--rate R`: response times against the intended constant-rate schedule. */
  | { kind: "schedule"; intervalNs: number };

export type CorrectionMethod = "expected-interval" | "expected-interval-after" | "inferred-interval" | "schedule";

export interface CorrectedFigures {
  method: CorrectionMethod;
  expectedIntervalNs: number;
  syntheticCount: number;
  /** What the raw and corrected columns mean ("raw"/"corrected", or "service time"/"response time"). */
  rawLabel: string;
  correctedLabel: string;
  summary: Summary;
  recorder: LatencyRecorder;
  /**
   * `inferred-interval` from requests kept one by one: each request's sender interval, per series of
   * `TimedSamples.sorted()`, so that groups are back-filled as the whole was.
   */
  requestIntervals?: Float64Array[];
  /**
   * `schedule`: sends the senders skipped — slots left empty before a sender went on at the rate, where its schedule
   * was taken up again (schedule-anchors.ts). Not in the figures: no request was made in them.
   */
  skippedSends?: number;
}

export interface DetectionFigures {
  /** An omission was found: a closed loop whose senders stalled. */
  detected: boolean;
  verdict: LoopVerdict;
  /** Senders named by a column (`--per` or found by name), else reconstructed from the log. */
  senderColumn: boolean;
  /** How many (see OmissionDetection.senders). */
  senders?: number;
  expectedIntervalNs: number;
  /** See OmissionDetection.intervalRangeNs. */
  intervalRangeNs?: [number, number];
  stalls: number;
  longestStallNs: number;
  omittedEstimate: number;
  /**
   * Synthetic samples the back-fill adds (what `--apply` would): one for each interval by which any response — in a
   * stall or not — outlasted its sender's interval, so more than `omittedEstimate` when responses of two or more
   * intervals are common between stalls. 0 unless the loop is closed.
   */
  backfillCount: number;
  /** Back-filled p99 / raw p99 and the same for p99.9 (1 when nothing would be back-filled). */
  p99Ratio: number;
  p999Ratio: number;
}

/** What the coordinated-omission handling has to say on stderr, as data the CLI words. */
export type CoNotice =
  /** An omission that moves the tail: worth a warning. */
  | { kind: "co-detected"; detection: DetectionFigures }
  /**
   * Detection went on in counts, not one by one: past `blockLength` of the `requests` with start times, or
   * (`inParts`), with no more than that, because the input was read in parts whose own first blocks were let go.
   */
  | { kind: "co-counted"; blockLength: number; requests: number; inParts: boolean }
  /** Starts that came before the end of an earlier block, left out of detection. */
  | { kind: "co-out-of-order"; count: number }
  /** Detection was skipped, and why. */
  | { kind: "co-skipped"; why: CountsGaveUp }
  /** `--rate`: samples without a start time, left out of the response times. */
  | { kind: "rate-untimed"; count: number }
  /** `--rate`: the `senders` sent at the rate between them, so they were put on one schedule (see sharesOneSchedule). */
  | { kind: "rate-shared"; senders: number }
  /** `--rate`: the senders skipped `skipped` sends of their schedule, which was taken up again after them. */
  | { kind: "rate-skipped"; skipped: number };

export interface CorrectionResult {
  corrected?: CorrectedFigures;
  detection?: DetectionFigures;
  notices: CoNotice[];
  /** `--apply` was asked for, but the loop is open or cannot be told: why, for the error. */
  refused?: LoopVerdict;
}

/** A corrected p99 this many times the raw one is worth a warning. */
export const WARN_RATIO = 1.1;

/** What the recorders for one run must include for `mode`. */
export interface CorrectionRecorders {
  /** The raw figures of all inputs together. */
  raw: LatencyRecorder;
  /** At-record back-fill (only for expected-interval without --co-after). */
  atRecord?: LatencyRecorder;
  /** Start times (for auto and schedule). */
  timed?: TimedSamples;
}

/** The recorders `mode` needs besides the raw one; `tagged` start times carry each sample's group (`--group-by`). */
export function correctionRecorders(mode: CoMode, digits: SignificantDigits, tagged = false): Omit<CorrectionRecorders, "raw"> {
  switch (mode.kind) {
    case "expected-interval":
      return mode.after ? {} : { atRecord: new LatencyRecorder(digits, mode.intervalNs) };
    case "schedule":
      return { timed: TimedSamples.withFailures(tagged) };
    case "auto":
      // Start times for detection alone go into counts past a block, groups or not; the groups' corrections
      // (--apply) need them one by one, each with its group.
      return { timed: tagged && mode.apply ? TimedSamples.withFailures(true) : TimedSamples.forDetection(digits) };
    case "off":
      return {};
  }
}

const ratio = (corrected: number, raw: number) => (raw > 0 ? corrected / raw : 1);

export function applyCorrection(mode: CoMode, recorders: CorrectionRecorders, percentileLabels: readonly string[]): CorrectionResult {
  const { raw, atRecord, timed } = recorders;
  const digits = raw.digits;
  const figures = (method: CorrectionMethod, intervalNs: number, recorder: LatencyRecorder, labels = ["raw", "corrected"]) => ({
    method,
    expectedIntervalNs: intervalNs,
    syntheticCount: recorder.syntheticCount,
    rawLabel: labels[0]!,
    correctedLabel: labels[1]!,
    summary: summarizeCorrected(recorder, raw, percentileLabels),
    recorder,
  });
  switch (mode.kind) {
    case "off":
      return { notices: [] };
    case "expected-interval": {
      if (!mode.after) return { corrected: figures("expected-interval", mode.intervalNs, atRecord!), notices: [] };
      return { corrected: figures("expected-interval-after", mode.intervalNs, raw.correctedAfter(mode.intervalNs)), notices: [] };
    }
    case "schedule": {
      if (timed?.overflowed) {
        throw new AnalysisError({ kind: "schedule-too-many", limit: timed.limit });
      }
      if (timed === undefined || timed.timed === 0) {
        throw new AnalysisError({ kind: "schedule-no-start-times" });
      }
      const series = timed.sorted();
      const scheduled = scheduledSeries(series, mode.intervalNs);
      const { recorder, skipped } = recordResponseTimes(scheduled, mode.intervalNs, digits);
      const notices: CoNotice[] = timed.untimed > 0 ? [{ kind: "rate-untimed", count: timed.untimed }] : [];
      if (scheduled !== series) notices.push({ kind: "rate-shared", senders: series.length });
      if (skipped > 0) notices.push({ kind: "rate-skipped", skipped });
      return { corrected: { ...figures("schedule", mode.intervalNs, recorder, ["service time", "response time"]), skippedSends: skipped }, notices };
    }
    case "auto":
      return detect(mode.apply, raw, timed, figures);
  }
}

function detect(
  apply: boolean,
  raw: LatencyRecorder,
  timed: TimedSamples | undefined,
  figures: (method: CorrectionMethod, intervalNs: number, recorder: LatencyRecorder) => CorrectedFigures,
): CorrectionResult {
  const notices: CoNotice[] = [];
  let found: OmissionDetection | undefined;
  if (timed?.overflowed) {
    const counts = timed.detectionCounts();
    if (counts === undefined) {
      const why: CountsGaveUp = timed.countsGaveUp ?? { kind: "kept", limit: timed.limit };
      if (apply) return { notices: [], refused: { loop: "unknown", reason: { kind: "gave-up", why } } };
      return { notices: [{ kind: "co-skipped", why }] };
    }
    found = detectOmissionFromCounts(counts, raw.digits);
    if (timed.checkedInBlocks) notices.push({ kind: "co-counted", blockLength: timed.firstBlock, requests: timed.seen, inParts: timed.seen <= timed.firstBlock });
    if (counts.outOfOrder > 0) notices.push({ kind: "co-out-of-order", count: counts.outOfOrder });
  } else if (timed !== undefined) {
    found = detectOmission(timed.sorted(), raw.digits);
  }
  if (found === undefined) {
    if (apply) throw new AnalysisError({ kind: "co-no-start-times" });
    return { notices: [] };
  }
  const { verdict, backfilled } = found;
  // From the recorders, not the percentiles shown: the ratios are the same whichever a command shows.
  const ratioAt = (percentile: number) => (backfilled === undefined ? 1 : ratio(recorderPercentile(backfilled, percentile), recorderPercentile(raw, percentile)));
  const detection: DetectionFigures = {
    detected: verdict.loop === "closed" && found.stalls > 0,
    verdict,
    senderColumn: found.senderColumn,
    ...(found.senders === undefined ? {} : { senders: found.senders }),
    expectedIntervalNs: found.expectedIntervalNs,
    ...(found.intervalRangeNs === undefined ? {} : { intervalRangeNs: found.intervalRangeNs }),
    stalls: found.stalls,
    longestStallNs: found.longestStallNs,
    omittedEstimate: found.omittedEstimate,
    backfillCount: backfilled?.syntheticCount ?? 0,
    p99Ratio: ratioAt(99),
    p999Ratio: ratioAt(99.9),
  };
  if (detection.detected && !apply && Math.max(detection.p99Ratio, detection.p999Ratio) >= WARN_RATIO) notices.push({ kind: "co-detected", detection });
  if (!apply) return { detection, notices };
  // Only a closed loop omits requests: an open one, or one that cannot be told, has nothing to back-fill.
  if (backfilled === undefined) return { detection, notices, refused: verdict };
  const corrected = figures("inferred-interval", found.expectedIntervalNs, backfilled);
  return { detection, corrected: found.requestIntervals ? { ...corrected, requestIntervals: found.requestIntervals } : corrected, notices };
}
