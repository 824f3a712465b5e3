/** Reads inputs for the commands that work on time intervals: interval histograms, timed samples, everything. */
import type { IntervalSources } from "../analyses/log-intervals.js";
import type { RecordedInput } from "../analyses/report.js";
import type { TimedValues } from "../analyses/windows.js";
import { UserError } from "../base/errors.js";
import { GroupRecorder } from "../core/group-recorder.js";
import { IntervalCollector } from "../core/intervals.js";
import { LatencyRecorder } from "../core/recorder.js";
import { MAX_TIMED_SAMPLES, type TimedSeries, TimedSamples } from "../core/timed-samples.js";
import type { InputFlags } from "./input-options.js";
import { readInputs } from "./read-inputs.js";
import { warn } from "./terminal.js";

/** The inputs as read, and what a time line is built from. */
export interface ReadTimeLine {
  inputs: RecordedInput[];
  sources: IntervalSources;
  /** Every sample with a start time, per connection/worker (`--per`), in start order. */
  series: TimedSeries[];
}

/** A group's values as an interval log tag, which can hold no spaces or commas (`GET /a` → `GET_/a`). */
function tagOf(values: readonly string[]): string {
  return values.join("|").replace(/[\s,]+/g, "_");
}

/** Each series cut by group (its samples' tags), each part tagged with its group's name. */
function splitByGroup(series: readonly TimedSeries[], groups: GroupRecorder): TimedValues[] {
  const names = groups.groups.map((group) => tagOf(group.values));
  const renamed = groups.groups.flatMap((group, i) => (group.values.join("|") === names[i] ? [] : [`"${group.values.join("|")}" as ${names[i]}`]));
  if (renamed.length > 0) warn(`interval log tags hold no spaces or commas: writing ${renamed.slice(0, 3).join(", ")}${renamed.length > 3 ? ", …" : ""}`);
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
 * Reads `files` (stdin when none) into a recorder each, and into the sources of a time line; with `groupBy`, the
 * samples with start times are tagged by group (one `Tag=` per group in a written log).
 */
export async function readTimeLine(files: string[], flags: InputFlags, groupBy: readonly string[] = []): Promise<ReadTimeLine> {
  const collector = new IntervalCollector();
  const timed = new TimedSamples(groupBy.length > 0);
  const groups = groupBy.length > 0 ? new GroupRecorder({ names: groupBy, digits: flags.sigDigits, backfillIntervalNs: 0, timed }) : undefined;
  const inputs = await readInputs(files, flags, () => new LatencyRecorder(flags.sigDigits), [collector, groups ?? timed]);
  if (timed.overflowed) {
    throw new UserError(`more than ${MAX_TIMED_SAMPLES.toLocaleString("en-US")} requests with start times to put in intervals`, "convert the input in parts and merge their logs (latstat merge): the intervals are the same");
  }
  const raw = new LatencyRecorder(flags.sigDigits);
  for (const input of inputs) raw.add(input.recorder);
  // TimedSamples counts the values of interval histograms as untimed too; they have their intervals' times.
  const inHistograms = collector.intervals.reduce((n, interval) => n + interval.counts.total, 0);
  const series = timed.sorted();
  const values = groups !== undefined ? splitByGroup(series, groups) : series.map(({ startsNs, latenciesNs }) => ({ startsNs, valuesNs: latenciesNs }));
  const logs = inputs.filter((input) => input.format === "hlog").length;
  return { inputs, series, sources: { logIntervals: collector.intervals, logs, timed: values, untimed: timed.untimed - inHistograms, raw } };
}
