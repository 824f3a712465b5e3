import { describe, expect, it } from "vitest";
import { canTellAnything, fingerprint, granularity, MIN_REQUESTS, tellsAnything } from "../../src/core/send-pattern.js";

const MS = 1e6;
const EPOCH = 1.7e18;

describe("granularity", () => {
  it("is the coarsest whole unit every value is a multiple of", () => {
    expect(granularity(Float64Array.of(EPOCH, EPOCH + 3e9, EPOCH + 7e9), EPOCH)).toBe(1e9);
    expect(granularity(Float64Array.of(EPOCH, EPOCH + 3e6, EPOCH + 7.001e9), EPOCH)).toBe(1e6);
    expect(granularity(Float64Array.of(0, 12_345_000, 7_000), 0)).toBe(1e3);
    expect(granularity(Float64Array.of(0, 12_345_678), 0)).toBe(1);
  });
});

/** A fixed pseudo-random fraction in [0, 1) for each i (a hash, so phases have no pattern of their own). */
function spread(i: number): number {
  let t = Math.imul(i ^ 0x5bd1e995, 0x85ebca6b);
  t ^= t >>> 13;
  t = Math.imul(t, 0xc2b2ae35);
  return ((t ^ (t >>> 16)) >>> 0) / 2 ** 32;
}

/** Every `periodMs` from each of `senders` phases (spread over the period, unevenly), each taking `latencyMs`. */
function paced(senders: number, periodMs: number, latencyMs: (i: number) => number, count: number) {
  const phases = Array.from({ length: senders }, (_, s) => Math.round(spread(s + 1) * periodMs * 1000) / 1000);
  return pacedAt(phases, periodMs, latencyMs, count);
}

/** Every `periodMs` from each of the phases (ms into the period), each taking `latencyMs`. */
function pacedAt(phases: number[], periodMs: number, latencyMs: (i: number) => number, count: number) {
  const starts: number[] = [];
  for (let k = 0; starts.length < count; k++) for (const phase of phases) starts.push(EPOCH + (k * periodMs + phase) * MS);
  starts.sort((a, b) => a - b);
  return { starts: Float64Array.from(starts.slice(0, count)), latencies: Float64Array.from(starts.slice(0, count), (_, i) => latencyMs(i) * MS) };
}

