/**
 * One way to read, for every command: the inputs read into the recorders its figures need, and the report of them
 * made whole — summary, coordinated-omission correction or detection, groups, misery, SLO — or the time line's
 * sources. Notices go to the sink as they arise (a long read says them when they happen, and a problem found later
 * does not swallow them); what cannot be done is thrown as an AnalysisError.
 */
import type { SignificantDigits } from "../core/histogram.js";
import { GroupRecorder } from "../core/group-recorder.js";
import { EarliestLogStart, IntervalCollector } from "../core/intervals.js";
import { LatencyRecorder } from "../core/recorder.js";
import type { SampleConsumer } from "../core/sample.js";
import { FailureTimes } from "../core/failure-times.js";
import { FailedLatencies } from "../core/failed-latencies.js";
import { MAX_TIMED_SAMPLES, TimedSamples } from "../core/timed-samples.js";
import { LineAccounting } from "../ingest/accounting.js";
import type { InputArg } from "../sources/open.js";
import type { InputResult } from "../ingest/ingest.js";
import { readInputs, type ReadHooks, type ReadInput, type ReadOptions } from "../ingest/read-inputs.js";
import type { BucketInput } from "./bucket-report.js";
import type { CheckGroups } from "./check.js";
import { applyCorrection, type CoMode, type CorrectionResult, correctionRecorders } from "./correction.js";
import { correctGroups } from "./group-correction.js";
import type { NoticeSink } from "./notices.js";
import { AnalysisError } from "./problems.js";
import { withFailuresOf } from "./with-failures.js";
import { buildReport, type RecordedInput, type ReportData } from "./report.js";
import type { ReportTimes } from "./report-timeline.js";
import { shapeNotices } from "./shapes.js";
import { zeroLatencyNotices } from "./zero-latencies.js";
import { timeLineSources, type TimeLineSources } from "./time-line-sources.js";
import { undatedAmongDated } from "./undated-logs.js";
import { whoRecorders, whoSuffered, type WhoOptions } from "./who-suffered.js";

/** Reading's hooks, with every notice of the run going to one sink. */
export interface RecordHooks extends ReadHooks {
  notice: NoticeSink;
}

/** What a command wants read and made of it. */
export interface RecordOptions {
  read: ReadOptions;
  hooks: RecordHooks;
  /** Histogram precision of the recorders (`--sig-digits`). */
  digits: SignificantDigits;
  /** Percentiles of the summaries, as written (`-p`). */
  percentiles: readonly string[];
  /** A summary per input besides the one of all of them. */
  perFile: boolean;
  correction: CoMode;
  /** The who-suffered figures to add to the report (`report`). */
  who?: WhoOptions;
  /** Groups to record without their figures, to judge budgets on (`check`); `who.groupBy` when `who` is given. */
  groupBy?: readonly string[];
  /**
   * Keep what a time line is made of: interval histograms, start times tagged by group when `groupBy` is set, and
   * with `failures` the failed requests' start times (for the failure rate per window).
   */
  timeLine?: { groupBy: readonly string[]; failures: boolean };
  /** Keep the first interval's StartTime, for the `.hgrm` header of an interval log's report (`report.hlog`). */
  hlogRange?: boolean;
  /** Keep what has times — start times one by one, log intervals, failures' start times — for the HTML page's time chart. */
  startTimes?: boolean;
  /** More consumers of every sample (the live view). */
  consumers?: readonly SampleConsumer[];
  /** Keep the latencies of the failed requests left out of the histogram, for budgets over every request (`check`). */
  failedLatencies?: boolean;
  /** Count failed requests at this latency in `withFailures` (`--failures-as`); else as slower than any success. */
  failuresAsNs?: number;
  /** The input's name, when a command reads its inputs one by one (compare, plot): it prefixes notices and problems. */
  side?: string;
  /**
   * Requests read that all failed are figures to judge (`check`: its failure budgets fail, its latency budgets have
   * no success to rest on), not `no-values`: a service that is down must fail a check, not make it an input error.
   */
  allFailedRead?: boolean;
}

