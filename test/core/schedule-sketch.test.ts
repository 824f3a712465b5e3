import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectOmission, detectOmissionFromCounts } from "../../src/analyses/co-detect.js";
import { MAX_DISTINCT_GAPS, MAX_SCHEDULES, ScheduleSketches } from "../../src/core/schedule-sketch.js";
import { TimedSamples } from "../../src/core/timed-samples.js";

interface Request {
  key: string;
  startNs: number;
  latencyNs: number;
}

/** Requests of a few senders in start order: mostly on a schedule of whole microseconds, now and then a stall. */
const requests = fc
  .array(
    fc.record({
      key: fc.constantFrom("a", "b", "c"),
      gapUs: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(1000, 1000, 1001, 999) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 50_000 }) }),
      // Mostly shorter than a sender's gaps (a closed loop), sometimes longer (overlaps: an open one).
      latencyNs: fc.integer({ min: 1, max: 2_500_000 }),
    }),
    { minLength: 2, maxLength: 400 },
  )
  .map((steps) => {
    let startNs = 1.7e18;
    return steps.map(({ key, gapUs, latencyNs }): Request => ({ key, startNs: (startNs += gapUs * 1000), latencyNs }));
  });

/**
 * The same without two starts at one time. The step start times are written in is read off the first block
 * (`startsStep`: some starts sharing a time show it), and a part's first block is not the whole read's: with blocks
 * of a few requests, two starts at one time in one and not the other decide different steps. Detection reads it
 * off 32,768 starts, where a step shows in every block alike; the property below is of the counts adding up.
 */
const distinctStartRequests = requests
  .map((batch) => batch.filter((r, i) => i === 0 || r.startNs !== batch[i - 1]!.startNs))
  .filter((batch) => batch.length >= 2);

function feed(store: TimedSamples, batch: readonly Request[]): TimedSamples {
  for (const r of batch) store.sample(r);
  return store;
}

const figures = (found: ReturnType<typeof detectOmission>) =>
  found && {
    verdict: found.verdict,
    interval: found.expectedIntervalNs,
    stalls: found.stalls,
    longest: found.longestStallNs,
    omitted: found.omittedEstimate,
    senders: found.senders,
  };

describe("ScheduleSketches", () => {
  it("give the interval, stalls and omitted requests that every start kept one by one gives", () => {
    fc.assert(
      fc.property(requests, fc.integer({ min: 2, max: 50 }), (batch, block) => {
        const exact = detectOmission(feed(new TimedSamples(), batch).sorted(), 3);
        const sketching = feed(new TimedSamples(false, block, 3), batch);
        const counts = sketching.detectionCounts();
        if (batch.length <= block) {
          expect(counts).toBeUndefined();
          return;
        }
        const counted = detectOmissionFromCounts(counts!, 3);
        expect(figures(counted)).toEqual(figures(exact));
        expect(counts!.kind === "sender-column" && counts!.overlaps.reduce((n, sender) => n + sender.requests, 0)).toBe(batch.length);
      }),
      { numRuns: 300 },
    );
  });

  it("add up across parts read apart, as if read in one go", () => {
    fc.assert(
      fc.property(distinctStartRequests, fc.nat(), fc.integer({ min: 2, max: 30 }), (batch, at, block) => {
        const cut = at % batch.length;
        const whole = feed(new TimedSamples(false, block, 3), batch);
        const first = feed(new TimedSamples(false, block, 3), batch.slice(0, cut));
        first.absorb(feed(new TimedSamples(false, block, 3), batch.slice(cut)).state());
        const [a, b] = [whole.detectionCounts(), first.detectionCounts()];
        expect(b === undefined).toBe(a === undefined);
        if (a !== undefined) expect(figures(detectOmissionFromCounts(b!, 3))).toEqual(figures(detectOmissionFromCounts(a, 3)));
      }),
      { numRuns: 300 },
    );
  });

  it("count a start that comes before the end of an earlier block as out of order, with no gap", () => {
    const sketches = new ScheduleSketches(3);
    sketches.addBlock("", Float64Array.of(3e6, 1e6, 2e6), Float64Array.of(1, 1, 1));
    sketches.addBlock("", Float64Array.of(2.5e6, 4e6), Float64Array.of(1, 1));
    const [schedule] = sketches.schedules()!;
    expect(schedule!.outOfOrder).toBe(1);
    expect([...schedule!.gaps]).toEqual([[1e6, 3]]);
  });

  it("take a later block given first as out of order, not as overlapping requests", () => {
    const sketches = new ScheduleSketches(3);
    // One sender every 10 ms, 2 ms each: the second half of its requests comes first.
    const starts = Float64Array.from({ length: 100 }, (_, i) => 1.7e18 + i * 1e7);
    const latencies = new Float64Array(100).fill(2e6);
    sketches.addBlock("w1", starts.subarray(50), latencies.subarray(50));
    sketches.addBlock("w1", starts.subarray(0, 50), latencies.subarray(0, 50));
    expect(sketches.overlaps()).toMatchObject([{ requests: 100, overlapping: 0 }]);
    expect([...sketches.schedules()!][0]!.outOfOrder).toBe(50);
  });

  it("give up, and say so, past MAX_DISTINCT_GAPS distinct gap lengths", () => {
    const sketches = new ScheduleSketches(3);
    const starts = Float64Array.from({ length: MAX_DISTINCT_GAPS + 2 }, (_, i) => (i * (i + 1)) / 2 * 1e3);
    sketches.addBlock("", starts, new Float64Array(starts.length).fill(1));
    expect(sketches.schedules()).toBeUndefined();
  });
});

