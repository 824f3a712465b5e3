/**
 * Coordinated-omission correction per group. The correction is the one made for all requests together (same
 * method, same intervals, same schedule per connection); each corrected value goes to the group of the request it
 * came from, so the groups' corrected histograms add up to the corrected histogram of all requests.
 */
import type { Group } from "../core/group-recorder.js";
import { LatencyRecorder } from "../core/recorder.js";
import type { TimedSamples, TimedSeries } from "../core/timed-samples.js";
import type { CorrectedFigures } from "./correction.js";
import { responseTimes, scheduledSeries } from "./schedule.js";
import { recordBackfilled } from "./co-detect.js";

/** Each group's corrected recorder, in the order of `groups`; undefined when nothing was corrected. */
export function correctGroups(corrected: CorrectedFigures | undefined, groups: readonly Group[], timed: TimedSamples | undefined): LatencyRecorder[] | undefined {
  if (corrected === undefined) return undefined;
  const intervalNs = corrected.expectedIntervalNs;
  switch (corrected.method) {
    case "expected-interval":
      return groups.map((g) => g.atRecord!);
    case "expected-interval-after":
      return groups.map((g) => g.raw.correctedAfter(intervalNs));
    case "schedule":
      return routeTimed(groups, scheduledSeries(timed!.sorted(), intervalNs), (series) => {
        const responses = responseTimes(series, intervalNs);
        return (i, recorder) => {
          if (series.failed?.[i] !== 1) recorder.record(responses[i]!, 0);
        };
      });
    case "inferred-interval": {
      // Each request back-filled at its sender's interval, as detection did for all of them.
      let seriesIndex = 0;
      return routeTimed(groups, timed!.sorted(), (series) => {
        const intervals = corrected.requestIntervals![seriesIndex++]!;
        return (i, recorder) => recordBackfilled(recorder, series, i, intervals[i]!);
      });
    }
  }
}

type SeriesRecording = (i: number, recorder: LatencyRecorder) => void;

/** Records every timed request, as `perSeries` says, into the recorder of the group it is tagged with. */
function routeTimed(
  groups: readonly Group[],
  allSeries: readonly TimedSeries[],
  perSeries: (series: TimedSeries) => SeriesRecording | undefined,
): LatencyRecorder[] {
  const recorders = groups.map((g) => new LatencyRecorder(g.raw.digits));
  for (const series of allSeries) {
    const record = perSeries(series);
    if (record === undefined) continue;
    const tags = series.tags!;
    for (let i = 0; i < tags.length; i++) record(i, recorders[tags[i]!]!);
  }
  return recorders;
}
