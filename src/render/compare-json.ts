/**
 * `latstat compare --json`: a versioned document (schema 1, `command: "compare"`). Every latency is in `unit`.
 *
 *   { schema: 1, command: "compare", unit, latencies: "raw", confidence: 0.95, strictGate, failed,
 *     base: { input, ...summary },
 *     candidates: [ { input, ...summary,
 *                     changes: { "<min|mean|stddev|p<label>|max>": { base, cand, delta, deltaPercent,
 *                                                                    verdict?, insufficient? } },
 *                     distribution: { test: "kolmogorov-smirnov", d, pValue, significant, direction,
 *                                     at, baseCdf, candCdf } | null (a side without values),
 *                     failedChange?: { base, cand, deltaPoints, verdict }, fasterByFailing,
 *                     gates: [ { gate, met, exceeded?, slower?, byFailures? } ] } ] }
 *
 *   failures      per side: { failed, requests, rate, ci: [lo, hi] } (rates 0–1, Wilson 95% interval), or null
 *                 when the input says nothing about failures; `withFailures` as in `report --json`
 *   failedChange  when both sides tell failures: the rates, cand − base in percentage points, and `worse` |
 *                 `better` | `no significant change` (two-proportion z-test at 95%); `fasterByFailing` is true
 *                 when some percentile is faster and none slower while the failure rate is worse
 *   byFailures    the gate was met by a significant rise of the failure rate (not with --allow-more-failures)
 *
 *   input    { file, format, assumedUnit, lines, entries, recorded, skipped, rejected, rejectedByReason } (as in `report`)
 *   summary  count, min, max, mean, stddev, percentiles, percentileDetails — exactly as `raw` in `report --json`
 *   verdict  percentiles only: "slower" | "faster" | "no significant change" (from disjoint 95% intervals)
 *   deltaPercent  null when the base is 0
 *   direction     "slower" | "faster" | "none": which way the largest CDF gap leans; `at` is where (a value)
 *   precision     present when the inputs' histograms had different precision: { digits, lowestDiscernible (ns),
 *                 converted: [ { file, digits, lowestDiscernible } ] } — every side compared at the coarsest
 *   groups        with --group-by: { by: [names], compared: [ { group, values, base: { input: file, ...summary,
 *                 failures, withFailures? }, candidates: [ { input: file, ...summary, failures, withFailures?,
 *                 failedChange?, fasterByFailing, changes, distribution, gates } ] } ],
 *                 unmatched: [ { group, values, presentIn: [files], missingFrom: [files] } ] }
 *   latencies     "raw", or "corrected" when coordinated-omission flags were given (each side corrected on its
 *                 own); then `correction` names the method (expected-interval, expected-interval-after,
 *                 inferred-interval, schedule)
 */
import type { CandidateResult, CompareData, CompareSide } from "../analyses/compare-report.js";
import { CONFIDENCE_LEVEL } from "../analyses/confidence.js";
import type { KsResult } from "../analyses/ks-test.js";
import type { TimeUnit } from "../base/units.js";
import { JSON_SCHEMA_VERSION } from "./json.js";
import { jsonSummary } from "./json-summary.js";
import type { RenderOptions } from "./types.js";
import { exactInUnit } from "./values.js";
import { jsonWithFailures } from "./with-failures.js";
import type { FailureRate } from "../analyses/failure-rate.js";
import { jsonText } from "./json-text.js";

function jsonRate(f: FailureRate) {
  return { failed: f.failed, requests: f.requests, rate: f.rate, ci: [f.lo, f.hi] };
}

function jsonSide(side: CompareSide, unit: TimeUnit) {
  const a = side.accounting;
  return {
    input: {
      file: side.name,
      format: side.format,
      assumedUnit: side.assumedUnit ?? null,
      lines: a.lines,
      entries: a.entries,
      recorded: a.recorded,
      skipped: a.skipped,
      rejected: a.rejected,
      rejectedByReason: { ...a.rejectedByReason },
    },
    ...jsonSummary(side.summary, unit),
    failures: side.failures ? jsonRate(side.failures) : null,
    ...(side.withFailures ? { withFailures: jsonWithFailures(side.withFailures, unit) } : {}),
  };
}

