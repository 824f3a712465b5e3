/**
 * Keeps the start time of every failed request (by the rule of `isFailed`), for the failure rate per window of a
 * time line: those recorded (`--include-errors`) and those the filters left out of the histogram, marked apart,
 * since a window's requests are its histogram's count plus the failures left out of it. Up to as many as the
 * samples with start times a time line keeps (MAX_TIMED_SAMPLES, 9 bytes each here); past that all are let go, as
 * TimedSamples lets its own go, and the time line is refused.
 */
import { isFailed } from "./failure.js";
import type { Sample, SampleConsumer } from "./sample.js";
import { MAX_TIMED_SAMPLES } from "./timed-samples.js";

export class FailureTimes implements SampleConsumer {
  /** Failed requests without a start time: they belong to no window. */
  untimed = 0;
  /** More than `limit` failures had start times: all were let go. */
  overflowed = false;
  private starts = new Float64Array(1024);
  private leftOutFlags = new Uint8Array(1024);
  private length = 0;

  /** @param limit most start times kept (see the file comment). */
  constructor(readonly limit = MAX_TIMED_SAMPLES) {}

  /** Start times (epoch ns) of the failed requests that had one, in arrival order. */
  get startsNs(): Float64Array {
    return this.starts.subarray(0, this.length);
  }

  /** Index for index with `startsNs`: 1 where the failure was left out of the histogram. */
  get leftOut(): Uint8Array {
    return this.leftOutFlags.subarray(0, this.length);
  }

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
    if (this.overflowed) return;
    if (this.length === this.limit) {
      this.overflowed = true;
      [this.starts, this.leftOutFlags, this.length] = [new Float64Array(0), new Uint8Array(0), 0];
      return;
    }
    if (this.length === this.starts.length) this.grow();
    this.starts[this.length] = sample.startNs;
    this.leftOutFlags[this.length++] = leftOut ? 1 : 0;
  }

  private grow(): void {
    const size = Math.min(this.limit, this.length * 2);
    const [starts, leftOut] = [new Float64Array(size), new Uint8Array(size)];
    starts.set(this.starts);
    leftOut.set(this.leftOutFlags);
    [this.starts, this.leftOutFlags] = [starts, leftOut];
  }
}
