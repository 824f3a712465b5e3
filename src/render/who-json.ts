/**
 * The `groups`, `misery` and `slo` keys of the report's JSON document (documented in json.ts): latencies in the
 * document's unit, counts as numbers, shares as percentages 0–100 (`…Percent`), times as ISO-8601 text.
 */
import type { GroupsData } from "../analyses/groups.js";
import type { MiseryData, RequestMisery } from "../analyses/misery.js";
import type { SloData, SloStanding } from "../analyses/slo.js";
import type { TimeUnit } from "../base/units.js";
import { jsonSummary } from "./json-summary.js";
import { jsonWithFailures } from "./with-failures.js";
import { exactInUnit, formatInstant } from "./values.js";

/** A percentage to 6 decimals. */
const pct = (percent: number) => Number(percent.toFixed(6));
/** A figure about failures: null when the input says nothing about them. */
const failure = (known: boolean, value: number | undefined, percent = false) => (!known || value === undefined ? null : percent ? pct(value) : value);

function jsonRequestMisery(m: RequestMisery) {
  return {
    requests: m.requests,
    over: m.over,
    overPercent: pct(m.overPercent),
    failed: m.failed ?? null,
    failedPercent: failure(m.failed !== undefined, m.failedPercent, true),
    ...(m.corrected ? { corrected: { requests: m.corrected.requests, over: m.corrected.over, overPercent: pct(m.corrected.overPercent) } } : {}),
    ...(m.sessionChance ? { sessionChance: m.sessionChance.map((c) => ({ requests: c.requests, percent: pct(c.percent) })) } : {}),
  };
}

/** `groups`: one object per group shown, worst first. */
export function jsonGroups(groups: GroupsData, unit: TimeUnit) {
  return groups.shown.map((g) => ({
    name: g.name,
    values: Object.fromEntries(groups.names.map((name, i) => [name, g.values[i]])),
    ...jsonSummary(g.summary, unit),
    ...(g.corrected ? { corrected: jsonSummary(g.corrected, unit) } : {}),
    ...(g.misery ? { misery: jsonRequestMisery(g.misery) } : {}),
    // As `input.failed`, for the group's own requests: `known` false (and `rate` null) when the inputs tell none.
    failed: g.failed
      ? { count: g.failed.count, rate: g.failed.rate, excluded: g.failed.excluded, known: true }
      : { count: 0, rate: null, excluded: 0, known: false },
    ...(g.withFailures ? { withFailures: jsonWithFailures(g.withFailures, unit) } : {}),
  }));
}

/** `groupBy`: how the groups were made and ordered. */
export function jsonGroupBy(groups: GroupsData) {
  return { names: groups.names, sort: groups.sort, groups: groups.count, shown: groups.shown.length };
}

/** `misery`. */
export function jsonMisery(misery: MiseryData, unit: TimeUnit) {
  const ms = (ns: number) => exactInUnit(ns, unit);
  const w = misery.windows;
  const s = misery.sessions;
  const known = misery.requests.failed !== undefined;
  return {
    threshold: ms(misery.thresholdNs),
    ...jsonRequestMisery(misery.requests),
    ...(w
      ? {
          windows: {
            interval: ms(w.intervalNs),
            windows: w.windows,
            untimed: w.untimed,
            maxOver: w.maxOver,
            maxOverPercent: pct(w.maxOverPercent),
            p99Over: w.p99Over,
            p99OverPercent: pct(w.p99OverPercent),
            withFailed: failure(known, w.withFailed),
            withFailedPercent: failure(known, w.withFailedPercent, true),
            worst: { start: formatInstant(w.worst.startNs), requests: w.worst.requests, over: w.worst.over, failed: failure(known, w.worst.failed), p99: ms(w.worst.p99Ns), max: ms(w.worst.maxNs) },
          },
        }
      : {}),
    ...(s
      ? {
          sessions: {
            field: s.field,
            sessions: s.sessions,
            missing: s.missing,
            withOver: s.withOver,
            withOverPercent: pct(s.withOverPercent),
            withFailed: failure(known, s.withFailed),
            withFailedPercent: failure(known, s.withFailedPercent, true),
            worst: s.worst.map((t) => ({ id: t.id, requests: t.requests, over: t.over, failed: failure(known, t.failed), worst: Number.isFinite(t.worstNs) ? ms(t.worstNs) : null })),
          },
        }
      : {}),
  };
}

function jsonStanding(s: SloStanding) {
  return { requests: s.requests, good: s.good, bad: s.bad, sliPercent: pct(s.sliPercent), errorBudget: pct(s.errorBudget), budgetUsedPercent: pct(s.budgetUsedPercent) };
}

/** `slo`. */
export function jsonSlo(slo: SloData, unit: TimeUnit) {
  const w = slo.windows;
  return {
    objective: slo.objective,
    targetPercent: slo.targetPercent,
    threshold: exactInUnit(slo.thresholdNs, unit),
    minimumSamples: slo.minimumSamples,
    errors: slo.errors,
    ...jsonStanding(slo.raw),
    ...(slo.corrected ? { corrected: jsonStanding(slo.corrected) } : {}),
    ...(w
      ? {
          windows: {
            interval: exactInUnit(w.intervalNs, unit),
            burning: w.burning,
            burnRates: w.burnRates.map((b) => ({ start: formatInstant(b.startNs), requests: b.requests, bad: b.bad, burnRate: pct(b.burnRate) })),
          },
        }
      : {}),
  };
}
