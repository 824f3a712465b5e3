/** How a percentile's confidence interval and "insufficient data" mark are written for people. */
import type { PercentileValue, Summary } from "../analyses/summary.js";
import { percentileName, formatCount } from "./values.js";

/** Marks a percentile with fewer than 10 samples beyond it; explained by `insufficientNotes`. */
export const INSUFFICIENT_MARK = "*";

/** `12.3`, `12.3 (11.9–12.8)` with `ci`, then `*` when insufficient; a clamped bound reads `≤1.93` or `1500+`. */
export function percentileCell(p: PercentileValue, format: (ns: number) => string, ci: boolean): string {
  let text = format(p.valueNs);
  if (ci && p.ci) text += ` (${p.ci.loClamped ? "≤" : ""}${format(p.ci.loNs)}–${format(p.ci.hiNs)}${p.ci.hiClamped ? "+" : ""})`;
  return p.insufficient ? text + INSUFFICIENT_MARK : text;
}

/** E.g. `p99.99 needs ≥ 100,000 samples, have 2,000`. */
export function describeInsufficient(p: PercentileValue): string {
  const n = formatCount;
  const { needed, have, realBeyond } = p.insufficient!;
  if (realBeyond !== undefined) return `${percentileName(p.label)} rests on ${n(realBeyond)} real ${realBeyond === 1 ? "request" : "requests"}`;
  if (!Number.isFinite(needed)) return `${percentileName(p.label)} is the sample max: no number of samples makes it a measured tail`;
  return `${percentileName(p.label)} needs ≥ ${n(needed)} samples, have ${n(have)}`;
}

/** Footnotes for the mark, one per row (named when there are several) that has insufficient percentiles. */
export function insufficientNotes(rows: { name: string; summary: Summary }[]): string[] {
  const notes: string[] = [];
  for (const { name, summary } of rows) {
    const short = summary.percentiles.filter((p) => p.insufficient);
    if (short.length === 0) continue;
    const prefix = rows.length > 1 ? `${name}: ` : "";
    const [corrected, raw] = [short.filter((p) => p.insufficient!.realBeyond !== undefined), short.filter((p) => p.insufficient!.realBeyond === undefined)];
    if (raw.length > 0) notes.push(`${INSUFFICIENT_MARK} insufficient data (fewer than 10 samples beyond): ${prefix}${raw.map(describeInsufficient).join("; ")}`);
    if (corrected.length > 0) {
      notes.push(`${INSUFFICIENT_MARK} insufficient data (fewer than 10 real requests at or beyond; back-filled ones are not data): ${prefix}${corrected.map(describeInsufficient).join("; ")}`);
    }
  }
  return notes;
}

/**
 * One footnote for many rows (the groups of `--group-by`), per percentile rather than per row:
 * `* insufficient data (fewer than 10 samples beyond): p99 in 3 of 4 rows (needs ≥ 1,000 samples); …`.
 */
export function insufficientCountNote(rows: { summary: Summary }[]): string[] {
  const n = formatCount;
  const parts: string[] = [];
  for (const p of rows[0]?.summary.percentiles ?? []) {
    const short = rows.flatMap((r) => r.summary.percentiles.filter((q) => q.label === p.label && q.insufficient));
    if (short.length === 0) continue;
    const needed = short[0]!.insufficient!.needed;
    const need = Number.isFinite(needed) ? `needs ≥ ${n(needed)} samples` : "the sample max";
    parts.push(`${percentileName(p.label)} in ${n(short.length)} of ${n(rows.length)} rows (${need})`);
  }
  return parts.length === 0 ? [] : [`${INSUFFICIENT_MARK} insufficient data (fewer than 10 samples beyond): ${parts.join("; ")}`];
}

/** A note on what the intervals are, for outputs that show them. */
export const CI_NOTE = "(lo–hi): 95% confidence interval from order statistics; ≤ / + : the bound lies beyond the sample's min / max";
