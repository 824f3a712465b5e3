/** A Summary as the JSON outputs write it: latencies in the chosen unit, each percentile with its interval. */
import type { Summary } from "../analyses/summary.js";
import type { Insufficiency } from "../analyses/sufficiency.js";
import type { TimeUnit } from "../base/units.js";
import { exactInUnit } from "./values.js";

export interface JsonSummary {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  stddev: number | null;
  percentiles: Record<string, number>;
  percentileDetails: Record<string, JsonPercentileDetail>;
}

/** What JSON says about a percentile beside its value. */
export interface JsonPercentileDetail {
  ci: [number, number] | null;
  ciClamped: [boolean, boolean] | null;
  insufficient?: { needed: number | null; have: number; realBeyond?: number };
}

/** A Summary with its latencies in `unit` (null where there were no values). */
export function jsonSummary(summary: Summary, unit: TimeUnit): JsonSummary {
  const value = (ns: number) => (Number.isNaN(ns) ? null : exactInUnit(ns, unit));
  const percentiles: Record<string, number> = {};
  const percentileDetails: Record<string, JsonPercentileDetail> = {};
  for (const p of summary.percentiles) {
    percentiles[p.label] = exactInUnit(p.valueNs, unit);
    percentileDetails[p.label] = {
      ci: p.ci ? [exactInUnit(p.ci.loNs, unit), exactInUnit(p.ci.hiNs, unit)] : null,
      ciClamped: p.ci ? [p.ci.loClamped, p.ci.hiClamped] : null,
      ...(p.insufficient ? { insufficient: jsonInsufficient(p.insufficient) } : {}),
    };
  }
  return {
    count: summary.count,
    min: value(summary.minNs),
    max: value(summary.maxNs),
    mean: value(summary.meanNs),
    stddev: value(summary.stddevNs),
    percentiles,
    percentileDetails,
  };
}

function jsonInsufficient({ needed, have, realBeyond }: Insufficiency): JsonPercentileDetail["insufficient"] {
  return { needed: Number.isFinite(needed) ? needed : null, have, ...(realBeyond === undefined ? {} : { realBeyond }) };
}
