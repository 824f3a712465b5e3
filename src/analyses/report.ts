/** The data of a `latstat report`: what was read, and the summary of all inputs together and of each. */
import { LineAccounting } from "../ingest/accounting.js";
import type { InputResult } from "../ingest/ingest.js";
import type { GivenInput } from "../ingest/read-inputs.js";
import { LatencyRecorder } from "../core/recorder.js";
import type { UnitChoice } from "../formats/types.js";
import type { CorrectedFigures, DetectionFigures } from "./correction.js";
import type { GroupsData } from "./groups.js";
import type { MiseryData } from "./misery.js";
import type { SloData } from "./slo.js";
import { withStatedMoments } from "./stated-moments.js";
import { summarizeInput, summarizeRecorder, type Summary } from "./summary.js";
import type { WithFailures } from "./with-failures.js";

/** Where the figures of an interval log come from: its StartTime and the selected range. */
export interface HlogRange {
  /** The log's StartTime, seconds since the epoch (0 when it has none). */
  startTimeSec: number;
  /** `--start`, seconds after StartTime (0 by default). */
  rangeStartSec: number;
  /** `--end`; undefined for no end. */
  rangeEndSec: number | undefined;
}

export interface ReportData {
  /** Every input given, in order: those read and those left out as empty (or blank), which added nothing. */
  files: string[];
  /** Format name, or several joined with "+" when inputs differ. */
  format: string;
  /** Unit assumed for unsuffixed numbers, when every input agrees. */
  assumedUnit: UnitChoice | undefined;
  /** Each input's unit, in the order of `files`, to say which differ when they do. */
  inputUnits?: (UnitChoice | undefined)[];
  accounting: LineAccounting;
  /** Everything together. */
  total: Summary;
  /** One per input, in input order (only when asked for with --per-file). */
  perFile: { name: string; summary: Summary }[];
  /** Everything together, to render distributions from (hgrm). */
  recorder: LatencyRecorder;
  /** Coordinated-omission corrected figures, when a correction was asked for. */
  corrected?: CorrectedFigures;
  /** True when reading was interrupted (Ctrl-C): the figures cover only the lines read before. */
  partial?: boolean;
  /** Inputs that say they hold only part of their data (logs an interrupted latstat wrote): so do the figures. */
  partialInputs?: string[];
  /** Coordinated-omission detection from start times (`--co auto`). */
  detection?: DetectionFigures;
  /** A row per group (`--group-by`). */
  groups?: GroupsData;
  /** Requests, windows and sessions over the threshold (`--threshold`). */
  misery?: MiseryData;
  /** The SLO view (`--slo`). */
  slo?: SloData;
  /** The percentiles with failed requests counted as slower than any success; absent when failures are unknown or recorded. */
  withFailures?: WithFailures;
  /** For interval-log inputs: the first log's StartTime and the selected range (for the `.hgrm` header). */
  hlog?: HlogRange;
}

/** What was read, as reports and checks describe it before their figures. */
export type InputDescription = Pick<ReportData, "files" | "format" | "assumedUnit" | "inputUnits" | "accounting">;

/** An input as read, with the recorder its samples went to. */
export interface RecordedInput extends InputResult {
  recorder: LatencyRecorder;
}

/**
 * The report of the inputs read; `given` are all the inputs, those left out as empty among them (by default, the
 * inputs read): each is a file of the report, and with `perFile` a summary of no request.
 */
export function buildReport(
  inputs: RecordedInput[],
  percentileLabels: readonly string[],
  perFile: boolean,
  given: readonly GivenInput<LatencyRecorder>[] = inputs.map((read) => ({ name: read.name, read })),
): ReportData {
  const accounting = new LineAccounting();
  const recorder = new LatencyRecorder(inputs[0]!.recorder.digits);
  for (const input of inputs) {
    accounting.add(input.accounting);
    recorder.add(input.recorder);
  }
  const units = new Set(inputs.map((i) => (i.unit ? `${i.unit.unit}/${i.unit.source}` : "")));
  const recorderOf = (input: GivenInput<LatencyRecorder>) => input.read?.recorder ?? new LatencyRecorder(recorder.digits);
  return {
    files: given.map((i) => i.name),
    format: [...new Set(inputs.map((i) => i.format))].join("+"),
    assumedUnit: units.size === 1 ? inputs[0]!.unit : undefined,
    inputUnits: given.map((i) => i.read?.unit),
    accounting,
    total: withStatedMoments(summarizeRecorder(recorder, percentileLabels), inputs),
    perFile: perFile ? given.map((i) => ({ name: i.name, summary: withStatedMoments(summarizeInput(recorderOf(i), percentileLabels), i.read === undefined ? [] : [i.read]) })) : [],
    recorder,
  };
}