/** A group of an input: its file, its summary and its own failures (its input's accounting is the whole's). */
function jsonGroupSide(side: CompareSide, unit: TimeUnit) {
  return {
    input: side.name,
    ...jsonSummary(side.summary, unit),
    failures: side.failures ? jsonRate(side.failures) : null,
    ...(side.withFailures ? { withFailures: jsonWithFailures(side.withFailures, unit) } : {}),
  };
}

/** The whole-distribution test; null when a side has no values (a group of failures only). */
function distributionJson(ks: KsResult | undefined, value: (ns: number) => number | null) {
  if (ks === undefined) return null;
  return { test: "kolmogorov-smirnov", d: ks.d, pValue: ks.pValue, significant: ks.significant, direction: ks.direction, at: value(ks.atNs), baseCdf: ks.baseCdf, candCdf: ks.candCdf };
}

/** A candidate's failure change, changes, distribution test and gates. */
function jsonResult({ comparison, gates, failedChange, fasterByFailing }: CandidateResult, unit: TimeUnit) {
  const value = (ns: number) => (Number.isNaN(ns) ? null : exactInUnit(ns, unit));
  return {
    ...(failedChange
      ? { failedChange: { base: failedChange.base.rate, cand: failedChange.cand.rate, deltaPoints: Number(failedChange.deltaPoints.toFixed(6)), verdict: failedChange.verdict } }
      : {}),
    fasterByFailing,
    changes: Object.fromEntries(
      comparison.changes.map((c) => [
        c.name,
        {
          base: value(c.baseNs),
          cand: value(c.candNs),
          delta: value(c.deltaNs),
          deltaPercent: c.deltaPercent === null ? null : Number(c.deltaPercent.toFixed(4)),
          ...(c.percentile ? { verdict: c.percentile.verdict, insufficient: c.percentile.insufficient } : {}),
        },
      ]),
    ),
    distribution: distributionJson(comparison.distribution, value),
    gates: gates.map((g) => ({
      gate: g.gate.text,
      met: g.met,
      ...(g.exceeded !== undefined ? { exceeded: g.exceeded } : {}),
      ...(g.slower !== undefined ? { slower: g.slower } : {}),
      ...(g.byFailures ? { byFailures: true } : {}),
    })),
  };
}

/** Renders a comparison as JSON. */
export function renderCompareJson(data: CompareData, options: RenderOptions): string {
  return jsonText(compareDocument(data, options.outUnit ?? "ms"));
}

/** The comparison's JSON document as data, latencies in `unit`: what `renderCompareJson` writes and the library returns. */
export function compareDocument(data: CompareData, unit: TimeUnit) {
  const groups = data.groups;
  return {
    schema: JSON_SCHEMA_VERSION,
    command: "compare",
    unit,
    latencies: data.latencies,
    ...(data.correction ? { correction: data.correction } : {}),
    ...(data.precision
      ? {
          precision: {
            digits: data.precision.digits,
            lowestDiscernible: data.precision.lowestDiscernibleNs,
            converted: data.precision.converted.map((c) => ({ file: c.name, digits: c.digits, lowestDiscernible: c.lowestDiscernibleNs })),
          },
        }
      : {}),
    confidence: CONFIDENCE_LEVEL,
    strictGate: data.strictGate,
    failed: data.failed,
    base: jsonSide(data.base, unit),
    candidates: data.candidates.map((result) => ({ ...jsonSide(result.side, unit), ...jsonResult(result, unit) })),
    ...(groups
      ? {
          groups: {
            by: groups.by,
            compared: groups.compared.map((g) => ({
              group: g.name,
              values: g.values,
              base: jsonGroupSide(g.base, unit),
              candidates: g.candidates.map((result) => ({ ...jsonGroupSide(result.side, unit), ...jsonResult(result, unit) })),
            })),
            unmatched: groups.unmatched.map((u) => ({ group: u.name, values: u.values, presentIn: u.presentIn, missingFrom: u.missingFrom })),
          },
        }
      : {}),
  };
}

/** The comparison's JSON document (see the file comment). */
export type CompareDocument = ReturnType<typeof compareDocument>;