describe("fingerprint", () => {
  it("finds the period of paced senders and how many there are", () => {
    const { starts, latencies } = paced(5, 50, (i) => 2 + (i % 7), 2000);
    const found = fingerprint(starts, latencies);
    expect(found.pattern.kind).toBe("paced");
    if (found.pattern.kind !== "paced") return;
    expect(found.pattern.periodNs).toBeCloseTo(50 * MS, -4);
    expect(found.pattern.senders).toBe(5);
    expect(found.resolutionNs).toBe(1e3);
  });

  it("finds the period of paced senders whose phases happen to lie a like lag apart, not that lag", () => {
    // Phases at 0, 3 and 6 ms of 20: two starts in three have a start 3 ms before them, but only one in three a
    // start 6 ms before; every start has one 20 and 40 ms before.
    const { starts, latencies } = pacedAt([0, 3, 6], 20, (i) => 1 + (i % 3), 3000);
    const found = fingerprint(starts, latencies);
    expect(found.pattern).toMatchObject({ kind: "paced", senders: 3 });
    if (found.pattern.kind === "paced") expect(found.pattern.periodNs).toBeCloseTo(20 * MS, -4);
  });

  it("finds the period of evenly phased senders as one schedule every period / senders (even-phases.ts unfolds it)", () => {
    const { starts, latencies } = pacedAt([0, 5, 10, 15], 20, (i) => 1 + (i % 3), 3000);
    const found = fingerprint(starts, latencies);
    expect(found.pattern).toMatchObject({ kind: "paced", senders: 1 });
    if (found.pattern.kind === "paced") expect(found.pattern.periodNs).toBeCloseTo(5 * MS, -4);
  });

  it("finds the period of workers whose tickers fire together (hey -q), not the lag between them within a burst", () => {
    // Each tick is a burst: 4 workers 0.1 ms apart every 25 ms, and 16 workers spread over 1.5 ms every 100 ms.
    // Within a burst nearly every start has another 0.1 ms before it, and 0.2 ms before it too.
    for (const [phases, periodMs] of [[[0, 0.1, 0.2, 0.3], 25], [Array.from({ length: 16 }, (_, s) => s * 0.1), 100]] as const) {
      const { starts, latencies } = pacedAt([...phases], periodMs, (i) => 0.4 + (i % 5) / 10, 2000);
      const found = fingerprint(starts, latencies);
      expect(found.pattern).toMatchObject({ kind: "paced", senders: phases.length });
      // To within the burst's spread.
      if (found.pattern.kind === "paced") expect(Math.abs(found.pattern.periodNs - periodMs * MS)).toBeLessThanOrEqual(phases.at(-1)! * MS);
    }
  });

  it("finds the lag of senders that start when a response ends (a think time of 30 ms)", () => {
    // Three senders, each: latency 3–11 ms, then 30 ms later the next request.
    const starts: number[] = [];
    const latencies: number[] = [];
    for (let s = 0; s < 3; s++) {
      let t = s * 7.7;
      for (let i = 0; i < 800; i++) {
        const latency = 3 + Math.round(spread(i * 3 + s) * 8000) / 1000;
        starts.push(EPOCH + t * MS);
        latencies.push(latency * MS);
        t += latency + 30;
      }
    }
    const order = starts.map((_, i) => i).sort((a, b) => starts[a]! - starts[b]!);
    const found = fingerprint(Float64Array.from(order, (i) => starts[i]!), Float64Array.from(order, (i) => latencies[i]!));
    expect(found.pattern.kind).toBe("reaction");
    if (found.pattern.kind === "reaction") expect(found.pattern.lagNs).toBeCloseTo(30 * MS, -4);
  });

  it("says when there are too few requests, or the start times are too coarse for the rate", () => {
    const few = paced(1, 10, () => 1, MIN_REQUESTS - 1);
    expect(fingerprint(few.starts, few.latencies).pattern).toEqual({ kind: "none", why: "few" });
    // 10 requests a second, times in whole seconds.
    const coarse = Float64Array.from({ length: 1000 }, (_, i) => EPOCH + Math.floor(i / 10) * 1e9);
    expect(fingerprint(coarse, new Float64Array(1000).fill(5 * MS)).pattern).toEqual({ kind: "none", why: "coarse" });
  });

  it("finds neither in starts at random", () => {
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let t = EPOCH;
    const starts = Float64Array.from({ length: 5000 }, () => (t += Math.round(-Math.log(1 - random()) * 5 * MS / 1e3) * 1e3));
    const latencies = Float64Array.from(starts, () => Math.round(2 + random() * 20) * MS);
    expect(fingerprint(starts, latencies).pattern).toEqual({ kind: "none", why: "irregular" });
  });
});

describe("canTellAnything", () => {
  it("answers from the times alone what the fingerprint's lags would: no for too few or too coarse, else yes", () => {
    let seed = 5;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let t = EPOCH;
    const irregular = Float64Array.from({ length: 3000 }, () => (t += Math.round((-Math.log(1 - random()) * 5 * MS) / 1e3) * 1e3));
    const schedule = paced(5, 50, (i) => 2 + (i % 7), 2000);
    const few = paced(1, 10, () => 1, MIN_REQUESTS - 1);
    const cases: [string, Float64Array, Float64Array, boolean][] = [
      ["paced", schedule.starts, schedule.latencies, true],
      ["irregular", irregular, Float64Array.from(irregular, () => Math.round(2 + random() * 20) * MS), true],
      ["few", few.starts, few.latencies, false],
      ["coarse", Float64Array.from({ length: 1000 }, (_, i) => EPOCH + Math.floor(i / 10) * 1e9), new Float64Array(1000).fill(5 * MS), false],
      ["none", new Float64Array(0), new Float64Array(0), false],
    ];
    for (const [name, starts, latencies, tells] of cases) {
      expect(canTellAnything(starts, latencies), name).toBe(tells);
      expect(tellsAnything(fingerprint(starts, latencies)), name).toBe(tells);
    }
  });
});
