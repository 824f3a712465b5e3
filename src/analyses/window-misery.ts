/**
 * "Bad minutes": of the time windows that had requests (`--interval`), how many had a request over the threshold
 * (their max exceeded it), how many had their p99 over it and how many a failed request, and which window was
 * worst (highest p99, then highest max, then earliest). Windows without requests are not counted: nothing is known
 * about them. A window whose only requests failed (and were left out of the histogram) has no latencies.
 */
import type { BucketLayout } from "../core/histogram.js";
import type { TimeWindow, WindowRecorder } from "../core/window-recorder.js";
import { bucketIsOver } from "./count-below.js";
import { percentOf } from "./percent-arithmetic.js";

/** One time window's figures against the threshold. */
export interface MiseryWindow {
  /** Start of the window, epoch ns. */
  startNs: number;
  requests: number;
  /** Requests over the threshold. */
  over: number;
  failed: number;
  /** HdrHistogram's p99 of the window (nearest rank, highest equivalent value); NaN without latencies. */
  p99Ns: number;
  /** NaN without latencies. */
  maxNs: number;
}

/** Windows whose max and whose p99 were over the threshold, out of the windows with requests. */
export interface WindowMisery {
  intervalNs: number;
  windows: number;
  /** Requests without a start time, in no window. */
  untimed: number;
  maxOver: number;
  maxOverPercent: number;
  p99Over: number;
  p99OverPercent: number;
  /** Windows with a failed request; undefined when failures are unknown. */
  withFailed?: number;
  withFailedPercent?: number;
  worst: MiseryWindow;
}

/** Requests of a window in buckets over `thresholdNs`. */
export function windowOver(window: TimeWindow, layout: BucketLayout, thresholdNs: number): number {
  let over = 0;
  for (const [index, count] of window.buckets) if (bucketIsOver(layout, index, thresholdNs)) over += count;
  return over;
}

/** The bucket index holding a window's p99: rank ⌈0.99 n⌉ (at least 1), as HdrHistogram's getValueAtPercentile. */
function p99Bucket(window: TimeWindow): number {
  const rank = Math.max(1, Math.ceil((99 * window.count) / 100));
  const indices = [...window.buckets.keys()].sort((a, b) => a - b);
  let seen = 0;
  for (const index of indices) {
    seen += window.buckets.get(index)!;
    if (seen >= rank) return index;
  }
  return indices[indices.length - 1]!;
}

/** A window's figures against `thresholdNs`. */
function miseryWindow(window: TimeWindow, recorder: WindowRecorder, thresholdNs: number): MiseryWindow {
  const layout = recorder.layout;
  const measured = window.count > 0;
  return {
    startNs: window.index * recorder.intervalNs,
    requests: window.count,
    over: windowOver(window, layout, thresholdNs),
    failed: window.failed,
    p99Ns: measured ? layout.lowestValueAt(p99Bucket(window) + 1) - 1 : NaN,
    maxNs: measured ? window.maxNs : NaN,
  };
}

/** The window misery, or undefined when no recorded request had a start time. */
export function windowMisery(recorder: WindowRecorder, thresholdNs: number, failuresKnown: boolean): WindowMisery | undefined {
  const figures = recorder.windows().map((w) => miseryWindow(w, recorder, thresholdNs));
  const measured = figures.filter((f) => f.requests > 0);
  if (measured.length === 0) return undefined;
  let worst = measured[0]!;
  for (const f of measured) if (f.p99Ns > worst.p99Ns || (f.p99Ns === worst.p99Ns && f.maxNs > worst.maxNs)) worst = f;
  const maxOver = figures.filter((f) => f.over > 0).length;
  const p99Over = figures.filter((f) => f.p99Ns >= thresholdNs).length;
  const withFailed = figures.filter((f) => f.failed > 0).length;
  const n = figures.length;
  return {
    intervalNs: recorder.intervalNs,
    windows: n,
    untimed: recorder.untimed,
    maxOver,
    maxOverPercent: percentOf(maxOver, n),
    p99Over,
    p99OverPercent: percentOf(p99Over, n),
    ...(failuresKnown ? { withFailed, withFailedPercent: percentOf(withFailed, n) } : {}),
    worst,
  };
}
