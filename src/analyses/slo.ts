/**
 * The SLO view (`--slo "99% < 500ms"`): the service level indicator (share of good requests, those certainly
 * below the threshold as count-below.ts counts them), the error budget — the (1 − target) × N requests that may
 * be bad — and how much of it the bad requests used. With `--interval`, the burn rate of each window: its bad
 * share over the share the target allows, where 1× spends the budget exactly as fast as the SLO allows.
 *
 * A failed request left out of the histogram (the default) is a bad event: it never came back well, however fast
 * it failed (`errors: "bad"`). `--slo-errors exclude` leaves failures out of the SLI (`"excluded"`). With
 * `--include-errors` they are in the histogram and judged by their latency like any request (`"by-latency"`);
 * `"unknown"` when the input says nothing about failures.
 */
import type { LatencyRecorder } from "../core/recorder.js";
import type { WindowRecorder } from "../core/window-recorder.js";
import type { SloBudget } from "./budget-grammar.js";
import { countBelow } from "./count-below.js";
import { complementOf, minimumSamples, percentOf } from "./percent-arithmetic.js";
import { windowOver } from "./window-misery.js";

/** Good and bad requests of one distribution against the SLO. */
export interface SloStanding {
  requests: number;
  good: number;
  bad: number;
  /** good / requests, in percent. */
  sliPercent: number;
  /** Bad requests the SLO allows: (1 − target) × requests (not rounded). */
  errorBudget: number;
  /** bad / errorBudget, in percent; over 100 means the SLO is missed. */
  budgetUsedPercent: number;
  /** More bad requests than the error budget allows. */
  missed: boolean;
}

/** One window's burn rate. */
export interface BurnWindow {
  /** Start of the window, epoch ns. */
  startNs: number;
  requests: number;
  bad: number;
  /** bad / ((1 − target) × requests): 1 spends the error budget exactly as fast as the SLO allows. */
  burnRate: number;
}

/** How failed requests count against the SLO (see the file comment). */
export type SloErrors = "bad" | "excluded" | "by-latency" | "unknown";

/** What the SLO view knows of failed requests: how they count, and how many were left out of the histogram. */
export interface SloFailures {
  errors: SloErrors;
  leftOut: number;
}

/** Everything the SLO view shows. */
export interface SloData {
  /** How failed requests count. */
  errors: SloErrors;
  /** The objective as written. */
  objective: string;
  targetPercent: number;
  thresholdNs: number;
  /** Requests needed for the target to rest on at least 10 bad ones (as `check` requires). */
  minimumSamples: number;
  raw: SloStanding;
  /** On the corrected figures, when coordinated omission is corrected. */
  corrected?: SloStanding;
  /** With `--interval` and start times. */
  windows?: SloWindows;
}

/** Burn rates per window. */
export interface SloWindows {
  intervalNs: number;
  /** Every window with requests, in time order. */
  burnRates: BurnWindow[];
  /** Windows burning faster than 1×. */
  burning: number;
  /** The fastest-burning windows of those, fastest first (ties: earliest first), at most `top`. */
  fastest: BurnWindow[];
}

function standing(recorder: LatencyRecorder, slo: SloBudget, failures: SloFailures): SloStanding {
  const histogram = recorder.histogram();
  const failed = failures.errors === "bad" ? failures.leftOut : 0;
  const requests = histogram.totalCount + failed;
  const good = countBelow(histogram, slo.thresholdNs);
  const bad = requests - good;
  const errorBudget = complementOf(requests, slo.targetPercent.text);
  return { requests, good, bad, sliPercent: percentOf(good, requests), errorBudget, budgetUsedPercent: percentOf(bad, errorBudget), missed: bad > errorBudget };
}

/** Burn rate per window; undefined when no request had a start time. */
function burnRates(windows: WindowRecorder, slo: SloBudget, top: number, errors: SloErrors): SloWindows | undefined {
  // A window's failures were left out of its histogram: bad events when they count, else nothing to judge.
  const failedOf = (w: { failed: number }) => (errors === "bad" ? w.failed : 0);
  const burnRates = windows.windows().filter((w) => w.count + failedOf(w) > 0).map((w) => {
    const failed = failedOf(w);
    const bad = windowOver(w, windows.layout, slo.thresholdNs) + failed;
    const requests = w.count + failed;
    return { startNs: w.index * windows.intervalNs, requests, bad, burnRate: bad / complementOf(requests, slo.targetPercent.text) };
  });
  if (burnRates.length === 0) return undefined;
  const burning = burnRates.filter((w) => w.burnRate > 1);
  const fastest = [...burning].sort((a, b) => b.burnRate - a.burnRate || a.startNs - b.startNs).slice(0, top);
  return { intervalNs: windows.intervalNs, burnRates, burning: burning.length, fastest };
}

/** The SLO view of `raw` (and `corrected`), with burn rates when windows were recorded; `top` limits the fastest windows. */
export function sloView(slo: SloBudget, top: number, failures: SloFailures, raw: LatencyRecorder, corrected?: LatencyRecorder, windows?: WindowRecorder): SloData {
  const data: SloData = {
    errors: failures.errors,
    objective: slo.expr,
    targetPercent: slo.targetPercent.value,
    thresholdNs: slo.thresholdNs,
    minimumSamples: minimumSamples(slo.targetPercent.text),
    raw: standing(raw, slo, failures),
  };
  if (corrected !== undefined) data.corrected = standing(corrected, slo, failures);
  const rates = windows === undefined ? undefined : burnRates(windows, slo, top, failures.errors);
  if (rates !== undefined) data.windows = rates;
  return data;
}
