/**
 * Coordinated-omission detection on simulated logs without a sender column, checked against figures computed per
 * true sender by the simulator's own arithmetic (test/helpers/sender-sim.ts), never by latstat.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectOmission, detectOmissionFromCounts, type OmissionDetection } from "../../src/analyses/co-detect.js";
import { TimedSamples } from "../../src/core/timed-samples.js";
import { unknownReasonText } from "../../src/render/co-notes.js";
import { simulate, trueFigures, type SenderClass, type SimOptions, type SimRequest } from "../helpers/sender-sim.js";

const series = (requests: readonly SimRequest[]) => ({
  key: "",
  startsNs: Float64Array.from(requests, (r) => r.startNs),
  latenciesNs: Float64Array.from(requests, (r) => r.latencyNs),
});

/** Detection from every request kept one by one. */
const exact = (requests: readonly SimRequest[]) => detectOmission([series(requests)], 3)!;

/** Detection as a large log gets it: the first block fingerprinted, the rest streamed through in blocks. */
function streamed(requests: readonly SimRequest[], block: number): OmissionDetection {
  const timed = new TimedSamples(false, block, 3, block);
  for (const r of requests) timed.sample({ startNs: r.startNs, latencyNs: r.latencyNs });
  return detectOmissionFromCounts(timed.detectionCounts()!, 3);
}

/** The corrected value at `percentile` as latstat has it. */
const correctedAt = (found: OmissionDetection, percentile: number) => found.backfilled!.histogram().getValueAtPercentile(percentile);

/** Within `tolerance` (relative) of `expected`, or `slack` absolute (small counts). */
function near(actual: number, expected: number, tolerance: number, slack = 0): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(tolerance * expected, slack));
}

/** The corrected figures agree with the true senders' (within 15%, and HDR precision). */
function agreesWithTruth(found: OmissionDetection, requests: readonly SimRequest[]): void {
  const truth = trueFigures(requests);
  // Within 15%, or a Poisson count's two standard deviations when there are only a few omitted requests.
  near(found.omittedEstimate, truth.omitted, 0.15, Math.max(3, 2 * Math.sqrt(truth.omitted)));
  for (const p of [50, 99, 99.9]) near(correctedAt(found, p), truth.corrected(p), 0.15);
}

const closedClasses: [string, SenderClass, number][] = [
  ["one paced sender", { kind: "paced", senders: 1, periodMs: 20 }, 200_000],
  ["8 paced workers", { kind: "paced", senders: 8, periodMs: 50 }, 120_000],
  ["8 paced workers started 50/8 ms apart (one start every 6.25 ms)", { kind: "paced", senders: 8, periodMs: 50, phases: "even" }, 120_000],
  ["8 workers as fast as they can", { kind: "as-fast", senders: 8 }, 25_000],
  ["8 workers with a think time", { kind: "think", senders: 8, thinkMs: 100 }, 120_000],
];

describe("closed-loop senders with a server stall", () => {
  it.each(closedClasses)("%s: closed, senders counted, omitted and corrected as per true sender", (_, senders, durationMs) => {
    const requests = simulate({ seed: 11, senders, durationMs, latencyMedianMs: 8, stall: { atMs: durationMs / 2, forMs: 1200 } });
    const found = exact(requests);
    expect(found.verdict.loop).toBe("closed");
    expect(found.senderColumn).toBe(false);
    const count = senders.kind === "paced" || senders.kind === "as-fast" || senders.kind === "think" ? senders.senders : 0;
    near(found.senders!, count, 0.25, 1);
    expect(found.stalls).toBeGreaterThanOrEqual(count);
    agreesWithTruth(found, requests);
  });

  it("the same figures when the log is streamed in blocks", () => {
    const requests = simulate({ seed: 12, senders: { kind: "paced", senders: 8, periodMs: 50 }, durationMs: 120_000, latencyMedianMs: 8, stall: { atMs: 60_000, forMs: 1200 } });
    const blocks = streamed(requests, 2048);
    expect(blocks.verdict.loop).toBe("closed");
    agreesWithTruth(blocks, requests);
  });
});

