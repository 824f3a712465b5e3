/** Reads inputs for the commands that work on time intervals: interval histograms, timed samples, everything. */
import type { IntervalSources } from "../analyses/log-intervals.js";
import type { RecordedInput } from "../analyses/report.js";
import type { SampleConsumer } from "../core/ingest.js";
import { IntervalCollector } from "../core/intervals.js";
import { LatencyRecorder } from "../core/recorder.js";
import { type TimedSeries, TimedSamples } from "../core/timed-samples.js";
import type { InputFlags } from "./input-options.js";
import { readInputs } from "./read-inputs.js";

/** The inputs as read, and what a time line is built from. */
export interface ReadTimeLine {
  inputs: RecordedInput[];
  sources: IntervalSources;
  /** Every sample with a start time, per connection/worker (`--per`), in start order. */
  series: TimedSeries[];
}

/** Reads `files` (stdin when none) into a recorder each, and into the sources of a time line. */
export async function readTimeLine(files: string[], flags: InputFlags, shared: readonly SampleConsumer[] = []): Promise<ReadTimeLine> {
  const collector = new IntervalCollector();
  const timed = new TimedSamples();
  const inputs = await readInputs(files, flags, () => new LatencyRecorder(flags.sigDigits), [collector, timed, ...shared]);
  const raw = new LatencyRecorder(flags.sigDigits);
  for (const input of inputs) raw.add(input.recorder);
  // TimedSamples counts the values of interval histograms as untimed too; they have their intervals' times.
  const inHistograms = collector.intervals.reduce((n, interval) => n + interval.counts.total, 0);
  const series = timed.sorted();
  const values = series.map(({ startsNs, latenciesNs }) => ({ startsNs, valuesNs: latenciesNs }));
  const logs = inputs.filter((input) => input.format === "hlog").length;
  return { inputs, series, sources: { logIntervals: collector.intervals, logs, timed: values, untimed: timed.untimed - inHistograms, raw } };
}
