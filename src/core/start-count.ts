/**
 * The twin of a TimedSamples that only counts from now on (see `TimedSamples.onlyCounts`): detection has given up
 * on the samples after the ones it has, so a later part or file read elsewhere need neither keep their start times
 * nor post them back, only say how many there were.
 */
import type { ConsumerRecipe, PortableConsumer } from "./portable.js";
import type { Sample } from "./sample.js";
import { UntimedCount } from "./untimed-count.js";

/** A StartCount as posted between threads. */
export interface StartCountState {
  kind: "start-count";
  /** Samples with a start time. */
  timed: number;
  /** Samples without one. */
  untimed: number;
}

export class StartCount extends UntimedCount implements PortableConsumer {
  private timed = 0;

  /** @param countsFailures count failed requests with a start time too, as the TimedSamples does (keepsFailures). */
  constructor(private readonly countsFailures = false) {
    super();
  }

  sample(sample: Sample): void {
    if (sample.startNs === undefined) this.untimed++;
    else this.timed++;
  }

  failure(sample: Sample): void {
    if (this.countsFailures && sample.startNs !== undefined) this.timed++;
  }

  recipe(): ConsumerRecipe {
    return { kind: "start-count", failures: this.countsFailures };
  }

  state(): StartCountState {
    return { kind: "start-count", timed: this.timed, untimed: this.untimed };
  }

  /** Counts are only ever added to the TimedSamples they stand in for. */
  absorb(): void {
    throw new Error("a StartCount is added to a TimedSamples, not to another StartCount");
  }
}

/** Whether a posted state is a StartCount's. */
export function isStartCount(state: unknown): state is StartCountState {
  return (state as Partial<StartCountState>).kind === "start-count";
}