describe("logs longer than the fingerprinted first requests", () => {
  // 8 workers taking turns in a fixed order: probes at a fixed step that 8 divides would all land on one worker.
  const requests = simulate({ seed: 16, senders: { kind: "paced", senders: 8, periodMs: 50 }, durationMs: 480_000, latencyMedianMs: 8, stall: { atMs: 300_000, forMs: 1200 } });

  it("8 paced workers over 70,000 requests: the period and senders found, figures as per true sender", () => {
    expect(requests.length).toBeGreaterThan(70_000);
    const found = exact(requests);
    expect(found).toMatchObject({ verdict: { loop: "closed" }, senders: 8, expectedIntervalNs: 50_000_000 });
    agreesWithTruth(found, requests);
  });

  it("the same streamed in blocks after the first", () => {
    const found = streamed(requests, 32_768);
    expect(found).toMatchObject({ verdict: { loop: "closed" }, senders: 8 });
    agreesWithTruth(found, requests);
  });
});

describe("a log read in parts on two threads", () => {
  it("chains each part with its own fingerprint and adds them up: the same verdict, senders and figures", () => {
    const requests = simulate({ seed: 18, senders: { kind: "paced", senders: 8, periodMs: 50 }, durationMs: 120_000, latencyMedianMs: 8, stall: { atMs: 90_000, forMs: 1200 } });
    const feed = (part: readonly SimRequest[]) => {
      const timed = new TimedSamples(false, 4096, 3, 4096);
      for (const r of part) timed.sample({ startNs: r.startNs, latencyNs: r.latencyNs });
      return timed;
    };
    const half = requests.length >> 1;
    const first = feed(requests.slice(0, half));
    first.absorb(feed(requests.slice(half)).state());
    const found = detectOmissionFromCounts(first.detectionCounts()!, 3);
    expect(found).toMatchObject({ verdict: { loop: "closed" }, senders: 8 });
    expect(found.backfilled!.count).toBe(requests.length);
    agreesWithTruth(found, requests);
  });
});

describe("requests out of start order", () => {
  it("streamed: a later part first leaves the senders' figures and keeps every request in the corrected ones", () => {
    const requests = simulate({ seed: 17, senders: { kind: "as-fast", senders: 8 }, durationMs: 30_000, latencyMedianMs: 10, stall: { atMs: 20_000, forMs: 1000 } });
    const half = requests.length >> 1;
    const swapped = [...requests.slice(half), ...requests.slice(0, half)];
    const timed = new TimedSamples(false, 4096, 3, 4096);
    for (const r of swapped) timed.sample({ startNs: r.startNs, latencyNs: r.latencyNs });
    const counts = timed.detectionCounts()!;
    expect(counts.kind === "inferred" && counts.outOfOrder).toBeGreaterThan(0);
    const found = detectOmissionFromCounts(counts, 3);
    expect(found.verdict.loop).toBe("closed");
    expect(found.backfilled!.count).toBe(requests.length);
  });
});

describe("closed-loop senders without a stall", () => {
  it("workers sending as fast as they can are closed by their reaction to responses; few stalls, as per true sender", () => {
    const requests = simulate({ seed: 13, senders: { kind: "as-fast", senders: 8 }, durationMs: 25_000, latencyMedianMs: 20, latencySigma: 0.4 });
    const found = exact(requests);
    expect(found.verdict).toMatchObject({ loop: "closed", evidence: { kind: "reaction" } });
    expect(found.senders).toBe(8);
    agreesWithTruth(found, requests);
  });

  it("paced workers whose responses never outlast the schedule: unknown, and nothing omitted", () => {
    const requests = simulate({ seed: 14, senders: { kind: "paced", senders: 8, periodMs: 50 }, durationMs: 60_000, latencyMedianMs: 5, latencySigma: 0.3 });
    const found = exact(requests);
    expect(found.verdict).toMatchObject({ loop: "unknown", reason: { kind: "paced-no-slow-period", schedules: 8 } });
    expect(found.omittedEstimate).toBe(0);
    expect(found.backfilled).toBeUndefined();
    // Per true sender nothing was omitted either.
    expect(trueFigures(requests).omitted).toBe(0);
  });

  it("paced workers held up by a stall shorter than 3 intervals: unknown, and the reason says what was seen", () => {
    // 4 senders every 100 ms; a 350 ms stall leaves every sender waiting with none starting for 2-3 intervals.
    const requests = simulate({ seed: 15, senders: { kind: "paced", senders: 4, periodMs: 100 }, durationMs: 60_000, latencyMedianMs: 5, latencySigma: 0.3, stall: { atMs: 30_000, forMs: 350 } });
    const found = exact(requests);
    expect(found.verdict).toMatchObject({ loop: "unknown", reason: { kind: "paced-no-slow-period", schedules: 4 } });
    if (found.verdict.loop !== "unknown" || found.verdict.reason.kind !== "paced-no-slow-period") throw new Error("checked above");
    const { reason } = found.verdict;
    expect(reason.heldUp).toBeGreaterThan(0);
    expect(reason.silenceNs).toBeGreaterThan(100e6);
    expect(reason.silenceNs).toBeLessThan(300e6);
    expect(unknownReasonText(reason)).toMatch(
      /^requests start on a schedule \(4 senders every 100ms\); slow responses held up only \d+ sends?, and no start came for at most \d+ms with every sender busy \(under 3 intervals\)/,
    );
  });

  it("paced workers with heavy-tailed responses: closed by the sends they missed", () => {
    const requests = simulate({ seed: 15, senders: { kind: "paced", senders: 4, periodMs: 40 }, durationMs: 100_000, latencyMedianMs: 10, latencySigma: 1 });
    const found = exact(requests);
    expect(found.verdict).toMatchObject({ loop: "closed", evidence: { kind: "missed-sends" } });
    agreesWithTruth(found, requests);
  });
});

