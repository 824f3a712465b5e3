/**
 * wrk2's intended-schedule correction. At a constant rate R, the i-th request (in start order, per key) should
 * have been sent at t0 + i/R. What its user saw — the response time — runs from that intended start to the
 * logged completion (start + latency); the logged latency is only the service time. A request sent earlier
 * than intended (a catch-up burst) is never counted as faster than its service time.
 */
import type { SignificantDigits } from "../core/histogram.js";
import { MAX_LATENCY_NS } from "../base/units.js";
import { LatencyRecorder } from "../core/recorder.js";
import type { TimedSeries } from "../core/timed-samples.js";

/** Response time of each request of a series against the schedule `intervalNs` apart, from its first start. */
export function responseTimes(series: TimedSeries, intervalNs: number): Float64Array {
  const { startsNs, latenciesNs } = series;
  const responses = new Float64Array(startsNs.length);
  const firstStart = startsNs[0] ?? 0;
  for (let i = 0; i < startsNs.length; i++) {
    const intended = firstStart + i * intervalNs;
    const completion = startsNs[i]! + latenciesNs[i]!;
    responses[i] = Math.max(latenciesNs[i]!, Math.min(MAX_LATENCY_NS, Math.round(completion - intended)));
  }
  return responses;
}

/** Response times of every key's requests, each key on its own schedule at `intervalNs`. */
export function recordResponseTimes(allSeries: readonly TimedSeries[], intervalNs: number, digits: SignificantDigits): LatencyRecorder {
  const recorder = new LatencyRecorder(digits);
  for (const series of allSeries) {
    const responses = responseTimes(series, intervalNs);
    recorder.values(responses, responses.length);
  }
  return recorder;
}
