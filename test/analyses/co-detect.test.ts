import { describe, expect, it } from "vitest";
import { detectOmission, detectOmissionFromCounts } from "../../src/analyses/co-detect.js";
import { DETECTION_BLOCK, TimedSamples } from "../../src/core/timed-samples.js";
import { pooled, simulate, trueFigures, truncatedStarts, type SimRequest } from "../helpers/sender-sim.js";

const ms = 1e6;
/** One sender named `key`, every `intervalMs`, waiting for each response; the request at `stallAt` takes `stallMs`. */
function steady(key: string, count: number, intervalMs: number, latencyMs: number, stallAt?: number, stallMs = 0) {
  const starts: number[] = [];
  const latencies: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    starts.push(1.7e18 + t * ms);
    const latency = i === stallAt ? stallMs : latencyMs;
    latencies.push(latency * ms);
    t += Math.max(intervalMs, latency);
  }
  return { key, startsNs: Float64Array.from(starts), latenciesNs: Float64Array.from(latencies) };
}

describe("detectOmission with a sender column", () => {
  it("finds nothing in a sender that kept its schedule", () => {
    const found = detectOmission([steady("c1", 1000, 10, 2)], 3)!;
    expect(found.verdict).toEqual({ loop: "closed", evidence: { kind: "sender-column", senders: 1, overlapping: 0 } });
    expect(found).toMatchObject({ expectedIntervalNs: 10 * ms, stalls: 0, omittedEstimate: 0 });
    expect(found.backfilled!.syntheticCount).toBe(0);
  });

  it("finds a stall, its length and the requests it hid", () => {
    const found = detectOmission([steady("c1", 1000, 10, 2, 500, 2000)], 3)!;
    expect(found).toMatchObject({ stalls: 1, longestStallNs: 2000 * ms, omittedEstimate: 199 });
    // Back-fill of the 2 s response at 10 ms: 199 synthetic values.
    expect(found.backfilled!.syntheticCount).toBe(199);
  });

  it("infers an interval per sender and reports their median", () => {
    const found = detectOmission([steady("a", 100, 10, 1), steady("b", 100, 30, 1), steady("c", 100, 20, 1)], 3)!;
    expect(found).toMatchObject({ senders: 3, expectedIntervalNs: 20 * ms });
  });

  it("a sender with one request is recorded, not back-filled", () => {
    const found = detectOmission([steady("a", 100, 10, 1), steady("b", 1, 10, 500)], 3)!;
    expect(found.backfilled!.count).toBe(101);
    expect(found.backfilled!.syntheticCount).toBe(0);
  });

  it("a sender whose requests overlap does not wait for responses: an open loop, nothing omitted", () => {
    // Every 10 ms whatever the responses, each 25 ms: the next request always starts before the last one ended.
    const starts = Float64Array.from({ length: 200 }, (_, i) => 1.7e18 + i * 10 * ms);
    const found = detectOmission([{ key: "client", startsNs: starts, latenciesNs: new Float64Array(200).fill(25 * ms) }], 3)!;
    expect(found.verdict).toEqual({ loop: "open", evidence: { kind: "sender-overlap", overlapping: 199, requests: 200 } });
    expect(found).toMatchObject({ stalls: 0, omittedEstimate: 0 });
    expect(found.backfilled).toBeUndefined();
  });

  it("judges each sender apart: closed threads beside an open-loop probe are corrected, the probe left as it is", () => {
    // A stall of 500 ms from 1,000 ms: each closed thread's request then waits it out; the probe keeps sending every
    // 5 ms, and each of its requests in the stall waits until the stall's end.
    const stallStart = 1000;
    const stallEnd = 1500;
    const closed = ["t1", "t2", "t3", "t4"].map((key, k) => {
      const starts: number[] = [];
      const latencies: number[] = [];
      for (let t = k * 2.5; t < 3000; ) {
        const latency = t >= stallStart && t < stallEnd ? stallEnd - t : 2;
        starts.push(1.7e18 + t * ms);
        latencies.push(latency * ms);
        t += Math.max(10, latency);
      }
      return { key, startsNs: Float64Array.from(starts), latenciesNs: Float64Array.from(latencies) };
    });
    const probeStarts = Float64Array.from({ length: 600 }, (_, i) => 1.7e18 + i * 5 * ms);
    const probeLatencies = Float64Array.from({ length: 600 }, (_, i) => (i * 5 >= stallStart && i * 5 < stallEnd ? stallEnd - i * 5 : 2) * ms);
    const probe = { key: "probe", startsNs: probeStarts, latenciesNs: probeLatencies };
    const found = detectOmission([...closed, probe], 3)!;
    // The probe's requests from 1,000 to 1,495 ms each overlap the next: 99 of 600, in the old count of all senders'
    // requests together under 1% of ~1,800 would have passed for rounding, and all five been back-filled.
    expect(found.verdict).toEqual({ loop: "closed", evidence: { kind: "sender-column", senders: 4, overlapping: 0, open: { senders: 1, requests: 600, overlapping: 99 } } });
    expect(found.expectedIntervalNs).toBe(10 * ms);
    expect(found.stalls).toBe(4);
    // The threads wait 500, 497.5, 495 and 492.5 ms; back-filled at 10 ms, each gives the values from latency − 10
    // down to 10 (49, 48, 48 and 48 of them). None for the probe.
    expect(found.backfilled!.syntheticCount).toBe(49 + 48 + 48 + 48);
    expect([...found.requestIntervals!.at(-1)!].every((interval) => interval === 0)).toBe(true);
  });

  it("a clock stepped back 100 ms makes a few of each sender's requests overlap: the senders still wait", () => {
    // 20 senders every 40 ms (20 ms requests); at 5 s every clock steps back 100 ms, a 2 s stall at 8 s.
    const senders = Array.from({ length: 20 }, (_, k) => {
      const starts: number[] = [];
      const latencies: number[] = [];
      for (let t = k * 2; t < 15_000; ) {
        const latency = t >= 8000 && t < 10_000 ? 10_000 - t + 20 : 20;
        starts.push(1.7e18 + (t >= 5000 ? t - 100 : t) * ms);
        latencies.push(latency * ms);
        t += Math.max(40, latency);
      }
      // In start order, as detection takes them (the step puts a few starts before earlier ones).
      const order = starts.map((_, i) => i).sort((a, b) => starts[a]! - starts[b]!);
      return { key: `t${k}`, startsNs: Float64Array.from(order, (i) => starts[i]!), latenciesNs: Float64Array.from(order, (i) => latencies[i]!) };
    });
    const found = detectOmission(senders, 3)!;
    expect(found.verdict).toMatchObject({ loop: "closed", evidence: { kind: "sender-column", senders: 20 } });
    expect(found.stalls).toBe(20);
  });

  it("a sender whose requests overlap 1% of the time (an open schedule through short stalls) does not wait", () => {
    // Every 20 ms; a 100 ms stall every 2 s holds up the requests in it, each overlapping the next: 1 in 100 of them.
    const starts = Float64Array.from({ length: 10_000 }, (_, i) => 1.7e18 + i * 20 * ms);
    const latencies = Float64Array.from({ length: 10_000 }, (_, i) => ((i % 100) < 1 ? 100 : 2) * ms);
    const found = detectOmission([{ key: "client", startsNs: starts, latenciesNs: latencies }], 3)!;
    expect(found.verdict).toEqual({ loop: "open", evidence: { kind: "sender-overlap", overlapping: 100, requests: 10_000 } });
    expect(found.backfilled).toBeUndefined();
  });

  it("a stall at the end of the log is a stall: the last response held its sender to the end", () => {
    const found = detectOmission([steady("c1", 100, 10, 2, 99, 1500)], 3)!;
    expect(found).toMatchObject({ stalls: 1, longestStallNs: 1500 * ms, omittedEstimate: 149 });
    expect(found.backfilled!.syntheticCount).toBe(149);
  });

  /** Requests at `[start, latency]` ms as one sender column's series, by sender. */
  function bySender(requests: { sender: string; startMs: number; latencyMs: number }[]) {
    const keys = [...new Set(requests.map((r) => r.sender))];
    return keys.map((key) => {
      const mine = requests.filter((r) => r.sender === key).sort((a, b) => a.startMs - b.startMs);
      return { key, startsNs: Float64Array.from(mine, (r) => 1.7e18 + r.startMs * ms), latenciesNs: Float64Array.from(mine, (r) => r.latencyMs * ms) };
    });
  }
  /** Each request's latency under a server that makes no progress from `stallMs` for `lengthMs`. */
  const stalled = (startMs: number, stallMs: number, lengthMs: number, serviceMs: number) =>
    startMs >= stallMs && startMs < stallMs + lengthMs ? stallMs + lengthMs - startMs + serviceMs : serviceMs;

  it("senders that each wait but share an open schedule (k6's arrival-rate VUs) are an open loop: requests piled up and starts went on", () => {
    // A start every 10 ms for 30 s, handed to the lowest free VU (a new one when none is free); a 2 s stall at 10 s.
    const requests: { sender: string; startMs: number; latencyMs: number }[] = [];
    const freeAt: number[] = [];
    for (let startMs = 0; startMs < 30_000; startMs += 10) {
      const latencyMs = stalled(startMs, 10_000, 2000, 5);
      let vu = freeAt.findIndex((t) => t <= startMs);
      if (vu < 0) vu = freeAt.push(0) - 1;
      freeAt[vu] = startMs + latencyMs;
      requests.push({ sender: `vu${vu + 1}`, startMs, latencyMs });
    }
    const found = detectOmission(bySender(requests), 3)!;
    expect(freeAt.length).toBeGreaterThan(150);
    expect(found.verdict).toMatchObject({ loop: "open", evidence: { kind: "pile-up" } });
    expect(found.backfilled).toBeUndefined();
  });

  it("a pool's senders past the first block of start times, counted rather than kept, are an open loop too (judged on the whole log)", () => {
    // As above, for 400 s: 40,000 requests, more than detection keeps one by one; a stall at 350 s only, after them.
    const timed = TimedSamples.forDetection(3);
    const freeAt: number[] = [];
    for (let startMs = 0; startMs < 400_000; startMs += 10) {
      const latencyMs = stalled(startMs, 350_000, 2000, 5);
      let vu = freeAt.findIndex((t) => t <= startMs);
      if (vu < 0) vu = freeAt.push(0) - 1;
      freeAt[vu] = startMs + latencyMs;
      timed.sample({ latencyNs: latencyMs * ms, startNs: 1.7e18 + startMs * ms, key: `vu${vu + 1}` });
    }
    expect(timed.overflowed).toBe(true);
    const found = detectOmissionFromCounts(timed.detectionCounts()!, 3);
    expect(found.verdict).toMatchObject({ loop: "open", evidence: { kind: "pile-up" } });
    expect(found.backfilled).toBeUndefined();
  });

  it("closed-loop threads with think time that all end up waiting through a stall stay a closed loop", () => {
    // 50 threads, 5 ms requests after 1 s of think time each, phases spread; a 4 s stall at 10 s holds every one.
    const requests: { sender: string; startMs: number; latencyMs: number }[] = [];
    for (let thread = 0; thread < 50; thread++) {
      for (let startMs = thread * 20; startMs < 30_000; ) {
        const latencyMs = stalled(startMs, 10_000, 4000, 5);
        requests.push({ sender: `t${thread}`, startMs, latencyMs });
        startMs += latencyMs + 1000;
      }
    }
    const found = detectOmission(bySender(requests), 3)!;
    expect(found.verdict).toMatchObject({ loop: "closed", evidence: { kind: "sender-column", senders: 50 } });
    expect(found.stalls).toBe(50);
  });

  it("needs a start time", () => {
    expect(detectOmission([{ key: "", startsNs: new Float64Array(0), latenciesNs: new Float64Array(0) }], 3)).toBeUndefined();
  });
});

