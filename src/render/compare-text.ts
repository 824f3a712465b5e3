/**
 * The words and cells of a comparison, shared by the compare table and markdown renderers (they differ only in
 * layout and emphasis).
 */
import { escapeControls } from "../base/errors.js";
import type { CommonPrecision, CompareData, CompareGroups, CompareSide, UnmatchedGroup } from "../analyses/compare-report.js";
import type { StatisticChange, Verdict } from "../analyses/compare.js";
import type { GateResult } from "../analyses/gates.js";
import type { KsResult } from "../analyses/ks-test.js";
import type { TimeUnit } from "../base/units.js";
import { percentileCell } from "./percentile-cells.js";
import { counted, formatSignificant, sharedUnit, formatCount, formatPercent, percentileName } from "./values.js";
import type { CandidateResult } from "../analyses/compare-report.js";
import type { FailureRate } from "../analyses/failure-rate.js";
import type { WithFailures } from "../analyses/with-failures.js";
import { FAILED_CELL } from "./with-failures.js";

type Format = (ns: number) => string;

/** Column headings of a comparison table. */
export const COMPARE_HEADER = ["statistic", "base", "candidate", "Δ", "Δ%", "verdict"];

/** What was compared and how, in one line. */
export function compareMethod(data: CompareData): string {
  const latencies =
    data.latencies === "raw"
      ? "raw latencies (no coordinated-omission correction)"
      : `corrected latencies (coordinated omission, ${data.correction === "schedule" ? "response times against the intended schedule" : "HdrHistogram back-fill"}, each side corrected on its own)`;
  return `${latencies}; (lo–hi): 95% confidence intervals; a verdict needs disjoint intervals`;
}

/** Inputs of different precision, in one line: the common precision and who was converted to it. */
export function describePrecision(precision: CommonPrecision): string {
  const shape = (digits: number, lowestNs: number) => `${digits} significant digit${digits === 1 ? "" : "s"}${lowestNs > 1 ? `, lowest discernible value ${lowestNs} ns` : ""}`;
  const converted = precision.converted.map((c) => `${c.name} (recorded at ${shape(c.digits, c.lowestDiscernibleNs)})`).join(", ");
  return `inputs of different precision: compared at ${shape(precision.digits, precision.lowestDiscernibleNs)}, the coarsest; converted: ${converted}`;
}

/** `endpoint=/api` (`endpoint=/api, method=GET` for several names). */
export function groupTitle(groups: CompareGroups, values: readonly string[]): string {
  return groups.by.map((name, i) => escapeControls(`${name}=${values[i]}`)).join(", ");
}

/** E.g. `group endpoint=/new: only in cand.log (not in base.log)`. */
export function describeUnmatched(groups: CompareGroups, group: UnmatchedGroup): string {
  const names = (sides: readonly string[]) => sides.map(escapeControls).join(", ");
  return `group ${groupTitle(groups, group.values)}: only in ${names(group.presentIn)} (not in ${names(group.missingFrom)})`;
}

/** E.g. `base.log: 1,200 values` (a group of an input: the input's accounting is not the group's). */
export function describeGroupSide(side: CompareSide): string {
  return `${escapeControls(side.name)}: ${counted(side.summary.count, "value")}`;
}

/** A row of cells and the direction it leans (for colour), when significant. */
export interface CompareRow {
  cells: string[];
  tone: Verdict | undefined;
}

/** The unit a comparison is printed in: `outUnit`, else the base's (see sharedUnit). */
export function compareUnit(data: CompareData, outUnit: TimeUnit | undefined): TimeUnit {
  return outUnit ?? sharedUnit([data.base.summary, ...data.candidates.map((c) => c.side.summary)]);
}

/** Cells in `unit` with `digits` significant digits. */
export function significantFormat(unit: TimeUnit, digits: number): Format {
  return (ns) => formatSignificant(ns, unit, digits);
}

/** `+12.3`, `-0.456`, `0`. */
export function signed(ns: number, format: Format): string {
  if (Number.isNaN(ns)) return "-";
  if (ns === 0) return "0";
  return (ns > 0 ? "+" : "-") + format(Math.abs(ns));
}

/** `+19.7%`, `-3.0%`, `0.0%`; `-` without a base to compare with. */
export function signedPercent(percent: number | null): string {
  if (percent === null || Number.isNaN(percent)) return "-";
  return `${percent > 0 ? "+" : ""}${percent.toFixed(1)}%`;
}

/** Rows for one candidate: count, then each statistic. */
export function compareRows(base: CompareSide, cand: CompareSide, changes: StatisticChange[], format: Format): CompareRow[] {
  const rows: CompareRow[] = [{ cells: ["count", String(base.summary.count), String(cand.summary.count), "", "", ""], tone: undefined }];
  for (const c of changes) {
    const p = c.percentile;
    const baseCell = p ? percentileCell(p.base, format, true) : format(c.baseNs);
    const candCell = p ? percentileCell(p.cand, format, true) : format(c.candNs);
    const verdict = p ? p.verdict : "";
    rows.push({
      cells: [c.name, baseCell, candCell, signed(c.deltaNs, format), signedPercent(c.deltaPercent), verdict],
      tone: p && p.verdict !== "no significant change" ? p.verdict : undefined,
    });
  }
  return rows;
}