/** Inputs of requests, and everything made of them. */
export interface RecordedRequests {
  kind: "requests";
  inputs: RecordedInput[];
  /** The report, whole. */
  report: ReportData;
  correction: CorrectionResult;
  /** Reading was interrupted: the figures cover what was read before. */
  partial: boolean;
  /** The groups with their corrected recorders, for budgets per group (`groupBy` or `who.groupBy`). */
  groups?: CheckGroups;
  /** The latencies of the failed requests left out of the report's figures (`failedLatencies`). */
  failedLatencies?: LatencyRecorder;
  /** What has times, for the HTML page's chart (`startTimes`): start times (its own or the correction's), log intervals, failures. */
  times?: ReportTimes;
  /** What the time line is made of (`timeLine`). */
  timeLine?: TimeLineSources;
}

/** Inputs of bucket counts (Prometheus histograms): nothing is made of them here (see bucket-report.ts). */
export interface RecordedBuckets {
  kind: "buckets";
  inputs: BucketInput[];
  /** Every input given, in order, those left out as empty among them (the report's `files`). */
  files: string[];
  partial: boolean;
}

export type Recorded = RecordedRequests | RecordedBuckets;

const NO_GROUPS: WhoOptions = { groupBy: [], sort: "name", sessionSizes: [] };

/** Reads `files` (stdin when none; a file name, `-` or a stream each) and makes what `options` asks for of them (see the file comment). */
export async function readRecorded(files: readonly InputArg[], options: RecordOptions): Promise<Recorded> {
  const { digits, hooks, side } = options;
  const who = options.who ?? { ...NO_GROUPS, groupBy: [...(options.groupBy ?? [])] };
  const extra = correctionRecorders(options.correction, digits, who.groupBy.length > 0);
  const recorders = whoRecorders(who, digits, extra);
  const intervals = options.timeLine !== undefined || options.startTimes === true ? new IntervalCollector() : undefined;
  // The `.hgrm` header needs the earliest StartTime, not every interval's counts.
  const earliestStart = options.hlogRange === true ? new EarliestLogStart() : undefined;
  const line = options.timeLine && timeLineRecorders(options.timeLine, digits);
  // With failures, as the correction's: its intervals per request (--apply) are drawn request for request.
  const ownStartTimes = options.startTimes === true && (extra.timed === undefined || extra.timed.sketching) ? TimedSamples.withFailures(false) : undefined;
  const failureTimes = options.startTimes === true ? new FailureTimes() : undefined;
  const failed = options.failedLatencies === true ? new FailedLatencies(digits) : undefined;
  const consumers = [...recorders.consumers, intervals, earliestStart, line?.groups ?? line?.timed, line?.failures, ownStartTimes, failureTimes, failed, ...(options.consumers ?? [])].filter((c) => c !== undefined);
  const { inputs, given } = await readInputs(files, options.read, hooks, () => new LatencyRecorder(digits), consumers);
  if (line?.timed.overflowed || line?.failures?.overflowed) throw new AnalysisError({ kind: "time-line-too-many", limit: MAX_TIMED_SAMPLES });
  // Following a log ends with Ctrl-C by design: what was read is the whole of it, once the reading has caught up
  // with what the file held when it began.
  const partial = hooks.signal?.aborted === true && (!options.read.follow || inputs.some((input) => input.catchUpCut === true));
  const buckets = bucketInputs(inputs);
  if (buckets !== undefined) return { kind: "buckets", inputs: buckets, files: given.map((input) => input.name), partial };
  const allFailed = options.allFailedRead === true && inputs.some((input) => input.accounting.failed > 0);
  if (inputs.every((input) => input.recorder.count === 0) && !allFailed) throw noValues(inputs, side, partial);

  const undated = undatedAmongDated(inputs);
  if (undated !== undefined) {
    // A time line would place the undated logs in 1970; the figures of the histograms added are right.
    if (options.timeLine !== undefined) throw new AnalysisError({ kind: "undated-logs", ...undated });
    hooks.notice({ kind: "undated-logs", ...undated });
  }
  const built = buildReport(inputs, options.percentiles, options.perFile, given);
  const withFailures = withFailuresOf(built.recorder, built.accounting, options.percentiles, options.failuresAsNs);
  const read = withFailures === undefined ? built : { ...built, withFailures };
  for (const notice of [...shapeNotices(inputs, digits), ...zeroLatencyNotices(built, given)]) hooks.notice(notice);
  const correction = applyCorrection(options.correction, { raw: read.recorder, ...extra }, options.percentiles);
  if (correction.refused !== undefined) throw new AnalysisError({ kind: "co-refused", verdict: correction.refused, input: side });
  for (const notice of correction.notices) hooks.notice(side === undefined ? notice : { ...notice, side });
  const logStartSec = earliestStart?.logStartSec;
  const hlog = logStartSec !== undefined ? { startTimeSec: logStartSec, rangeStartSec: options.read.decode.hlog?.startSec ?? 0, rangeEndSec: options.read.decode.hlog?.endSec } : undefined;
  const partialInputs = partialInputsOf(inputs);
  const corrected = { ...read, ...(partial ? { partial } : {}), ...(partialInputs.length > 0 ? { partialInputs } : {}), ...(hlog ? { hlog } : {}), corrected: correction.corrected, detection: correction.detection };
  const groups = recorders.groups && { recorder: recorders.groups, corrected: correctGroups(correction.corrected, recorders.groups.groups, extra.timed) };
  let report: ReportData = corrected;
  if (options.who !== undefined) {
    const { notices, ...figures } = whoSuffered(corrected, recorders, options.who, groups?.corrected);
    for (const notice of notices) hooks.notice(notice);
    report = { ...corrected, ...figures };
  }
  const timeLine = line && timeLineSources(inputs, intervals!, line, digits, hooks.notice);
  const times = failureTimes && reportTimes(inputs, intervals!, ownStartTimes ?? extra.timed, failureTimes, read.recorder);
  return {
    kind: "requests",
    inputs,
    report,
    correction,
    partial,
    ...(groups ? { groups } : {}),
    ...(failed ? { failedLatencies: failed.recorder } : {}),
    ...(times ? { times } : {}),
    ...(timeLine ? { timeLine } : {}),
  };
}