describe("workers whose tickers fire together (hey -q: each tick a burst of every worker's start)", () => {
  /** The true senders' median interval (each one's median gap, by the simulator's arithmetic). */
  const trueInterval = (requests: readonly SimRequest[]) => {
    const intervals = trueFigures(requests).intervalsNs.sort((a, b) => a - b);
    return intervals[intervals.length >> 1]!;
  };

  it.each([
    ["4 workers every 25 ms, 0.5 ms responses", { senders: 4, periodMs: 25, burstMs: 0.1 }, 0.5],
    ["16 workers every 100 ms woken over 3 ms, 11 ms responses", { senders: 16, periodMs: 100, burstMs: 3 }, 11],
  ])("%s, through a 1 s stall: closed, each worker's interval, omitted and corrected as per true sender", (_, workers, latencyMedianMs) => {
    const requests = simulate({ seed: 21, senders: { kind: "paced", phases: "together", ...workers }, durationMs: 20_000, latencyMedianMs, stall: { atMs: 10_000, forMs: 1000 } });
    const found = exact(requests);
    expect(found.verdict.loop).toBe("closed");
    expect(found.senders).toBe(workers.senders);
    near(found.expectedIntervalNs, trueInterval(requests), 0.02);
    expect(found.stalls).toBe(trueFigures(requests).stalls);
    agreesWithTruth(found, requests);
  });

  it("woken late as a whole burst (a busy machine), through a 1 s stall: closed, the interval and corrected figures as per true sender", () => {
    // Each tick's burst up to 2 ms late for all 4 workers at once: the schedule then shows only in a window wider than
    // the lags from the bursts' ends, and the reaction is taken (the senders are counted twice over).
    const requests = simulate({ seed: 24, senders: { kind: "paced", senders: 4, periodMs: 25, phases: "together", burstMs: 0.3, tickLateMs: 2 }, durationMs: 8_000, latencyMedianMs: 0.5, stall: { atMs: 4_000, forMs: 1000 } });
    const found = exact(requests);
    expect(found.verdict.loop).toBe("closed");
    near(found.expectedIntervalNs, trueInterval(requests), 0.02);
    agreesWithTruth(found, requests);
  });

  it("without a slow period: unknown, and the reason names the workers and their period", () => {
    const requests = simulate({ seed: 22, senders: { kind: "paced", senders: 4, periodMs: 25, phases: "together" }, durationMs: 20_000, latencyMedianMs: 0.5 });
    const found = exact(requests);
    expect(found.verdict).toMatchObject({ loop: "unknown", reason: { kind: "paced-no-slow-period", schedules: 4 } });
    if (found.verdict.loop === "unknown") expect(unknownReasonText(found.verdict.reason)).toMatch(/^requests start on a schedule \(4 senders every 25ms\)/);
  });

  it("workers answered slower than their ticker send as soon as each response ends: the interval is their cycle", () => {
    // hey -c 8 -q 200 against 11 ms responses: a tick is always waiting when a response ends.
    const requests = simulate({ seed: 23, senders: { kind: "paced", senders: 8, periodMs: 5, phases: "together", burstMs: 0.3 }, durationMs: 20_000, latencyMedianMs: 11, stall: { atMs: 10_000, forMs: 1000 } });
    const found = exact(requests);
    expect(found.verdict).toMatchObject({ loop: "closed", evidence: { kind: "reaction" } });
    expect(found.senders).toBe(8);
    near(found.expectedIntervalNs, trueInterval(requests), 0.05);
    agreesWithTruth(found, requests);
  });
});