describe("ScheduleSketches' bounds", () => {
  it("give up, and say why, past MAX_SCHEDULES keys (a key per request)", () => {
    const sketches = new ScheduleSketches(3);
    for (let i = 0; i <= MAX_SCHEDULES; i++) sketches.addBlock(`request-${i}`, Float64Array.of(i), Float64Array.of(1));
    expect(sketches.schedules()).toBeUndefined();
    expect(sketches.gaveUp).toEqual({ kind: "keys", limit: 16_384 });
  });
});

describe("detection's counts with a key per connection", () => {
  it("give up for too many keys when the first block already holds more than MAX_SCHEDULES, as counting them would", () => {
    // A block of 2 × MAX_SCHEDULES requests, one key per connection (two requests on some), then one more.
    const block = 2 * MAX_SCHEDULES;
    const store = new TimedSamples(false, block, 3);
    for (let i = 0; i <= block; i++) store.sample({ key: `198.51.100.${i % 200}:${1024 + Math.floor(i / 1.5)}`, startNs: 1.7e18 + i * 1e6, latencyNs: 5e5 });
    expect(store.detectionCounts()).toBeUndefined();
    expect(store.countsGaveUp).toEqual({ kind: "keys", limit: MAX_SCHEDULES });
    const sketches = new ScheduleSketches(3);
    sketches.expectKeys(MAX_SCHEDULES);
    expect(sketches.gaveUp).toBeUndefined();
    sketches.expectKeys(MAX_SCHEDULES + 1);
    expect(sketches.gaveUp).toEqual({ kind: "keys", limit: MAX_SCHEDULES });
  });
});

describe("detection by sender column, kept one by one and in counts", () => {
  const exact = (batch: readonly Request[]) => detectOmission(feed(new TimedSamples(), batch).sorted(), 3)!;
  const counted = (batch: readonly Request[]) => detectOmissionFromCounts(feed(new TimedSamples(false, 1000, 3), batch).detectionCounts()!, 3);

  it("find nothing omitted among many short connections: each sender's one gap is its own interval", () => {
    // 5,000 connections of two requests 2 ms apart (1 ms each), opened 0.1 ms apart: 10,000 requests.
    const batch: Request[] = [];
    for (let c = 0; c < 5000; c++) {
      const key = `203.0.113.${c % 250}:${20000 + c}`;
      for (const k of [0, 1]) batch.push({ key, startNs: 1.7e18 + c * 1e5 + k * 2e6, latencyNs: 1e6 });
    }
    batch.sort((a, b) => a.startNs - b.startNs);
    for (const found of [exact(batch), counted(batch)]) {
      expect(found.verdict).toEqual({ loop: "closed", evidence: { kind: "sender-column", senders: 5000, overlapping: 0 } });
      expect(figures(found)).toMatchObject({ interval: 2e6, stalls: 0, longest: 0, omitted: 0, senders: 5000 });
    }
  });

  it("find a few long senders' stall: one gap of 100 ms on a 10 ms schedule hid 9 requests", () => {
    // 4 senders every 10 ms (2 ms each), phases 2.5 ms apart; sender 0's 501st response takes 95 ms, and its next
    // request starts 100 ms after that one, then every 10 ms again.
    const batch: Request[] = [];
    for (let s = 0; s < 4; s++) {
      for (let k = 0; k < 1000; k++) {
        const late = s === 0 && k > 500 ? 90e6 : 0;
        batch.push({ key: `w${s}`, startNs: 1.7e18 + s * 2.5e6 + k * 1e7 + late, latencyNs: s === 0 && k === 500 ? 95e6 : 2e6 });
      }
    }
    batch.sort((a, b) => a.startNs - b.startNs);
    for (const found of [exact(batch), counted(batch)]) {
      expect(found.verdict.loop).toBe("closed");
      expect(figures(found)).toMatchObject({ interval: 1e7, stalls: 1, longest: 1e8, omitted: 9, senders: 4 });
    }
  });
});
