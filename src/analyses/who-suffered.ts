/**
 * Who suffered (issue 7): the recorders `--group-by`, `--threshold`, `--interval`, `--session` and `--slo` need
 * while reading, and the groups, misery and SLO figures they make of it afterwards.
 */
import { FailureCounter } from "../core/failure.js";
import { GroupRecorder } from "../core/group-recorder.js";
import { NONE_VALUE, MAX_GROUP_VALUE_LENGTH } from "../core/group-key.js";
import { BucketLayout, type SignificantDigits } from "../core/histogram.js";
import type { LatencyRecorder } from "../core/recorder.js";
import type { SampleConsumer } from "../core/sample.js";
import { SessionRecorder } from "../core/session-recorder.js";
import { WindowRecorder } from "../core/window-recorder.js";
import type { SloBudget } from "./budget-grammar.js";
import { overThreshold } from "./count-below.js";
import type { CorrectionRecorders } from "./correction.js";
import { buildGroups, type GroupSort } from "./groups.js";
import { requestMisery, type MiseryData, type RequestMiseryOptions } from "./misery.js";
import type { ReportData } from "./report.js";
import { sessionMisery } from "./session-misery.js";
import { sloView, type SloFailures } from "./slo.js";
import { FAILED_SKIP_REASON } from "../ingest/accounting.js";
import { windowMisery } from "./window-misery.js";
import type { AnalysisNotice } from "./notices.js";
import { AnalysisError } from "./problems.js";

/** Worst sessions and burning windows listed when `--top` is not given. */
export const DEFAULT_WORST_SHOWN = 5;

/** What the who-suffered flags asked for. */
export interface WhoOptions {
  /** Group-by names (`--group-by`), in order; empty for no groups. */
  groupBy: string[];
  sort: GroupSort;
  /** `--top`: groups, worst sessions and burning windows shown; undefined shows every group. */
  top?: number;
  thresholdNs?: number;
  intervalNs?: number;
  /** Column or field naming sessions. */
  session?: string;
  /** Session sizes of the independence estimate, used without `session`. */
  sessionSizes: number[];
  slo?: SloBudget;
  /** `--slo-errors`: failed requests count as bad events (default) or are left out of the SLI. */
  sloErrors?: "bad" | "exclude";
}

/** The recorders of one run; `consumers` are handed every sample beside the per-input recorders. */
export interface WhoRecorders {
  groups?: GroupRecorder;
  windows?: WindowRecorder;
  sessions?: SessionRecorder;
  failures?: FailureCounter;
  consumers: SampleConsumer[];
}

/**
 * The recorders `options` need, and the correction's own: when the correction's start times are tagged with
 * groups (`--rate`, detection with `--apply`), the groups feed them, so that each sample's group is known to it.
 * Untagged (detection alone), they are fed as without groups, which leaves the groups portable: a large file is
 * then read on several threads.
 */
export function whoRecorders(options: WhoOptions, digits: SignificantDigits, correction: Omit<CorrectionRecorders, "raw">): WhoRecorders {
  const layout = new BucketLayout(digits);
  const recorders: WhoRecorders = { consumers: [] };
  const timedByGroups = options.groupBy.length > 0 && correction.timed?.isTagged === true;
  if (options.groupBy.length > 0) {
    const backfillIntervalNs = correction.atRecord?.backfillIntervalNs ?? 0;
    recorders.groups = new GroupRecorder({ names: options.groupBy, digits, backfillIntervalNs, timed: timedByGroups ? correction.timed : undefined });
  }
  if (options.intervalNs !== undefined) recorders.windows = new WindowRecorder(options.intervalNs, layout);
  if (options.thresholdNs !== undefined) {
    recorders.failures = new FailureCounter();
    if (options.session !== undefined) recorders.sessions = new SessionRecorder(overThreshold(layout, options.thresholdNs));
  }
  const { groups, windows, sessions, failures } = recorders;
  recorders.consumers = [correction.atRecord, groups, timedByGroups ? undefined : correction.timed, windows, sessions, failures].filter((c) => c !== undefined);
  return recorders;
}

