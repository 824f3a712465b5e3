/**
 * Counts failed requests for the error line of the misery metrics, by the rule of the sample filter (isFailed):
 * those recorded (`--include-errors`) and those left out of the histogram, which reach consumers as failures.
 */
import type { Sample, SampleConsumer } from "./sample.js";

/**
 * True when the request failed: the tool marked it failed (`Sample.ok === false`) or, when it says nothing, its
 * status is outside 200–399 (0: no response). A bare latency never has.
 */
export function isFailed(sample: Sample): boolean {
  if (sample.ok !== undefined) return !sample.ok;
  return sample.status !== undefined && (sample.status < 200 || sample.status >= 400);
}

/** Counts the failed requests it is handed, and those that said whether they failed at all. */
export class FailureCounter implements SampleConsumer {
  failed = 0;
  /** Failed requests left out of the histogram (and so out of its count). */
  leftOut = 0;
  /** Samples with `ok` or `status`: without any, nothing is known about failures. */
  told = 0;

  value(): void {}

  values(): void {}

  /** An interval histogram says nothing about failed requests. */
  intervalHistogram(): void {}

  sample(sample: Sample): void {
    if (sample.ok !== undefined || sample.status !== undefined) this.told++;
    if (isFailed(sample)) this.failed++;
  }

  failure(): void {
    this.told++;
    this.failed++;
    this.leftOut++;
  }
}
