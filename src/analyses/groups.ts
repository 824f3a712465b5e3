/**
 * The groups of a report (`--group-by`): each group's summary (and corrected summary and misery), sorted worst
 * first — by the corrected figures when coordinated omission is corrected, since those are what users saw, and by a
 * percentile with the group's failures counted in when they were left out — and cut to the `--top` worst. Ties keep
 * name order. When the inputs tell failures, each group has its own failed
 * requests and, when they were left out, its percentiles with them counted in: a group that got fast by failing
 * must not look well.
 */
import { requestsOf, type Group, type GroupRecorder } from "../core/group-recorder.js";
import type { LatencyRecorder } from "../core/recorder.js";
import { requestMisery, type RequestMisery, type RequestMiseryOptions } from "./misery.js";
import { summarizeCorrected, summarizeRecorder, type Summary } from "./summary.js";
import { percentilesWithFailures, withFailuresLeftOut, type WithFailures } from "./with-failures.js";

/** What groups can be sorted by (`--sort`). */
export const GROUP_SORTS = ["p50", "p99", "p99.9", "max", "count", "name"] as const;

/** One of GROUP_SORTS. */
export type GroupSort = (typeof GROUP_SORTS)[number];

/** One group's figures. */
export interface GroupFigures {
  /** The group's values joined with ", " (one value when grouping by one name). */
  name: string;
  /** One value per group-by name. */
  values: string[];
  summary: Summary;
  corrected?: Summary;
  misery?: RequestMisery;
  /** Its failed requests and their rate (0–1) among its requests, when the inputs tell failures; `excluded` of them are left out of `summary`. */
  failed?: { count: number; requests: number; rate: number; excluded: number };
  /** Its percentiles with its failures counted in, when every failure was left out (with-failures.ts). */
  withFailures?: WithFailures;
}

/** The groups as a report shows them. */
export interface GroupsData {
  /** The group-by names. */
  names: string[];
  sort: GroupSort;
  /** Distinct groups found. */
  count: number;
  /** Worst first, at most `--top`. */
  shown: GroupFigures[];
  /** Group-by names no request had a value for (every request is in the `(none)` group for them). */
  unseen: string[];
}

/** How to build the groups. */
export interface GroupsOptions {
  percentileLabels: readonly string[];
  sort: GroupSort;
  /** Groups to keep; undefined keeps all. */
  top?: number;
  /** Misery per group, with `--threshold`. */
  misery?: RequestMiseryOptions;
  /** The inputs tell failures (some status, success flag or error). */
  failuresKnown: boolean;
  /** Percentiles with failures counted in, as the report's (its `failuresAsNs`): when the report has them. */
  withFailures?: { failuresAsNs?: number };
}

/** Figures of every group: `corrected` holds each group's corrected recorder (see group-correction.ts). */
export function buildGroups(recorder: GroupRecorder, corrected: LatencyRecorder[] | undefined, options: GroupsOptions): GroupsData {
  const ranked = recorder.groups.map((group) => {
    const lead = corrected?.[group.index] ?? group.raw;
    return { group, key: sortKey(lead, group, options.sort, options.failuresKnown), name: group.values.join(", ") };
  });
  ranked.sort((a, b) => worseFirst(a.key, b.key) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const shown = ranked.slice(0, options.top ?? ranked.length).map(({ group, name }): GroupFigures => {
    const correctedRecorder = corrected?.[group.index];
    const figures: GroupFigures = { name, values: group.values, summary: summarizeRecorder(group.raw, options.percentileLabels) };
    if (correctedRecorder !== undefined) figures.corrected = summarizeCorrected(correctedRecorder, group.raw, options.percentileLabels);
    if (options.misery !== undefined) figures.misery = requestMisery(group.raw, group, options.misery, correctedRecorder);
    if (options.failuresKnown) {
      const requests = requestsOf(group);
      figures.failed = { count: group.failed, requests, rate: requests === 0 ? 0 : group.failed / requests, excluded: group.leftOut };
    }
    const withFailures = options.failuresKnown && options.withFailures !== undefined ? withFailuresLeftOut(group.raw, group.failed, group.leftOut, options.percentileLabels, options.withFailures.failuresAsNs) : undefined;
    if (withFailures !== undefined) figures.withFailures = withFailures;
    return figures;
  });
  return {
    names: [...recorder.options.names],
    sort: options.sort,
    count: recorder.groups.length,
    shown,
    unseen: recorder.options.names.filter((_, i) => !recorder.valueSeen[i]),
  };
}

/**
 * The figures groups are sorted on, larger being worse, the second deciding ties of the first. A percentile counts
 * the group's failures as slower than any success when they were left out of its histogram (as the report's
 * figures with failures do): a group that got fast by failing must not sort as one of the best, nor be cut by
 * `--top`. Where the percentile falls among the failures, the failure rate ranks the groups.
 */
function sortKey(recorder: LatencyRecorder, group: Group, sort: GroupSort, failuresKnown: boolean): [number, number] {
  switch (sort) {
    case "count":
      return [recorder.count, 0];
    case "max":
      return [recorder.maxNs, 0];
    case "name":
      return [0, 0];
    default: {
      const percentile = sort.slice(1);
      if (!failuresKnown || group.failed === 0 || group.leftOut !== group.failed) return [recorder.histogram().getValueAtPercentile(Number(percentile)), 0];
      const withFailures = percentilesWithFailures(recorder.histogram(), group.failed, [percentile]).percentiles[0]!.valueNs;
      return [withFailures ?? Infinity, group.failed / requestsOf(group)];
    }
  }
}

/** Negative when key `a` is worse (sorts first), by the first figure, then the second. */
function worseFirst(a: readonly [number, number], b: readonly [number, number]): number {
  for (let i = 0; i < 2; i++) if (a[i] !== b[i]) return a[i]! > b[i]! ? -1 : 1;
  return 0;
}
