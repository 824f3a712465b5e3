/**
 * The SLO view (`--slo "99% < 500ms"`): the service level indicator (share of good requests, those certainly
 * below the threshold as count-below.ts counts them), the error budget — the (1 − target) × N requests that may
 * be bad — and how much of it the bad requests used. With `--interval`, the burn rate of each window: its bad
 * share over the share the target allows, where 1× spends the budget exactly as fast as the SLO allows.
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

/** Everything the SLO view shows. */
export interface SloData {
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

function standing(recorder: LatencyRecorder, slo: SloBudget): SloStanding {
  const histogram = recorder.histogram();
  const requests = histogram.totalCount;
  const good = countBelow(histogram, slo.thresholdNs);
  const bad = requests - good;
  const errorBudget = complementOf(requests, slo.targetPercent.text);
  return { requests, good, bad, sliPercent: percentOf(good, requests), errorBudget, budgetUsedPercent: percentOf(bad, errorBudget), missed: bad > errorBudget };
}

/** Burn rate per window; undefined when no request had a start time. */
function burnRates(windows: WindowRecorder, slo: SloBudget, top: number): SloWindows | undefined {
  // Windows whose only requests failed have no latencies to judge.
  const burnRates = windows.windows().filter((w) => w.count > 0).map((w) => {
    const bad = windowOver(w, windows.layout, slo.thresholdNs);
    return { startNs: w.index * windows.intervalNs, requests: w.count, bad, burnRate: bad / complementOf(w.count, slo.targetPercent.text) };
  });
  if (burnRates.length === 0) return undefined;
  const burning = burnRates.filter((w) => w.burnRate > 1);
  const fastest = [...burning].sort((a, b) => b.burnRate - a.burnRate || a.startNs - b.startNs).slice(0, top);
  return { intervalNs: windows.intervalNs, burnRates, burning: burning.length, fastest };
}

/** The SLO view of `raw` (and `corrected`), with burn rates when windows were recorded; `top` limits the fastest windows. */
export function sloView(slo: SloBudget, top: number, raw: LatencyRecorder, corrected?: LatencyRecorder, windows?: WindowRecorder): SloData {
  const data: SloData = {
    objective: slo.expr,
    targetPercent: slo.targetPercent.value,
    thresholdNs: slo.thresholdNs,
    minimumSamples: minimumSamples(slo.targetPercent.text),
    raw: standing(raw, slo),
  };
  if (corrected !== undefined) data.corrected = standing(corrected, slo);
  const rates = windows === undefined ? undefined : burnRates(windows, slo, top);
  if (rates !== undefined) data.windows = rates;
  return data;
}
