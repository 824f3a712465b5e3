/**
 * The latencies of the failed requests the filters left out of the histogram (they reach consumers as failures),
 * for budgets judged over every request, failed or not — as k6 judges a threshold on `http_req_duration`, which it
 * records for every request. Successes and failures added together are then what `--include-errors` records.
 */
import type { SignificantDigits } from "./histogram.js";
import type { ConsumerRecipe, PortableConsumer } from "./portable.js";
import { LatencyRecorder } from "./recorder.js";
import type { Sample } from "./sample.js";

export class FailedLatencies implements PortableConsumer {
  readonly recorder: LatencyRecorder;

  constructor(digits: SignificantDigits) {
    this.recorder = new LatencyRecorder(digits);
  }

  /** Recorded requests are the histogram's, not kept here. */
  value(): void {}

  values(): void {}

  sample(): void {}

  intervalHistogram(): void {}

  failure(sample: Sample): void {
    this.recorder.record(sample.latencyNs);
  }

  recipe(): ConsumerRecipe {
    return { kind: "failed-latencies", digits: this.recorder.digits };
  }

  state(): unknown {
    return this.recorder.state();
  }

  absorb(state: unknown): void {
    this.recorder.absorb(state);
  }
}
