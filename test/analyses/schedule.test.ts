import { describe, expect, it } from "vitest";
import { recordResponseTimes, responseTimes, scheduledResponses, scheduledSeries, sharesOneSchedule } from "../../src/analyses/schedule.js";
import type { TimedSeries } from "../../src/core/timed-samples.js";
import { simulateRate, type RateOptions, type ScheduledRequest } from "../helpers/sender-sim.js";

const ms = 1e6;
const series = (key: string, starts: number[], latencies: number[]) => ({
  key,
  startsNs: Float64Array.from(starts.map((s) => s * ms)),
  latenciesNs: Float64Array.from(latencies.map((l) => l * ms)),
});

describe("intended-schedule correction", () => {
  it("measures from the intended start to the completion", () => {
    // 10 ms schedule: request 1 was held up 50 ms by request 0's 60 ms response.
    const s = series("", [0, 60, 70, 80], [60, 5, 5, 5]);
    expect([...responseTimes(s, 10 * ms)].map((r) => r / ms)).toEqual([60, 55, 55, 55]);
  });

  it("never makes a catch-up request faster than its service time", () => {
    // Sent at 5 ms though intended at 10 ms: response stays at the 3 ms service time, not 3 − 5.
    const s = series("", [0, 5, 20], [2, 3, 4]);
    expect([...responseTimes(s, 10 * ms)].map((r) => r / ms)).toEqual([2, 3, 4]);
  });

  it("keeps one schedule per key", () => {
    const a = series("a", [0, 100], [100, 1]);
    const b = series("b", [50, 60], [1, 1]);
    const { recorder } = recordResponseTimes([a, b], 10 * ms, 3);
    // a's second request was intended at 10 ms and completed at 101 ms; b stays on its own schedule.
    expect(recorder.count).toBe(4);
    expect(recorder.maxNs).toBe(100 * ms);
    expect(responseTimes(a, 10 * ms)[1]! / ms).toBe(91);
    expect([...responseTimes(b, 10 * ms)].map((r) => r / ms)).toEqual([1, 1]);
  });

  it("takes senders that sent at the rate between them (k6's arrival-rate VUs) as one schedule, not one each", () => {
    // One start every 10 ms for 1 s, round robin over 4 VUs, 5 ms each: on a 10 ms schedule each, VU 4's 25th
    // request would be 0.75 s late.
    const vus = [0, 1, 2, 3].map((vu) => series(`vu${vu}`, Array.from({ length: 25 }, (_, i) => (4 * i + vu) * 10), Array(25).fill(5)));
    expect(sharesOneSchedule(vus, 10 * ms)).toBe(true);
    const [one] = scheduledSeries(vus, 10 * ms);
    expect(one!.startsNs.length).toBe(100);
    expect([...responseTimes(one!, 10 * ms)].every((r) => r === 5 * ms)).toBe(true);
    expect(recordResponseTimes(scheduledSeries(vus, 10 * ms), 10 * ms, 3).recorder.maxNs).toBe(5 * ms);
    // Two connections each on its own 10 ms schedule (wrk2's): twice the starts of one schedule, each kept apart.
    const own = [0, 1].map((c) => series(`c${c}`, Array.from({ length: 100 }, (_, i) => i * 10 + c * 5), Array(100).fill(5)));
    expect(sharesOneSchedule(own, 10 * ms)).toBe(false);
    expect(scheduledSeries(own, 10 * ms)).toBe(own);
    // One sender is its own schedule.
    expect(sharesOneSchedule([vus[0]!], 10 * ms)).toBe(false);
    // Two connections that each sent their share of the rate (every 20 ms for one request per 10 ms in all), busy 60%
    // of the time: not behind a schedule of their own at the rate (one behind sends back to back), so one schedule.
    const shares = [0, 1].map((c) => series(`c${c}`, Array.from({ length: 50 }, (_, i) => i * 20 + c * 10), Array(50).fill(12)));
    expect(sharesOneSchedule(shares, 10 * ms)).toBe(true);
    expect(recordResponseTimes(scheduledSeries(shares, 10 * ms), 10 * ms, 3).recorder.maxNs).toBe(12 * ms);
    // Overloaded wrk2 connections meant for 10 ms each, behind it: they sent fewer than one schedule's worth each,
    // but back to back, busy all the time — each keeps its own schedule (merged, their lateness would vanish).
    const behind = [0, 1, 2, 3].map((c) => series(`c${c}`, Array.from({ length: 40 }, (_, i) => i * 25 + c), Array(40).fill(25)));
    expect(sharesOneSchedule(behind, 10 * ms)).toBe(false);
    expect(Math.max(...responseTimes(behind[0]!, 10 * ms)) / ms).toBe(25 + 39 * 15);
  });
});

