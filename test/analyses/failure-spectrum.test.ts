import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { failureSpectrum, WITH_FAILURES_VARIANT } from "../../src/analyses/failure-spectrum.js";
import { spectrumOf } from "../../src/analyses/spectrum.js";
import { percentilesWithFailures } from "../../src/analyses/with-failures.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

function recorderOf(values: readonly number[]): LatencyRecorder {
  const recorder = new LatencyRecorder(3);
  for (const v of values) recorder.record(v);
  return recorder;
}

/** The nearest-rank value of the successes with `failed` values `failedAs` (Infinity: slower than any), by an exact sort. */
function exactAt(successes: readonly number[], failed: number, failedAs: number, percentile: number): number {
  const sorted = [...successes, ...Array<number>(failed).fill(failedAs)].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((percentile / 100) * sorted.length - 1e-9)) - 1]!;
}

/** An HDR value (3 significant digits) equivalent to `exact`: within its bucket's width. */
const equivalent = (hdr: number, exact: number) => Math.abs(hdr - exact) <= exact / 1000 + 1;

const latencies = fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 300 });

describe("failureSpectrum", () => {
  it("draws each percentile level whose rank is a success, and marks where the failures begin (exact sort)", () => {
    fc.assert(
      fc.property(latencies, fc.integer({ min: 1, max: 60 }), (successes, failed) => {
        const w = percentilesWithFailures(recorderOf(successes).histogram(), failed, []);
        const spectrum = failureSpectrum("a.log", recorderOf(successes), w)!;
        const n = successes.length + failed;
        expect(spectrum).toMatchObject({ name: "a.log", variant: WITH_FAILURES_VARIANT, count: n, sufficientUpToX: n / 10 });
        expect(spectrum.failedFromX).toBeCloseTo(n / failed, 9);
        for (const point of spectrum.points) {
          const exact = exactAt(successes, failed, Infinity, point.percentile);
          expect(exact).toBeLessThan(Infinity);
          expect(equivalent(point.valueNs, exact)).toBe(true);
        }
        // The levels are those of the successes' own spectrum (they depend only on the ticks), cut where the
        // failures begin: none is left out whose rank is a success.
        const levels = spectrumOf("all", recorderOf([...successes, ...Array<number>(failed).fill(1e10)])).points.map((p) => p.percentile);
        const successLevels = levels.filter((p) => exactAt(successes, failed, Infinity, p) < Infinity);
        expect(spectrum.points.map((p) => p.percentile)).toEqual(successLevels);
      }),
      { numRuns: 60 },
    );
  });

  it("with --failures-as, counts the failures at that latency among the successes (exact sort)", () => {
    const successes = Array.from({ length: 1000 }, (_, i) => 1e6 + i * 1e4);
    const w = percentilesWithFailures(recorderOf(successes).histogram(), 50, [], 5e6);
    const spectrum = failureSpectrum("a.log", recorderOf(successes), w)!;
    expect(spectrum.failedFromX).toBeUndefined();
    expect(spectrum.variant).toBe(`${WITH_FAILURES_VARIANT} at --failures-as`);
    for (const point of spectrum.points) expect(equivalent(point.valueNs, exactAt(successes, 50, 5e6, point.percentile))).toBe(true);
    expect(spectrum.count).toBe(1050);
  });

  it("is none when nothing failed", () => {
    const recorder = recorderOf([1, 2, 3]);
    expect(failureSpectrum("a.log", recorder, percentilesWithFailures(recorder.histogram(), 0, []))).toBeUndefined();
  });
});