describe("open-loop senders", () => {
  const stall = { atMs: 50_000, forMs: 1000 };

  it("a constant-rate schedule through a stall is open: nothing omitted, no back-fill", () => {
    const found = exact(simulate({ seed: 21, senders: { kind: "open", ratePerSec: 100 }, durationMs: 200_000, latencyMedianMs: 5, stall }));
    expect(found.verdict.loop).toBe("open");
    expect(found).toMatchObject({ stalls: 0, omittedEstimate: 0 });
    expect(found.backfilled).toBeUndefined();
  });

  it("Poisson arrivals from many clients through a stall are open (the pile-up)", () => {
    const found = exact(simulate({ seed: 22, senders: { kind: "poisson", ratePerSec: 200 }, durationMs: 100_000, latencyMedianMs: 10, stall }));
    expect(found.verdict).toMatchObject({ loop: "open", evidence: { kind: "pile-up" } });
    expect(found.omittedEstimate).toBe(0);
  });

  it("Poisson arrivals without a stall are never a closed loop with stalls (the old check saw thousands)", () => {
    const requests = simulate({ seed: 23, senders: { kind: "poisson", ratePerSec: 200 }, durationMs: 100_000, latencyMedianMs: 10 });
    const found = exact(requests);
    expect(found.verdict.loop).not.toBe("closed");
    expect(found.stalls).toBe(0);
  });

  it("a constant-rate schedule streamed in blocks is open too", () => {
    const found = streamed(simulate({ seed: 24, senders: { kind: "open", ratePerSec: 100 }, durationMs: 200_000, latencyMedianMs: 5, stall }), 4096);
    expect(found.verdict.loop).toBe("open");
    expect(found.omittedEstimate).toBe(0);
  });
});

describe("paced workers answered slower than their schedule half the time", () => {
  it("are closed, with the omitted estimate and the corrected tail near the true senders' (within 20%)", () => {
    // Responses take 13 ms at the median against a 20 ms schedule, and 30% outlast it: the schedule fingerprint is
    // lost in catch-ups, senders are chained first in first out, and their stalls told by latency.
    const durationMs = 10_000;
    const requests = simulate({ seed: 1, senders: { kind: "paced", senders: 12, periodMs: 20 }, durationMs, latencyMedianMs: 13, latencySigma: 0.8, stall: { atMs: 5000, forMs: 200 } });
    const found = exact(requests);
    expect(found.verdict.loop).toBe("closed");
    expect(found.senders).toBe(12);
    const truth = trueFigures(requests);
    near(found.omittedEstimate, truth.omitted, 0.2);
    for (const p of [50, 99, 99.9]) near(correctedAt(found, p), truth.corrected(p), 0.1);
  });
});

describe("when nothing can be told", () => {
  it("too few requests", () => {
    const found = exact(simulate({ seed: 31, senders: { kind: "paced", senders: 1, periodMs: 10 }, durationMs: 300, latencyMedianMs: 2 }));
    expect(found.verdict).toMatchObject({ loop: "unknown", reason: { kind: "few" } });
  });

  it("start times in whole seconds while requests come every few milliseconds", () => {
    const requests = simulate({ seed: 32, senders: { kind: "as-fast", senders: 8 }, durationMs: 20_000, latencyMedianMs: 20 }).map((r) => ({
      ...r,
      startNs: Math.floor(r.startNs / 1e9) * 1e9,
    }));
    const found = exact(requests.sort((a, b) => a.startNs - b.startNs));
    expect(found.verdict).toMatchObject({ loop: "unknown", reason: { kind: "coarse", resolutionNs: 1e9 } });
  });
});

/** A closed-loop run: N workers of one kind, a latency spread, perhaps a stall. */
interface ClosedRun {
  seed: number;
  kind: "paced" | "as-fast" | "think";
  evenPhases: boolean;
  senders: number;
  periodMs: number;
  thinkMs: number;
  latencyMedianMs: number;
  latencySigma: number;
  stall: boolean;
}

