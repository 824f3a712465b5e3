/** What a time line is made of, from what was read: interval histograms, and samples with start times (by group). */
import { CONTROL_CHARACTERS } from "../base/errors.js";
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
const TAG_BREAKERS = new RegExp(`[\\s,${CONTROL_CHARACTERS}]+`, "g");
function tagOf(values: readonly string[]): string {
  return values.join("|").replace(TAG_BREAKERS, "_");
}

/** FNV-1a (32 bits) of a string's UTF-16 code units, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * Every group's tag, one per group. Groups whose values are a tag as they stand keep them; the others are written
 * as `tagOf` makes them and `~` and the hash of their values (`GET /a,b` → `GET_/a_b~22918913`): the same value gets
 * the same tag in every file, so shards converted apart merge group by group, and `GET /a b` beside it, or `GET_/a_b`
 * itself, is another tag. (A tag another group already has all the same — two hashes alike — gets `_2`, `_3`….)
 */
function uniqueTags(groups: GroupRecorder): string[] {
  const joined = groups.groups.map((group) => group.values.join("|"));
  const wanted = joined.map((values) => (tagOf([values]) === values ? values : `${tagOf([values])}~${fnv1a(values)}`));
  const taken = new Set(wanted.filter((tag, i) => tag === joined[i]));
  return wanted.map((tag, i) => {
    if (tag === joined[i]) return tag;
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
  return series.flatMap(({ startsNs, latenciesNs, tags, failed }) => {
    // One pass over the series: each sample's index goes to its group's list.
    const byGroup = names.map((): number[] => []);
    for (let i = 0; i < tags!.length; i++) byGroup[tags![i]!]!.push(i);
    return byGroup.flatMap((mine, index) => {
      if (mine.length === 0) return [];
      const values: TimedValues = { tag: names[index]!, startsNs: Float64Array.from(mine, (i) => startsNs[i]!), valuesNs: Float64Array.from(mine, (i) => latenciesNs[i]!) };
      if (failed !== undefined) values.failed = Uint8Array.from(mine, (i) => failed[i]!);
      return [values];
    });
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
  const values = line.groups !== undefined ? splitByGroup(series, line.groups, say) : series.map(({ startsNs, latenciesNs, failed }) => ({ startsNs, valuesNs: latenciesNs, ...(failed ? { failed } : {}) }));
  const logs = inputs.filter((input) => input.format === "hlog").length;
  const failures = line.failures !== undefined && inputs.some((input) => input.accounting.failuresKnown()) ? line.failures : undefined;
  return {
    series,
    sources: { logIntervals: intervals.intervals, logs, timed: values, untimed: line.timed.untimed - inHistograms, raw },
    ...(failures ? { failures: { startsNs: failures.startsNs, leftOut: failures.leftOut, untimed: failures.untimed } } : {}),
  };
}
