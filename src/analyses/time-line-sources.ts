/** What a time line is made of, from what was read: interval histograms, and samples with start times (by group). */
import type { SignificantDigits } from "../core/histogram.js";
import type { GroupRecorder } from "../core/group-recorder.js";
import { MAX_GROUP_VALUE_LENGTH } from "../core/group-key.js";
import type { FailureTimes } from "../core/failure-times.js";
import type { IntervalCollector } from "../core/intervals.js";
import { LatencyRecorder } from "../core/recorder.js";
import type { TimedSamples, TimedSeries } from "../core/timed-samples.js";
import type { IntervalSources } from "./log-intervals.js";
import type { NoticeSink } from "./notices.js";
import type { RecordedInput } from "./report.js";
import type { TimedValues } from "./windows.js";

/** The start times of failed requests, when the inputs tell failures (see core/failure-times.ts). */
export interface FailureStarts {
  startsNs: Float64Array;
  /** Index for index: 1 where the failure was left out of the histogram (so not in a window's count). */
  leftOut: Uint8Array;
  /** Failed requests without a start time. */
  untimed: number;
}

/** The sources of a time line, and every sample with a start time per connection/worker (`--per`), in start order. */
export interface TimeLineSources {
  sources: IntervalSources;
  series: TimedSeries[];
  /** Absent when not asked for, or when no input tells whether its requests failed (no status, success flag or error). */
  failures?: FailureStarts;
}

/**
 * A group's values as an interval log tag: a tag ends at a comma or white space, and a control character would
 * break the line or reach a terminal, so each run of them is written as `_` (`GET /a` → `GET_/a`).
 */
function tagOf(values: readonly string[]): string {
  return values.join("|").replace(/[\s,\u0000-\u001f\u007f-\u009f]+/g, "_");
}

/**
 * Every group's tag, one per group: a tag another group already has (`GET /a` and `GET_/a`, or two values that differ
 * only in control characters) gets `_2`, `_3`… so that no two groups are written, and read back, as one.
 * Groups whose values are a tag as they stand keep them.
 */
function uniqueTags(groups: GroupRecorder): string[] {
  const wanted = groups.groups.map((group) => tagOf(group.values));
  const taken = new Set(wanted.filter((tag, i) => tag === groups.groups[i]!.values.join("|")));
  return wanted.map((tag, i) => {
    if (tag === groups.groups[i]!.values.join("|")) return tag;
    let unique = tag;
    for (let n = 2; taken.has(unique); n++) unique = `${tag}_${n}`;
    taken.add(unique);
    return unique;
  });
}

/** Each series cut by group (its samples' tags), each part tagged with its group's name. */
function splitByGroup(series: readonly TimedSeries[], groups: GroupRecorder, say: NoticeSink): TimedValues[] {
  const names = uniqueTags(groups);
  const renamed = groups.groups.flatMap((group, i) => (group.values.join("|") === names[i] ? [] : [{ group: group.values.join("|"), tag: names[i]! }]));
  if (renamed.length > 0) say({ kind: "tags-renamed", renamed });
  if (groups.cutValues > 0) say({ kind: "group-values-cut", count: groups.cutValues, maxLength: MAX_GROUP_VALUE_LENGTH });
  return series.flatMap(({ startsNs, latenciesNs, tags }) => {
    // One pass over the series: each sample's index goes to its group's list.
    const byGroup = names.map((): number[] => []);
    for (let i = 0; i < tags!.length; i++) byGroup[tags![i]!]!.push(i);
    return byGroup.flatMap((mine, index) =>
      mine.length === 0 ? [] : [{ tag: names[index]!, startsNs: Float64Array.from(mine, (i) => startsNs[i]!), valuesNs: Float64Array.from(mine, (i) => latenciesNs[i]!) }],
    );
  });
}

/**
 * The time line's sources of the inputs read into `intervals` and `line` (start times, tagged by group through
 * `line.groups` when grouped: one `Tag=` per group in a written log; failures' start times when they were kept).
 */
export function timeLineSources(
  inputs: readonly RecordedInput[],
  intervals: IntervalCollector,
  line: { timed: TimedSamples; failures?: FailureTimes; groups?: GroupRecorder },
  digits: SignificantDigits,
  say: NoticeSink,
): TimeLineSources {
  const raw = new LatencyRecorder(digits);
  for (const input of inputs) raw.add(input.recorder);
  // TimedSamples counts the values of interval histograms as untimed too; they have their intervals' times.
  const inHistograms = intervals.intervals.reduce((n, interval) => n + interval.counts.total, 0);
  const series = line.timed.sorted();
  const values = line.groups !== undefined ? splitByGroup(series, line.groups, say) : series.map(({ startsNs, latenciesNs }) => ({ startsNs, valuesNs: latenciesNs }));
  const logs = inputs.filter((input) => input.format === "hlog").length;
  const failures = line.failures !== undefined && inputs.some((input) => input.accounting.failuresKnown()) ? line.failures : undefined;
  return {
    series,
    sources: { logIntervals: intervals.intervals, logs, timed: values, untimed: line.timed.untimed - inHistograms, raw },
    ...(failures ? { failures: { startsNs: failures.startsNs, leftOut: failures.leftOut, untimed: failures.untimed } } : {}),
  };
}
