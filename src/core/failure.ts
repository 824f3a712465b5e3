/**
 * Which requests failed, for the error line of the misery metrics: those the tool marked as failed
 * (`Sample.ok === false`), or, when it says nothing, those whose status is outside 200–399 (0: no response).
 * The same rule as the failed-request filter of the load-tester formats.
 */
import type { SampleConsumer } from "./ingest.js";
import type { Sample } from "../formats/types.js";

/** True when the request failed (see the file comment); a bare latency never has. */
export function isFailed(sample: Sample): boolean {
  if (sample.ok !== undefined) return !sample.ok;
  return sample.status !== undefined && (sample.status < 200 || sample.status >= 400);
}

/** Counts the failed requests it is handed, and those that said whether they failed at all. */
export class FailureCounter implements SampleConsumer {
  failed = 0;
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
}
