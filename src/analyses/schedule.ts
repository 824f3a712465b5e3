/**
 * wrk2's intended-schedule correction. At a constant rate R, the i-th request (in start order, per key, or of all
 * keys when they share one schedule: see `sharesOneSchedule`) should have been sent at t0 + i/R. What its user saw
 * — the response time — runs from that intended start to the logged completion (start + latency); the logged
 * latency is only the service time. A request sent earlier than intended (a catch-up burst) is never counted as
 * faster than its service time. A failed request took its slot of the schedule, but is not recorded (failures are
 * left out of the histogram).
 */
import type { SignificantDigits } from "../core/histogram.js";
import { MAX_LATENCY_NS } from "../base/units.js";
import { LatencyRecorder } from "../core/recorder.js";
import type { TimedSeries } from "../core/timed-samples.js";
import { stableOrder } from "../core/start-order.js";
import type { TimedValues } from "./windows.js";
import { intendedStarts } from "./schedule-anchors.js";

/**
 * Response time of each request of a series against the schedule `intervalNs` apart, from its first start, taken
 * up again after sends the sender skipped (schedule-anchors.ts); and how many it skipped.
 */
export function scheduledResponses(series: TimedSeries, intervalNs: number): { responses: Float64Array; skipped: number } {
  const { startsNs, latenciesNs } = series;
  // A sender column's key is one sender, each request sent after the one before it ended; "" is all of them.
  const { intendedNs, skipped } = intendedStarts(startsNs, latenciesNs, intervalNs, series.key !== "");
  const responses = new Float64Array(startsNs.length);
  for (let i = 0; i < startsNs.length; i++) {
    const completion = startsNs[i]! + latenciesNs[i]!;
    responses[i] = Math.max(latenciesNs[i]!, Math.min(MAX_LATENCY_NS, Math.round(completion - intendedNs[i]!)));
  }
  return { responses, skipped };
}

/** The response times of `scheduledResponses`. */
export function responseTimes(series: TimedSeries, intervalNs: number): Float64Array {
  return scheduledResponses(series, intervalNs).responses;
}

/**
 * Whether the senders keep one schedule between them rather than one each: they sent about as many requests in
 * all as one schedule at the rate has slots over their span (at most 1.2 times as many), and were idle at times
 * between their requests (busy under BEHIND_BUSY_SHARE of it) — k6's arrival-rate VUs, each handed the next start
 * of one schedule when free, or connections that each sent their share of the rate. Senders on a schedule each
 * send that many times more; and when they fall behind it (an overloaded wrk2 connection sends as fast as
 * responses come back), they are busy all the time, however few they sent.
 */
const BEHIND_BUSY_SHARE = 0.9;

export function sharesOneSchedule(allSeries: readonly TimedSeries[], intervalNs: number): boolean {
  if (allSeries.length < 2) return false;
  let requests = 0;
  let busyNs = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const { startsNs, latenciesNs } of allSeries) {
    requests += startsNs.length;
    for (const latency of latenciesNs) busyNs += latency;
    first = Math.min(first, startsNs[0] ?? Infinity);
    last = Math.max(last, startsNs.at(-1) ?? -Infinity);
  }
  const perSchedule = requests / ((last - first) / intervalNs + 1);
  const busyShare = busyNs / (allSeries.length * Math.max(last - first, intervalNs));
  return perSchedule <= 1.2 && busyShare < BEHIND_BUSY_SHARE;
}

/** The series `--rate` puts on schedules: each sender's, or all as one when they share one (`sharesOneSchedule`). */
export function scheduledSeries(allSeries: readonly TimedSeries[], intervalNs: number): readonly TimedSeries[] {
  return sharesOneSchedule(allSeries, intervalNs) ? [merged(allSeries)] : allSeries;
}

/** Every series' requests as one, in start order (ties in the order given), tags with them when they have them. */
function merged(allSeries: readonly TimedSeries[]): TimedSeries {
  const concat = (pick: (s: TimedSeries) => Float64Array) => {
    const total = allSeries.reduce((n, s) => n + pick(s).length, 0);
    const out = new Float64Array(total);
    let at = 0;
    for (const s of allSeries) {
      out.set(pick(s), at);
      at += pick(s).length;
    }
    return out;
  };
  const { sortedKeys, order } = stableOrder(concat((s) => s.startsNs));
  const latencies = concat((s) => s.latenciesNs);
  const tagged = allSeries.every((s) => s.tags !== undefined) ? concat((s) => s.tags!) : undefined;
  const inOrder = (values: Float64Array) => Float64Array.from(order, (i) => values[i]!);
  const merged: TimedSeries = { key: "", startsNs: sortedKeys, latenciesNs: inOrder(latencies), ...(tagged ? { tags: inOrder(tagged) } : {}) };
  if (allSeries.some((s) => s.failed !== undefined)) {
    const failed = concat((s) => Float64Array.from(s.failed ?? new Uint8Array(s.startsNs.length)));
    merged.failed = Uint8Array.from(order, (i) => failed[i]!);
  }
  return merged;
}

/**
 * Response times of every key's requests that did not fail, each key on its own schedule at `intervalNs`; and the
 * sends the senders skipped, in all (see schedule-anchors.ts).
 */
export function recordResponseTimes(allSeries: readonly TimedSeries[], intervalNs: number, digits: SignificantDigits): { recorder: LatencyRecorder; skipped: number } {
  const recorder = new LatencyRecorder(digits);
  let skipped = 0;
  for (const series of allSeries) {
    const scheduled = scheduledResponses(series, intervalNs);
    const { responses } = scheduled;
    skipped += scheduled.skipped;
    const failed = series.failed;
    if (failed === undefined) recorder.values(responses, responses.length);
    else for (let i = 0; i < responses.length; i++) if (failed[i] !== 1) recorder.record(responses[i]!);
  }
  return { recorder, skipped };
}

/** A series' response times with their starts and failure marks, for windows on a time line (windows.ts). */
export function scheduledValues(series: TimedSeries, intervalNs: number): TimedValues {
  return { startsNs: series.startsNs, valuesNs: responseTimes(series, intervalNs), ...(series.failed ? { failed: series.failed } : {}) };
}