describe("a schedule whose senders skipped sends", () => {
  /** Each sender's requests as a sender column gives them (key = sender), in start order. */
  const bySender = (requests: readonly ScheduledRequest[]): TimedSeries[] =>
    [...new Set(requests.map((r) => r.sender))].map((sender) => {
      const own = requests.filter((r) => r.sender === sender);
      return { key: `vu${sender}`, startsNs: Float64Array.from(own, (r) => r.startNs), latenciesNs: Float64Array.from(own, (r) => r.latencyNs) };
    });
  /** Each of `actual` within a microsecond of `expected` (the times are to the microsecond; epoch doubles to 256 ns). */
  const within1us = (actual: number[], expected: number[]) => {
    expect(actual).toHaveLength(expected.length);
    expect(Math.max(...actual.map((a, i) => Math.abs(a - expected[i]!)))).toBeLessThanOrEqual(1000);
  };
  /** What each request's user saw, by construction: from the start its slot meant to its completion. */
  const truth = (requests: readonly ScheduledRequest[]) => requests.map((r) => Math.max(r.latencyNs, r.startNs + r.latencyNs - r.intendedNs));
  /** The response times latstat gives, in start order over all senders, and the sends it says were skipped. */
  function scheduled(options: RateOptions) {
    const { requests, skipped } = simulateRate(options);
    const intervalNs = options.intervalMs * ms;
    const all = scheduledSeries(bySender(requests), intervalNs);
    expect(all).toHaveLength(1);
    const found = scheduledResponses(all[0]!, intervalNs);
    return { requests, skipped, responses: [...found.responses], found: found.skipped };
  }
  const stalls = [
    { atMs: 15_000, forMs: 1500 },
    { atMs: 32_000, forMs: 1200 },
    { atMs: 48_000, forMs: 2000 },
  ];

  it("k6's constant-arrival-rate with too few VUs drops iterations: each request's response time is its own, the drops counted", () => {
    // 200/s over at most 50 VUs: each stall holds every VU, and the slots meanwhile are dropped.
    const { requests, skipped, responses, found } = scheduled({ seed: 41, sends: "drop", vus: 50, intervalMs: 5, durationMs: 60_000, latencyMedianMs: 8, stalls });
    expect(skipped).toBeGreaterThan(500);
    // Every request started on its slot: what its user saw is its latency, however many slots were dropped before it.
    within1us(responses, truth(requests));
    expect(found).toBe(skipped);
  });

  it("a ticker that skips the ticks it missed while waiting: each request's response time is its own, the skips counted", () => {
    const { requests, skipped, responses, found } = scheduled({ seed: 42, sends: "skip", intervalMs: 50, durationMs: 60_000, latencyMedianMs: 8, stalls });
    expect(skipped).toBeGreaterThan(80);
    within1us(responses, truth(requests));
    expect(found).toBe(skipped);
  });

  it("a wrk2 connection that catches up after each stall: its lateness is counted as wrk2 counts it, nothing skipped", () => {
    const { requests, skipped, responses, found } = scheduled({ seed: 43, sends: "catch-up", intervalMs: 10, durationMs: 60_000, latencyMedianMs: 5, stalls });
    expect(skipped).toBe(0);
    const expected = truth(requests);
    // The stalls made some requests late by more than a second: those are the response times wrk2 reports.
    expect(expected.filter((t, i) => t > requests[i]!.latencyNs + 1e9).length).toBeGreaterThan(100);
    within1us(responses, expected);
    expect(found).toBe(0);
  });

  it("a wrk2 connection that never keeps up (responses slower than its interval) falls further behind: all of it counted", () => {
    const { requests, responses, found } = scheduled({ seed: 44, sends: "catch-up", intervalMs: 10, durationMs: 20_000, latencyMedianMs: 12, latencySigma: 0.1 });
    const expected = truth(requests);
    expect(expected.at(-1)! - requests.at(-1)!.latencyNs).toBeGreaterThan(2e9);
    within1us(responses, expected);
    expect(found).toBe(0);
  });
});
