/**
 * Keeps the start time of every failed request (by the rule of `isFailed`), for the failure rate per window of a
 * time line: those recorded (`--include-errors`) and those the filters left out of the histogram, marked apart,
 * since a window's requests are its histogram's count plus the failures left out of it.
 */
import { isFailed } from "./failure.js";
import type { Sample, SampleConsumer } from "./sample.js";

export class FailureTimes implements SampleConsumer {
  /** Start times (epoch ns) of failed requests that had one, in arrival order. */
  readonly startsNs: number[] = [];
  /** Index for index with `startsNs`: whether the failure was left out of the histogram. */
  readonly leftOut: boolean[] = [];
  /** Failed requests without a start time: they belong to no window. */
  untimed = 0;

  value(): void {}

  values(): void {}

  /** An interval histogram says nothing about failed requests. */
  intervalHistogram(): void {}

  sample(sample: Sample): void {
    if (isFailed(sample)) this.add(sample, false);
  }

  failure(sample: Sample): void {
    this.add(sample, true);
  }

  private add(sample: Sample, leftOut: boolean): void {
    if (sample.startNs === undefined) {
      this.untimed++;
      return;
    }
    this.startsNs.push(sample.startNs);
    this.leftOut.push(leftOut);
  }
}