/** Detection as a large log with a sender column gets it: kept one by one up to a block, then counted block by block. */
function counted(requests: readonly SimRequest[], into = TimedSamples.forDetection(3)): TimedSamples {
  for (const r of requests) into.sample({ startNs: r.startNs, latencyNs: r.latencyNs, key: `c${r.sender}` });
  return into;
}

/** Requests per sender, in start order, as `detectOmission` takes a sender column's. */
function perSender(requests: readonly SimRequest[]) {
  const senders = [...new Set(requests.map((r) => r.sender))];
  return senders.map((sender) => {
    const own = requests.filter((r) => r.sender === sender).sort((a, b) => a.startNs - b.startNs);
    return { key: `c${sender}`, startsNs: Float64Array.from(own, (r) => r.startNs), latenciesNs: Float64Array.from(own, (r) => r.latencyNs) };
  });
}

describe("a sender column past the first block of start times: the pool rule judged where the stalls are", () => {
  // Poisson arrivals at 300/s for 200 s handed to a pool of keep-alive connections; the server stalls once, for
  // 1.5 s at 150 s, long after the first 32,768 requests. By construction an open loop: nothing was omitted.
  const arrivals = pooled(simulate({ seed: 31, senders: { kind: "poisson", ratePerSec: 300 }, durationMs: 200_000, latencyMedianMs: 8, stall: { atMs: 150_000, forMs: 1500 } }));
  const firstStalled = arrivals.findIndex((r) => r.latencyNs > 1e9);

  it("the log is what the case needs: the stall after the first block, connections that never overlap, many of them", () => {
    expect(firstStalled).toBeGreaterThan(DETECTION_BLOCK);
    for (const { startsNs, latenciesNs } of perSender(arrivals)) {
      for (let i = 1; i < startsNs.length; i++) expect(startsNs[i]!).toBeGreaterThanOrEqual(startsNs[i - 1]! + latenciesNs[i - 1]!);
    }
    expect(new Set(arrivals.map((r) => r.sender)).size).toBeGreaterThan(100);
  });

  it("Poisson arrivals over a connection pool, stalled once after the first block: open, nothing omitted", () => {
    const found = detectOmissionFromCounts(counted(arrivals).detectionCounts()!, 3);
    expect(found.verdict).toMatchObject({ loop: "open", evidence: { kind: "pile-up" } });
    expect(found).toMatchObject({ stalls: 0, omittedEstimate: 0 });
    expect(found.backfilled).toBeUndefined();
  });

  it("the same read in two parts on two threads, the stall in the second: open", () => {
    const first = counted(arrivals.slice(0, 40_000));
    first.absorb(counted(arrivals.slice(40_000)).state());
    const found = detectOmissionFromCounts(first.detectionCounts()!, 3);
    expect(found.verdict).toMatchObject({ loop: "open", evidence: { kind: "pile-up" } });
  });

  it("the same log kept one by one gives the same verdict", () => {
    expect(detectOmission(perSender(arrivals), 3)!.verdict).toMatchObject({ loop: "open", evidence: { kind: "pile-up" } });
  });

  it("16 paced threads, each waiting, stalled only after the first block: closed, with the true senders' omitted requests", () => {
    const requests = simulate({ seed: 32, senders: { kind: "paced", senders: 16, periodMs: 50 }, durationMs: 150_000, latencyMedianMs: 8, stall: { atMs: 140_000, forMs: 1500 } });
    expect(requests.findIndex((r) => r.latencyNs > 1e9)).toBeGreaterThan(DETECTION_BLOCK);
    const found = detectOmissionFromCounts(counted(requests).detectionCounts()!, 3);
    expect(found.verdict).toMatchObject({ loop: "closed", evidence: { kind: "sender-column", senders: 16 } });
    const truth = trueFigures(requests);
    expect(found.stalls).toBe(truth.stalls);
    expect(Math.abs(found.omittedEstimate - truth.omitted)).toBeLessThanOrEqual(1);
  });
});