/** Whatever is inferred, it is never an open loop, and a closed one is corrected as the true senders are. */
function checkClosedRun(run: ClosedRun): void {
  const senders: SenderClass =
    run.kind === "paced"
      ? { kind: "paced", senders: run.senders, periodMs: run.periodMs, phases: run.evenPhases ? "even" : "random" }
      : run.kind === "think"
        ? { kind: "think", senders: run.senders, thinkMs: run.thinkMs }
        : { kind: "as-fast", senders: run.senders };
  // About 6,000 requests whatever the rate.
  const cycleMs = run.kind === "paced" ? run.periodMs : run.latencyMedianMs + (run.kind === "think" ? run.thinkMs : 0);
  const durationMs = Math.round((6000 * cycleMs) / run.senders);
  // Paced workers answered in a third of their period or less (slower ones are sending as fast as they can).
  const latencyMedianMs = run.kind === "paced" ? Math.min(run.latencyMedianMs, run.periodMs / 3) : run.latencyMedianMs;
  const options: SimOptions = { seed: run.seed, senders, durationMs, latencyMedianMs, latencySigma: run.latencySigma };
  if (run.stall) options.stall = { atMs: durationMs / 2, forMs: 10 * cycleMs };
  const requests = simulate(options);
  const found = exact(requests);
  expect(found.verdict.loop).not.toBe("open");
  if (found.verdict.loop === "closed") agreesWithTruth(found, requests);
  else expect(found.omittedEstimate).toBe(0);
  // Senders that react to responses are recognised as a closed loop, unless their reaction's jitter (0.4 ms
  // of think time, 60 µs of a loop) spans the gap between starts: then any lag is as likely as another.
  const jitterMs = run.kind === "think" ? 0.4 : 0.06;
  if (run.kind !== "paced" && jitterMs < 0.5 * (cycleMs / run.senders)) expect(found.verdict.loop).toBe("closed");
}

describe("reconstructed senders against true ones", () => {
  const runs: fc.Arbitrary<ClosedRun> = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    kind: fc.constantFrom("paced", "as-fast", "think"),
    evenPhases: fc.boolean(),
    senders: fc.integer({ min: 1, max: 32 }),
    periodMs: fc.integer({ min: 20, max: 100 }),
    thinkMs: fc.integer({ min: 5, max: 200 }),
    latencyMedianMs: fc.integer({ min: 2, max: 15 }),
    latencySigma: fc.constantFrom(0.2, 0.5, 0.8),
    stall: fc.boolean(),
  });

  it("give the omitted estimate and the corrected p50/p99/p99.9 of the true senders, within 15%", () => {
    fc.assert(fc.property(runs, checkClosedRun), { numRuns: Number(process.env.NUM_RUNS ?? 40), seed: Number(process.env.FC_SEED ?? 20_261_204) });
  }, 120_000);

  /** Runs the property once failed on (FC_SEED says which seed found them), kept as they are. */
  const found: [string, ClosedRun][] = [
    [
      // Phases 0, 2.9 and 5.9 ms of 20: the like lag between them was taken for a schedule every 2.9 ms, one
      // sender that missed nearly every send: ~37 omitted where none were.
      "FC_SEED=4242: 3 paced senders whose random phases lie a like lag apart",
      { seed: 6140, kind: "paced", evenPhases: false, senders: 3, periodMs: 20, thinkMs: 5, latencyMedianMs: 3, latencySigma: 0.5, stall: false },
    ],
  ];

  it.each(found)("%s", (_, run) => checkClosedRun(run));

  /** A random open-loop run: a constant-rate schedule or Poisson arrivals, perhaps a stall. */
  const openRuns = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    kind: fc.constantFrom("open", "poisson"),
    ratePerSec: fc.integer({ min: 20, max: 400 }),
    latencyMedianMs: fc.integer({ min: 1, max: 30 }),
    latencySigma: fc.constantFrom(0.2, 0.5, 0.8),
    stallMs: fc.constantFrom(0, 300, 1000, 3000),
  });

  it("never find a closed loop, or omitted requests, in an open one", () => {
    fc.assert(
      fc.property(openRuns, (run) => {
        const durationMs = Math.round((6000 * 1000) / run.ratePerSec);
        const senders: SenderClass = { kind: run.kind as "open" | "poisson", ratePerSec: run.ratePerSec };
        const options: SimOptions = { seed: run.seed, senders, durationMs, latencyMedianMs: run.latencyMedianMs, latencySigma: run.latencySigma };
        if (run.stallMs > 0) options.stall = { atMs: durationMs / 2, forMs: run.stallMs };
        const found = exact(simulate(options));
        expect(found.verdict.loop).not.toBe("closed");
        expect(found.omittedEstimate).toBe(0);
      }),
      { numRuns: Number(process.env.NUM_RUNS ?? 40), seed: Number(process.env.FC_SEED ?? 20_261_204) },
    );
  }, 120_000);
});
