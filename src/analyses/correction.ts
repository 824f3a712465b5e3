/**
 * Coordinated-omission handling for a report: which correction the user asked for, and the corrected figures
 * or the detection it produces. Never changes the raw figures.
 */
import { UserError } from "../core/errors.js";
import type { SignificantDigits } from "../core/histogram.js";
import { LatencyRecorder } from "../core/recorder.js";
import { TimedSamples } from "../core/timed-samples.js";
import type { ScheduleCounts } from "../core/schedule-sketch.js";
import { detectOmission, detectOmissionFromCounts, type OmissionDetection } from "./co-detect.js";
import { recordResponseTimes } from "./schedule.js";
import { summarizeRecorder, type Summary } from "./summary.js";

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
}

export interface DetectionFigures {
  detected: boolean;
  expectedIntervalNs: number;
  stalls: number;
  longestStallNs: number;
  omittedEstimate: number;
  /** Send schedules inferred: one per `--per` key, or one for the whole log. */
  schedules: number;
  /** Back-filled p99 / raw p99 and the same for p99.9. */
  p99Ratio: number;
  p999Ratio: number;
}

export interface CorrectionResult {
  corrected?: CorrectedFigures;
  detection?: DetectionFigures;
  /** For stderr: e.g. the likely-coordinated-omission warning. */
  warnings: string[];
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
      return { timed: new TimedSamples(tagged) };
    case "auto":
      // Start times for detection alone go into counts past a block; the groups' corrections need them one by one.
      return { timed: tagged ? new TimedSamples(true) : TimedSamples.forDetection(digits) };
    case "off":
      return {};
  }
}

const ratio = (corrected: number, raw: number) => (raw > 0 ? corrected / raw : 1);

function percentileValue(summary: Summary, percentile: number, recorder: LatencyRecorder): number {
  return summary.percentiles.find((p) => p.percentile === percentile)?.valueNs ?? recorder.histogram().getValueAtPercentile(percentile);
}

export function applyCorrection(
  mode: CoMode,
  recorders: CorrectionRecorders,
  percentileLabels: readonly string[],
  formatDuration: (ns: number) => string,
): CorrectionResult {
  const { raw, atRecord, timed } = recorders;
  const digits = raw.digits;
  const figures = (method: CorrectionMethod, intervalNs: number, recorder: LatencyRecorder, labels = ["raw", "corrected"]) => ({
    method,
    expectedIntervalNs: intervalNs,
    syntheticCount: recorder.syntheticCount,
    rawLabel: labels[0]!,
    correctedLabel: labels[1]!,
    summary: summarizeRecorder(recorder, percentileLabels),
    recorder,
  });
  switch (mode.kind) {
    case "off":
      return { warnings: [] };
    case "expected-interval": {
      if (!mode.after) return { corrected: figures("expected-interval", mode.intervalNs, atRecord!), warnings: [] };
      return { corrected: figures("expected-interval-after", mode.intervalNs, raw.correctedAfter(mode.intervalNs)), warnings: [] };
    }
    case "schedule": {
      if (timed?.overflowed) {
        throw new UserError(
          `--rate keeps every request's start time in memory, and there are more than ${timed.limit.toLocaleString("en")}`,
          "split the input by time, or correct with --expected-interval, which needs no start times",
        );
      }
      if (timed === undefined || timed.timed === 0) {
        throw new UserError("--rate needs request start times", "name the start-time column or field with --time-column / --time-field");
      }
      const corrected = recordResponseTimes(timed.sorted(), mode.intervalNs, digits);
      const warnings = timed.untimed > 0 ? [`${timed.untimed} samples without a start time are left out of the response times`] : [];
      return { corrected: figures("schedule", mode.intervalNs, corrected, ["service time", "response time"]), warnings };
    }
    case "auto":
      return detect(mode.apply, raw, timed, percentileLabels, formatDuration, figures);
  }
}

/** What detection from counted gaps says of itself: how it was done, and the starts it could not place. */
function countedNotes(blockLength: number, schedules: readonly ScheduleCounts[]): string[] {
  const outOfOrder = schedules.reduce((sum, s) => sum + s.outOfOrder, 0);
  const notes = [
    `note: coordinated-omission check on more than ${blockLength.toLocaleString("en")} requests with start times: ` +
      "gaps between starts counted in blocks put in start order, back-fill applied after recording",
  ];
  if (outOfOrder > 0) notes.push(`note: ${outOfOrder.toLocaleString("en")} start times came before the end of an earlier block: their gaps are left out of the check`);
  return notes;
}

function detect(
  apply: boolean,
  raw: LatencyRecorder,
  timed: TimedSamples | undefined,
  percentileLabels: readonly string[],
  formatDuration: (ns: number) => string,
  figures: (method: CorrectionMethod, intervalNs: number, recorder: LatencyRecorder) => CorrectedFigures,
): CorrectionResult {
  const notes: string[] = [];
  let found: OmissionDetection | undefined;
  if (timed?.overflowed) {
    const schedules = timed.scheduleCounts();
    if (schedules === undefined) {
      const why = timed.sketchesGaveUp ?? `more than ${timed.limit.toLocaleString("en")} requests have start times, and detection keeps each in memory`;
      if (apply) throw new UserError(`--apply cannot infer the send interval: ${why}`, "correct with --expected-interval, which needs no start times");
      return { warnings: [`note: coordinated-omission check skipped: ${why} (--co off silences this; --expected-interval corrects without start times)`] };
    }
    found = detectOmissionFromCounts(schedules, raw.digits);
    notes.push(...countedNotes(timed.limit, schedules));
  } else if (timed !== undefined && timed.timed >= 2) {
    found = detectOmission(timed.sorted(), raw.digits);
  }
  if (found === undefined) {
    if (apply) throw new UserError("--apply needs request start times to infer the interval from", "name them with --time-column / --time-field");
    return { warnings: [] };
  }
  const rawSummary = summarizeRecorder(raw, percentileLabels);
  const backfilledSummary = summarizeRecorder(found.backfilled, percentileLabels);
  const p99Ratio = ratio(percentileValue(backfilledSummary, 99, found.backfilled), percentileValue(rawSummary, 99, raw));
  const p999Ratio = ratio(percentileValue(backfilledSummary, 99.9, found.backfilled), percentileValue(rawSummary, 99.9, raw));
  const detection: DetectionFigures = {
    detected: p99Ratio >= WARN_RATIO,
    expectedIntervalNs: found.expectedIntervalNs,
    stalls: found.stalls,
    longestStallNs: found.longestStallNs,
    omittedEstimate: found.omittedEstimate,
    schedules: found.schedules,
    p99Ratio,
    p999Ratio,
  };
  const warnings =
    detection.detected && !apply
      ? [
          `warning: likely coordinated omission — ${found.stalls.toLocaleString("en-US")} sender stalls (longest ${formatDuration(found.longestStallNs)}); ` +
            `corrected p99 would be ${p99Ratio.toFixed(1)}× raw; see --expected-interval`,
        ]
      : [];
  return { detection, corrected: apply ? figures("inferred-interval", found.expectedIntervalNs, found.backfilled) : undefined, warnings: [...notes, ...warnings] };
}
