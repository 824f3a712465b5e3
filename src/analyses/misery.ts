/**
 * Misery metrics (Gil Tene): how often requests were worse than users tolerate (`--threshold`). A request is
 * over the threshold when its histogram bucket is not certainly below it (the rule of count-below.ts), so that
 * counts read off histograms and tallies per request agree.
 *
 * Without sessions to look at, the chance that a session of k requests meets at least one over-threshold
 * request is estimated as 1 − (1 − over/N)^k, which assumes requests are slow independently of each other —
 * real slowness comes in bursts, so the true chance per session is usually lower, and per bad minute higher.
 */
import type { LatencyRecorder } from "../core/recorder.js";
import { countBelow } from "./count-below.js";
import { percentOf } from "./percent-arithmetic.js";
import type { SessionMisery } from "./session-misery.js";
import type { WindowMisery } from "./window-misery.js";

/** The session sizes of the independence estimate when `--session-size` is not given. */
export const DEFAULT_SESSION_SIZES: readonly number[] = [1, 10, 100];

/** Chance that a session of `requests` requests meets at least one over the threshold, in percent. */
export interface SessionChance {
  requests: number;
  percent: number;
}

/** Over-threshold and failed requests of one distribution (all requests, or a group). */
export interface RequestMisery {
  requests: number;
  over: number;
  overPercent: number;
  /**
   * Failed requests, and their share of all requests — those in the histogram and the failed ones left out of it;
   * undefined when the input says nothing about failures (no status, no success flag).
   */
  failed?: number;
  failedPercent?: number;
  /** Over-threshold requests on the corrected figures, synthetic requests included. */
  corrected?: { requests: number; over: number; overPercent: number };
  /** The independence estimate (see the file comment); absent with `--session`, which measures it instead. */
  sessionChance?: SessionChance[];
}

/** Everything `--threshold` adds to a report. */
export interface MiseryData {
  thresholdNs: number;
  /** All requests together. */
  requests: RequestMisery;
  /** With `--interval` and start times. */
  windows?: WindowMisery;
  /** With `--session`. */
  sessions?: SessionMisery;
}

/** What to compute besides the over-threshold counts. */
export interface RequestMiseryOptions {
  thresholdNs: number;
  /** Some request said whether it failed (see core/failure.ts); otherwise failures are unknown, not zero. */
  failuresKnown: boolean;
  /** Session sizes for the independence estimate; undefined for none. */
  sessionSizes?: readonly number[];
}

function overCount(recorder: LatencyRecorder, thresholdNs: number): { requests: number; over: number; overPercent: number } {
  const histogram = recorder.histogram();
  const requests = histogram.totalCount;
  const over = requests - countBelow(histogram, thresholdNs);
  return { requests, over, overPercent: percentOf(over, requests) };
}

/** Failed requests of a distribution: all of them, and those left out of its histogram. */
export interface Failures {
  failed: number;
  leftOut: number;
}

/** The misery of one distribution: `raw` as logged, its `failures`, `corrected` when there is a correction. */
export function requestMisery(raw: LatencyRecorder, failures: Failures, options: RequestMiseryOptions, corrected?: LatencyRecorder): RequestMisery {
  const measured = overCount(raw, options.thresholdNs);
  const misery: RequestMisery = { ...measured };
  if (options.failuresKnown) {
    Object.assign(misery, { failed: failures.failed, failedPercent: percentOf(failures.failed, measured.requests + failures.leftOut) });
  }
  if (corrected !== undefined) misery.corrected = overCount(corrected, options.thresholdNs);
  if (options.sessionSizes !== undefined) {
    const fastShare = measured.requests === 0 ? 1 : 1 - measured.over / measured.requests;
    misery.sessionChance = options.sessionSizes.map((requests) => ({ requests, percent: (1 - fastShare ** requests) * 100 }));
  }
  return misery;
}
