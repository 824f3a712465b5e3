/**
 * Counts failed requests for the error line of the misery metrics, by the rule of the sample filter (isFailed):
 * those recorded (`--include-errors`) and those left out of the histogram, which reach consumers as failures.
 */
import type { ConsumerRecipe, PortableConsumer } from "./portable.js";
import type { Sample } from "./sample.js";

/** 101 Switching Protocols: the final status of a WebSocket (or h2c) upgrade that succeeded. */
const SWITCHING_PROTOCOLS = 101;

/**
 * True when the request failed: the tool marked it failed (`Sample.ok === false`) or, when it says nothing, its
 * status is outside 200–399 and not 101 (0: no response). A bare latency never has.
 */
export function isFailed(sample: Sample): boolean {
  if (sample.ok !== undefined) return !sample.ok;
  const status = sample.status;
  return status !== undefined && (status < 200 || status >= 400) && status !== SWITCHING_PROTOCOLS;
}

/** What a FailureCounter counted, to move it between threads. */
interface FailureCounts {
  failed: number;
  leftOut: number;
  told: number;
}

/** Counts the failed requests it is handed, and those that said whether they failed at all. */
export class FailureCounter implements PortableConsumer {
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

  /** Counts add up in any order: a part of a file, or a whole file, can be counted on another thread. */
  recipe(): ConsumerRecipe {
    return { kind: "failures" };
  }

  state(): FailureCounts {
    return { failed: this.failed, leftOut: this.leftOut, told: this.told };
  }

  absorb(state: unknown): void {
    const other = state as FailureCounts;
    this.failed += other.failed;
    this.leftOut += other.leftOut;
    this.told += other.told;
  }
}