/** E.g. `fixtures/a.log: csv, 10,000 values (3 lines rejected)`. */
export function describeSide(side: CompareSide): string {
  const rejected = side.accounting.rejected;
  return `${escapeControls(side.name)}: ${side.format}, ${counted(side.summary.count, "value")}${rejected > 0 ? ` (${counted(rejected, "line")} rejected)` : ""}`;
}

/** `p = 0.034`, `p < 0.0001`. */
export function formatP(p: number): string {
  return p < 1e-4 ? "p < 0.0001" : `p = ${Number(p.toPrecision(2))}`;
}

/** The whole-distribution test in one line. */
export function describeDistribution(ks: KsResult | undefined, format: Format, unit: TimeUnit): string {
  if (ks === undefined) return "whole distribution (Kolmogorov–Smirnov): not compared, a side has no values";
  const head = `whole distribution (Kolmogorov–Smirnov): D = ${ks.d.toFixed(3)}, ${formatP(ks.pValue)}`;
  if (!ks.significant) return `${head}: no significant difference`;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return `${head}: differs, candidate ${ks.direction} (largest gap at ${format(ks.atNs)} ${unit}: ${pct(ks.baseCdf)} of base, ${pct(ks.candCdf)} of candidate at or below)`;
}

/** The start of the line that says a candidate is faster by failing more. */
export const FASTER_BY_FAILING = "faster only because more requests failed";

/** A rate as a percentage for people: `0.385%`. */
function ratePercent(rate: number): string {
  return formatPercent(100 * rate);
}

/** E.g. `failed: 77 of 20,000 requests (0.385%, 95% interval 0.308–0.481%)`. */
export function describeFailures(failures: FailureRate): string {
  const interval = `${formatPercent(100 * failures.lo).replace(/%$/, "")}–${ratePercent(failures.hi)}`;
  return `failed: ${formatCount(failures.failed)} of ${formatCount(failures.requests)} requests (${ratePercent(failures.rate)}, 95% interval ${interval})`;
}

/**
 * What a candidate's failures say, in lines: the change of the failure rate and its verdict; when it is faster
 * only by failing more, that in one line; and the percentiles with failures counted in, side by side.
 */
export function describeFailureChange(result: CandidateResult, base: CompareSide, format: Format, unit: TimeUnit): string[] {
  const change = result.failedChange;
  if (change === undefined) return [];
  const points = `${change.deltaPoints > 0 ? "+" : ""}${Number(change.deltaPoints.toPrecision(3))}pp`;
  const lines = [`failure rate ${ratePercent(change.base.rate)} → ${ratePercent(change.cand.rate)} (${points}): ${change.verdict}`];
  if (result.fasterByFailing) lines.push(`${FASTER_BY_FAILING}: ${ratePercent(change.base.rate)} → ${ratePercent(change.cand.rate)}`);
  const w = withFailuresPair(base.withFailures, result.side.withFailures);
  if (w !== undefined && (w.base.failed > 0 || w.cand.failed > 0)) {
    const value = (ns: number | null) => (ns === null ? FAILED_CELL : format(ns));
    const how = w.base.failuresAsNs === undefined ? "counted as slower than any success" : "counted at --failures-as";
    const cells = w.base.percentiles.map((p, i) => `${percentileName(p.label)} ${value(p.valueNs)} → ${value(w.cand.percentiles[i]!.valueNs)}`);
    lines.push(`with failures (${how}), in ${unit}: ${cells.join(" · ")}`);
  }
  return lines;
}

function withFailuresPair(base: WithFailures | undefined, cand: WithFailures | undefined): { base: WithFailures; cand: WithFailures } | undefined {
  return base === undefined || cand === undefined ? undefined : { base, cand };
}

/** A gate's outcome, e.g. `FAILED p99 > +10%: p99 +19.7% (+13.2 ms), slower`. */
export function describeGate(result: GateResult, format: Format, unit: TimeUnit): string {
  const status = result.met ? "FAILED" : "passed";
  if (result.byFailures) return `${status} ${result.gate.text}: the failure rate rose significantly (--allow-more-failures lets it pass)`;
  if (result.gate.kind === "failed") {
    const note = result.exceeded && !result.met ? " — beyond the limit but not significant (--strict-gate counts it)" : "";
    return `${status} ${result.gate.text}${result.exceeded ? ": the failure rate rose beyond the limit" : ""}${note}`;
  }
  if (result.gate.kind === "any slower") {
    return `${status} ${result.gate.text}: ${result.slower!.length > 0 ? `${result.slower!.join(", ")} slower` : "no percentile significantly slower"}`;
  }
  const c = result.change!;
  const verdict = c.percentile!.verdict;
  const what = `${c.name} ${signedPercent(c.deltaPercent)} (${signed(c.deltaNs, format)} ${unit}), ${verdict}`;
  const note = result.exceeded && !result.met ? " — beyond the limit but not significant (--strict-gate counts it)" : "";
  return `${status} ${result.gate.text}: ${what}${note}`;
}
