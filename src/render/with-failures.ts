/** The percentiles that count failures as misery (analyses/with-failures.ts), for people and for JSON. */
import type { WithFailures } from "../analyses/with-failures.js";
import type { TimeUnit } from "../base/units.js";
import { exactInUnit, formatCount, formatDuration, formatPercent, formatSignificant, percentileName } from "./values.js";

/** What a percentile reads in a table when its rank falls among the failures. */
export const FAILED_CELL = "failed";

/**
 * One line for people, said only when some request failed:
 * `with failures (1,258 of 20,000 failed, 6.29%, counted as slower than any success): p50 12.3 · p99 failed`.
 */
export function withFailuresLine(w: WithFailures, unit: TimeUnit, digits: number): string | undefined {
  if (w.failed === 0) return undefined;
  const how = w.failuresAsNs === undefined ? "counted as slower than any success" : `counted at ${formatDuration(w.failuresAsNs)} (--failures-as)`;
  const cells = w.percentiles.map((p) => `${percentileName(p.label)} ${p.valueNs === null ? FAILED_CELL : formatSignificant(p.valueNs, unit, digits)}`);
  return `with failures (${formatCount(w.failed)} of ${formatCount(w.requests)} failed, ${formatPercent((100 * w.failed) / w.requests)}, ${how}), in ${unit}: ${cells.join(" · ")}`;
}

/** `withFailures: { failed, requests, failuresAs, percentiles: { "99": null, … } }`, latencies in `unit`. */
export function jsonWithFailures(w: WithFailures, unit: TimeUnit): Record<string, unknown> {
  const percentiles: Record<string, number | null> = {};
  for (const p of w.percentiles) percentiles[p.label] = p.valueNs === null ? null : exactInUnit(p.valueNs, unit);
  return { failed: w.failed, requests: w.requests, failuresAs: w.failuresAsNs === undefined ? null : exactInUnit(w.failuresAsNs, unit), percentiles };
}
