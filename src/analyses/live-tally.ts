/** What `--live` shows while a stream is read: running figures of everything so far and of the last window. */
import type { HistogramInterval, Sample, SampleConsumer } from "../core/sample.js";
import type { Histogram, SignificantDigits } from "../core/histogram.js";
import { LatencyRecorder } from "../core/recorder.js";
import { insufficiency } from "./sufficiency.js";
import { recorderPercentile } from "./summary.js";

/** The figures of one redraw; latencies in ns, NaN when there is nothing to show yet. */
export interface LiveFigures {
  count: number;
  /** Values per second over the last window. */
  ratePerSecond: number;
  p50Ns: number;
  p99Ns: number;
  p999Ns: number;
  maxNs: number;
  /** p99 of the values of the last window only. */
  windowP99Ns: number;
  /** Which percentiles have fewer than 10 samples beyond them (sufficiency.ts), as the report marks them. */
  insufficient: { p50: boolean; p99: boolean; p999: boolean; windowP99: boolean };
}

/** Records every sample twice: into the running total and into the current window. */
export class LiveTally implements SampleConsumer {
  private readonly total: LatencyRecorder;
  private window: LatencyRecorder;
  private windowStartMs: number;

  constructor(
    private readonly digits: SignificantDigits,
    nowMs: number,
  ) {
    this.total = new LatencyRecorder(digits);
    this.window = new LatencyRecorder(digits);
    this.windowStartMs = nowMs;
  }

  value(latencyNs: number): void {
    this.total.value(latencyNs);
    this.window.value(latencyNs);
  }

  values(batch: Float64Array, count: number): void {
    this.total.values(batch, count);
    this.window.values(batch, count);
  }

  sample(sample: Sample): void {
    this.value(sample.latencyNs);
  }

  intervalHistogram(histogram: Histogram, interval: HistogramInterval): void {
    this.total.intervalHistogram(histogram);
    this.window.intervalHistogram(histogram);
    void interval;
  }

  /** The figures so far, then a new window starts. */
  figures(nowMs: number): LiveFigures {
    // Within the exact min and max, as the report's percentiles.
    const at = (recorder: LatencyRecorder, percentile: number) => (recorder.count === 0 ? NaN : recorderPercentile(recorder, percentile));
    const short = (recorder: LatencyRecorder, percentile: number) => recorder.count > 0 && insufficiency(percentile, recorder.count) !== undefined;
    const seconds = Math.max(nowMs - this.windowStartMs, 1) / 1000;
    const figures: LiveFigures = {
      count: this.total.count,
      ratePerSecond: this.window.count / seconds,
      p50Ns: at(this.total, 50),
      p99Ns: at(this.total, 99),
      p999Ns: at(this.total, 99.9),
      maxNs: this.total.count === 0 ? NaN : this.total.maxNs,
      windowP99Ns: at(this.window, 99),
      insufficient: { p50: short(this.total, 50), p99: short(this.total, 99), p999: short(this.total, 99.9), windowP99: short(this.window, 99) },
    };
    this.window = new LatencyRecorder(this.digits);
    this.windowStartMs = nowMs;
    return figures;
  }
}
