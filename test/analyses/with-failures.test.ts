import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentilesWithFailures } from "../../src/analyses/with-failures.js";
import { createHistogram } from "../../src/core/histogram.js";

const LABELS = ["0", "50", "90", "99", "99.9", "100"];

function histogramOf(values: readonly number[]) {
  const h = createHistogram(3);
  for (const v of values) h.recordValue(v);
  return h;
}

/** The nearest-rank value of `successes` with `failed` failures above them (Infinity: a failure), by an exact sort. */
function exactWithFailures(successes: readonly number[], failed: number, percentile: number): number {
  const sorted = [...successes].sort((a, b) => a - b);
  const n = sorted.length + failed;
  const rank = Math.max(1, Math.ceil((percentile / 100) * n - 1e-9));
  return rank > sorted.length ? Infinity : sorted[rank - 1]!;
}

/** An HDR value (3 significant digits) equivalent to `exact`: at or above it by less than its bucket's width. */
function equivalent(hdr: number | null, exact: number): boolean {
  if (exact === Infinity) return hdr === null;
  return hdr !== null && Math.abs(hdr - exact) <= exact / 1000 + 1;
}

const latencies = fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 400 });

describe("percentilesWithFailures", () => {
  it("counts failures as slower than any success: the value at each rank, or null among the failures (exact sort)", () => {
    fc.assert(
      fc.property(latencies, fc.nat({ max: 50 }), (successes, failed) => {
        const w = percentilesWithFailures(histogramOf(successes), failed, LABELS);
        expect(w.requests).toBe(successes.length + failed);
        for (const p of w.percentiles) expect(equivalent(p.valueNs, exactWithFailures(successes, failed, p.percentile))).toBe(true);
      }),
    );
  });

  it("moving successes to failures never makes a with-failures percentile better", () => {
    fc.assert(
      fc.property(latencies, fc.nat({ max: 20 }), fc.array(fc.boolean(), { maxLength: 400 }), (successes, failed, moved) => {
        // The fail-fast change: some requests (here, any of them — the slow ones in the issue) become failures.
        const kept = successes.filter((_, i) => !moved[i]);
        const before = percentilesWithFailures(histogramOf(successes), failed, LABELS);
        const after = percentilesWithFailures(histogramOf(kept), failed + successes.length - kept.length, LABELS);
        before.percentiles.forEach((b, i) => {
          const a = after.percentiles[i]!;
          expect(a.valueNs ?? Infinity).toBeGreaterThanOrEqual(b.valueNs ?? Infinity);
        });
      }),
    );
  });

  it("with --failures-as counts each failure at that latency, as if recorded (exact sort)", () => {
    fc.assert(
      fc.property(latencies, fc.nat({ max: 50 }), fc.integer({ min: 1, max: 5_000_000 }), (successes, failed, timeout) => {
        const w = percentilesWithFailures(histogramOf(successes), failed, LABELS, timeout);
        const all = [...successes, ...Array<number>(failed).fill(timeout)];
        for (const p of w.percentiles) expect(equivalent(p.valueNs, exactWithFailures(all, 0, p.percentile))).toBe(true);
      }),
    );
  });

  it("equals the histogram's own percentiles when nothing failed", () => {
    const h = histogramOf([5, 10, 20, 40, 80]);
    const w = percentilesWithFailures(h, 0, LABELS);
    expect(w.percentiles.map((p) => p.valueNs)).toEqual(LABELS.map((l) => h.getValueAtPercentile(Number(l))));
  });
});

describe("percentilesWithFailures held within the exact extremes", () => {
  it("a success's value never passes the successes' min and max, and a failure counted at a latency is that latency", async () => {
    // 989 × 10 ms, one success of 99.981 ms, 10 failures (QA's case): rank ⌈0.99 × 1000⌉ = 990 is the largest success.
    const successes = createHistogram(3);
    successes.recordValueWithCount(10_000_000, 989);
    successes.recordValue(99_981_000);
    const exact = { minNs: 10_000_000, maxNs: 99_981_000 };
    const plain = percentilesWithFailures(successes, 10, ["0", "99", "99.1"], undefined, exact);
    expect(plain.percentiles.map((p) => p.valueNs)).toEqual([10_000_000, 99_981_000, null]);
    // Without the extremes, the buckets' bounds: below the min at p0, above the max at p99.
    const bounds = percentilesWithFailures(successes, 10, ["0", "99"]);
    expect(bounds.percentiles[0]!.valueNs).toBeLessThan(10_000_000);
    expect(bounds.percentiles[1]!.valueNs).toBeGreaterThan(99_981_000);
    const timedOut = percentilesWithFailures(successes, 10, ["0", "99", "100"], 1_000_000_000, exact);
    expect(timedOut.percentiles.map((p) => p.valueNs)).toEqual([10_000_000, 99_981_000, 1_000_000_000]);
  });
});