describe("a sender column with start times in whole seconds", () => {
  // 16 threads, each sending every 50 ms and waiting for its response; a 1.5 s stall at 20 s. A closed loop.
  const threads = simulate({ seed: 33, senders: { kind: "paced", senders: 16, periodMs: 50 }, durationMs: 40_000, latencyMedianMs: 8, stall: { atMs: 20_000, forMs: 1500 } });
  const wholeSeconds = truncatedStarts(threads, 1e9);

  it("cut to whole seconds, most requests seem to overlap the one before: too coarse to tell, nothing omitted", () => {
    // What the case is: cut down, a thread's next request seems to start before its previous response ended.
    const seeming = perSender(wholeSeconds).reduce((n, { startsNs, latenciesNs }) => n + startsNs.filter((start, i) => i > 0 && start < startsNs[i - 1]! + latenciesNs[i - 1]!).length, 0);
    expect(seeming).toBeGreaterThan(wholeSeconds.length / 2);
    const found = detectOmission(perSender(wholeSeconds), 3)!;
    expect(found.verdict).toMatchObject({ loop: "unknown", reason: { kind: "coarse-senders", resolutionNs: 1e9 } });
    // Each thread's mean gap: its 50 ms schedule, a little more for the sends the stall held up.
    const senderGapNs = found.verdict.loop === "unknown" && found.verdict.reason.kind === "coarse-senders" ? found.verdict.reason.senderGapNs : 0;
    expect(senderGapNs).toBeGreaterThan(50e6);
    expect(senderGapNs).toBeLessThan(55e6);
    expect(found).toMatchObject({ stalls: 0, omittedEstimate: 0 });
    expect(found.backfilled).toBeUndefined();
  });

  it("the same counted past the first block", () => {
    const long = truncatedStarts(simulate({ seed: 34, senders: { kind: "paced", senders: 16, periodMs: 50 }, durationMs: 120_000, latencyMedianMs: 8, stall: { atMs: 60_000, forMs: 1500 } }), 1e9);
    expect(long.length).toBeGreaterThan(DETECTION_BLOCK);
    expect(detectOmissionFromCounts(counted(long).detectionCounts()!, 3).verdict).toMatchObject({ loop: "unknown", reason: { kind: "coarse-senders", resolutionNs: 1e9 } });
  });

  it("to the microsecond, the same threads are a closed loop with the true senders' stalls", () => {
    const found = detectOmission(perSender(threads), 3)!;
    expect(found.verdict).toMatchObject({ loop: "closed" });
    expect(found.stalls).toBe(trueFigures(threads).stalls);
  });

  it("in 10 ms steps, five to a 50 ms send interval, a closed loop still", () => {
    expect(detectOmission(perSender(truncatedStarts(threads, 1e7)), 3)!.verdict).toMatchObject({ loop: "closed" });
  });

  it("overlaps longer than a second are overlaps all the same: an open schedule through a 3 s stall, in whole seconds, is open", () => {
    // One sender every 10 ms whatever the responses; the requests of the stall's first 2 s overlap the next by over 1 s.
    const open = truncatedStarts(simulate({ seed: 35, senders: { kind: "open", ratePerSec: 100 }, durationMs: 30_000, latencyMedianMs: 8, stall: { atMs: 10_000, forMs: 3000 } }), 1e9);
    expect(detectOmission(perSender(open), 3)!.verdict).toMatchObject({ loop: "open", evidence: { kind: "sender-overlap" } });
  });
});