/** The names of the inputs that say they hold only part of their data. */
export function partialInputsOf(inputs: readonly InputResult[]): string[] {
  return inputs.filter((input) => input.markedPartial === true).map((input) => input.name);
}

/** What the inputs read have of times, for a report's time chart. */
function reportTimes(inputs: readonly RecordedInput[], intervals: IntervalCollector, timed: TimedSamples | undefined, failures: FailureTimes, raw: LatencyRecorder): ReportTimes {
  // Past its limit a FailureTimes has let every start time go: no failure line rather than a wrong one.
  const told = inputs.some((input) => input.accounting.failuresKnown()) && !failures.overflowed;
  const { startsNs, leftOut, untimed } = failures;
  return {
    ...(timed ? { timed } : {}),
    intervals: intervals.intervals,
    ...(told ? { failures: { startsNs, leftOut, untimed } } : {}),
    logs: inputs.filter((input) => input.format === "hlog").length,
    raw,
  };
}

/**
 * What keeps a time line's samples: start times, tagged by group through a GroupRecorder when grouped, and the
 * start times of the failed requests when asked for.
 */
function timeLineRecorders(
  { groupBy, failures: keepFailures }: NonNullable<RecordOptions["timeLine"]>,
  digits: SignificantDigits,
): { timed: TimedSamples; failures?: FailureTimes; groups?: GroupRecorder } {
  // A time line that tells failures keeps theirs among the start times: they took their slots of a `--rate` schedule
  // (the windows leave them out). A written log tells none, and needs none.
  const timed = keepFailures ? TimedSamples.withFailures(groupBy.length > 0) : new TimedSamples(groupBy.length > 0);
  const failures = keepFailures ? new FailureTimes() : undefined;
  const groups = groupBy.length > 0 ? new GroupRecorder({ names: [...groupBy], digits, backfillIntervalNs: 0, timed }) : undefined;
  return { timed, ...(failures ? { failures } : {}), ...(groups ? { groups } : {}) };
}

/** The inputs as bucket inputs when they all are; undefined when none is; a problem for a mix. */
function bucketInputs(inputs: readonly ReadInput<LatencyRecorder>[]): BucketInput[] | undefined {
  const bucketed = inputs.filter((i): i is ReadInput<LatencyRecorder> & BucketInput => i.buckets !== undefined);
  if (bucketed.length === 0) return undefined;
  const other = inputs.find((i) => i.buckets === undefined);
  if (other !== undefined) throw new AnalysisError({ kind: "buckets-mixed", requests: other.name, buckets: bucketed[0]!.name });
  return bucketed;
}

/** The problem of inputs that recorded nothing: what was read of them, together. */
function noValues(inputs: readonly RecordedInput[], side: string | undefined, interrupted: boolean): AnalysisError {
  const accounting = new LineAccounting();
  for (const input of inputs) accounting.add(input.accounting);
  return new AnalysisError({ kind: "no-values", accounting, ...(side === undefined ? {} : { input: side }), interrupted });
}