/** Groups, misery and SLO figures for a report whose raw (and corrected) figures are built. */
export interface WhoFigures extends Pick<ReportData, "groups" | "misery" | "slo"> {
  /** Requests left out of windows or sessions, group-by names without values. */
  notices: AnalysisNotice[];
}

/** Makes the figures of a run from its recorders; `correctedGroups` are the groups' corrected recorders (correctGroups). */
export function whoSuffered(report: ReportData, recorders: WhoRecorders, options: WhoOptions, correctedGroups: LatencyRecorder[] | undefined): WhoFigures {
  const figures: WhoFigures = { notices: [] };
  const { thresholdNs } = options;
  const failuresKnown = (recorders.failures?.told ?? 0) > 0;
  const miseryOptions: RequestMiseryOptions | undefined =
    thresholdNs === undefined ? undefined : { thresholdNs, failuresKnown, sessionSizes: options.session === undefined ? options.sessionSizes : undefined };
  if (recorders.windows !== undefined) checkWindows(recorders.windows, figures.notices);
  if (recorders.groups !== undefined) {
    const groups = buildGroups(recorders.groups, correctedGroups, {
      percentileLabels: report.total.percentiles.map((p) => p.label),
      sort: options.sort,
      top: options.top,
      misery: miseryOptions,
      failuresKnown: report.accounting.failuresKnown(),
      ...(report.withFailures ? { withFailures: { failuresAsNs: report.withFailures.failuresAsNs } } : {}),
    });
    for (const name of groups.unseen) figures.notices.push({ kind: "group-unseen", name, none: NONE_VALUE });
    if (recorders.groups.cutValues > 0) figures.notices.push({ kind: "group-values-cut", count: recorders.groups.cutValues, maxLength: MAX_GROUP_VALUE_LENGTH });
    figures.groups = groups;
  }
  if (miseryOptions !== undefined && thresholdNs !== undefined) {
    const misery: MiseryData = { thresholdNs, requests: requestMisery(report.recorder, recorders.failures!, miseryOptions, report.corrected?.recorder) };
    if (recorders.windows !== undefined) misery.windows = windowMisery(recorders.windows, thresholdNs, failuresKnown);
    if (recorders.sessions !== undefined) misery.sessions = sessionMiseryOf(recorders.sessions, options, failuresKnown, figures.notices);
    figures.misery = misery;
  }
  if (options.slo !== undefined) {
    figures.slo = sloView(options.slo, options.top ?? DEFAULT_WORST_SHOWN, sloFailures(report, options.sloErrors), report.recorder, report.corrected?.recorder, recorders.windows);
  }
  return figures;
}

/** How failed requests count against the SLO: bad events unless excluded, by latency when they were recorded. */
function sloFailures(report: ReportData, errors: "bad" | "exclude" | undefined): SloFailures {
  const a = report.accounting;
  const leftOut = a.skippedByReason[FAILED_SKIP_REASON] ?? 0;
  if (!a.failuresKnown()) return { errors: "unknown", leftOut };
  if (leftOut !== a.failed) return { errors: "by-latency", leftOut };
  return { errors: errors === "exclude" ? "excluded" : "bad", leftOut };
}

/** Windows need start times: none is a usage error, some missing a warning. */
function checkWindows(windows: WindowRecorder, notices: AnalysisNotice[]): void {
  if (!windows.windows().some((w) => w.count > 0)) {
    throw new AnalysisError({ kind: "windows-no-start-times" });
  }
  if (windows.untimed > 0) notices.push({ kind: "windows-untimed", count: windows.untimed });
}

function sessionMiseryOf(sessions: SessionRecorder, options: WhoOptions, failuresKnown: boolean, notices: AnalysisNotice[]): ReturnType<typeof sessionMisery> {
  const field = options.session!;
  const misery = sessionMisery(sessions, field, options.top ?? DEFAULT_WORST_SHOWN, failuresKnown);
  if (misery === undefined) throw new AnalysisError({ kind: "no-sessions", field });
  if (sessions.missing > 0) notices.push({ kind: "sessions-missing", count: sessions.missing, field });
  return misery;
}
