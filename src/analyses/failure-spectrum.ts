/**
 * The percentile spectrum that counts failures as misery (with-failures.ts): successes and failed requests together,
 * each failure slower than any success — so the spectrum ends where the failures begin, at the percentile
 * 100 · successes / requests, and everything beyond is failed requests (`failedFromX`, drawn as a marked tail).
 * With `--failures-as` the failures are counted at that latency and the spectrum runs to the end like any other.
 */
import { CumulativeBuckets } from "../core/buckets.js";
import { LatencyRecorder } from "../core/recorder.js";
import { spectrumOf, percentileToX, spectrumPoints, type Spectrum } from "./spectrum.js";
import { SAMPLES_BEYOND } from "./sufficiency.js";
import type { WithFailures } from "./with-failures.js";

/** The variant name of a spectrum with failures. */
export const WITH_FAILURES_VARIANT = "with failures";

/**
 * The spectrum of `successes` with `w.failed` failures counted in (see the file comment), named `variant`;
 * undefined when none failed.
 */
export function failureSpectrum(name: string, successes: LatencyRecorder, w: WithFailures, variant = WITH_FAILURES_VARIANT): Spectrum | undefined {
  if (w.failed === 0) return undefined;
  const all = LatencyRecorder.shapedLike(successes);
  all.add(successes);
  if (w.failuresAsNs !== undefined) {
    all.repeated(w.failuresAsNs, w.failed);
    return spectrumOf(name, all, `${variant} at --failures-as`);
  }
  // The failures at a value above every success's bucket: the iteration's points at or beyond it are failures.
  const failedAt = 2 * Math.max(successes.maxNs, 1) + 1;
  all.repeated(failedAt, w.failed);
  const buckets = CumulativeBuckets.of(all.histogram());
  const firstFailed = buckets.layout.lowestValueAt(buckets.layout.indexOf(failedAt));
  return {
    name,
    variant,
    count: w.requests,
    points: spectrumPoints(buckets).filter((point) => point.valueNs < firstFailed),
    sufficientUpToX: w.requests / SAMPLES_BEYOND,
    failedFromX: percentileToX((100 * (w.requests - w.failed)) / w.requests),
  };
}
