/**
 * Records requests into fixed windows of their start time (`--interval`): window i holds the requests that
 * started in [i × interval, (i + 1) × interval) of the epoch, so one-minute windows begin on the minute. Each
 * window keeps its count, failures, exact max and a sparse histogram (HDR bucket index → count): a few hundred
 * bytes for a window of a few distinct latencies, not a full histogram per window.
 */
import type { BucketLayout } from "./histogram.js";
import type { Sample, SampleConsumer } from "./sample.js";
import { isFailed } from "./failure.js";
import { UserError } from "../base/errors.js";

/** The requests that started in one window. */
export interface TimeWindow {
  /** ⌊start / interval⌋ of its requests. */
  index: number;
  /** Requests recorded (failed ones left out of the histogram are only in `failed`). */
  count: number;
  failed: number;
  maxNs: number;
  /** Count per bucket index of the recorder's layout. */
  buckets: Map<number, number>;
}

/** A SampleConsumer that records each timed sample into the window of its start. */
export class WindowRecorder implements SampleConsumer {
  /** Requests without a start time, which no window holds. */
  untimed = 0;
  private readonly byIndex = new Map<number, TimeWindow>();

  constructor(
    readonly intervalNs: number,
    readonly layout: BucketLayout,
  ) {}

  value(): void {
    this.untimed++;
  }

  values(_batch: Float64Array, count: number): void {
    this.untimed += count;
  }

  /** An interval log holds histograms, not requests with fields and times. */
  intervalHistogram(): void {
    throw new UserError("--interval windows needs per-request input; an HdrHistogram log holds only histograms", "use it on the load tester's or server's own log");
  }

  sample(sample: Sample): void {
    const window = this.windowOf(sample);
    if (window === undefined) return;
    window.count++;
    if (isFailed(sample)) window.failed++;
    if (sample.latencyNs > window.maxNs) window.maxNs = sample.latencyNs;
    const bucket = this.layout.indexOf(sample.latencyNs);
    window.buckets.set(bucket, (window.buckets.get(bucket) ?? 0) + 1);
  }

  failure(sample: Sample): void {
    const window = this.windowOf(sample);
    if (window !== undefined) window.failed++;
  }

  /** The window of the sample's start; undefined (and counted as untimed) without a start time. */
  private windowOf(sample: Sample): TimeWindow | undefined {
    if (sample.startNs === undefined) {
      this.untimed++;
      return undefined;
    }
    const index = Math.floor(sample.startNs / this.intervalNs);
    let window = this.byIndex.get(index);
    if (window === undefined) this.byIndex.set(index, (window = { index, count: 0, failed: 0, maxNs: -Infinity, buckets: new Map() }));
    return window;
  }

  /** Every window that holds a request (recorded or failed), in time order. */
  windows(): TimeWindow[] {
    return [...this.byIndex.values()].sort((a, b) => a.index - b.index);
  }
}
