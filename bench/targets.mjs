// The targets the bench judges, each computed from the runs of one or two commands: the figure is the median of
// per-run values (per-round ratios for comparisons: the two commands ran side by side), its spread their min–max.
import { median, pairedRatios, summarize } from "./stats.mjs";

const series = (entry, name) => entry.runs.map((run) => run[name]);

/**
 * A target: `label` as the issue words it, the ids of the commands it needs, and `values(entries, commands)`
 * giving the per-run (or per-round) values whose median is compared with `goal` (at most or at least).
 */
const make = (label, ids, unit, goal, atMost, values) => ({ label, ids, unit, goal, atMost, values });

/** Wall time of `id` at most `seconds`. */
export const seconds = (label, id, limit) => make(label, [id], "s", limit, true, ([a]) => series(a, "wallS"));

/** Throughput of `id` (its input's bytes over wall time) at least `mbPerS`. */
export const throughput = (label, id, mbPerS) =>
  make(label, [id], "MB/s", mbPerS, false, ([a], [command]) => series(a, "wallS").map((wall) => command.bytes / 1e6 / wall));

/** Peak RSS of `id` at most `mb`. */
export const peakRss = (label, id, mb) => make(label, [id], "MB", mb, true, ([a]) => series(a, "rssMb"));

/** `slowId` takes at least `factor` times as long as `fastId` (latstat is that much faster). */
export const fasterBy = (label, fastId, slowId, factor) =>
  make(label, [fastId, slowId], "×", factor, false, ([fast, slow]) => pairedRatios(series(slow, "wallS"), series(fast, "wallS")));

/** `id` takes at most `factor` times as long as `baseId`. */
export const slowerAtMost = (label, id, baseId, factor) =>
  make(label, [id, baseId], "×", factor, true, ([a, base]) => pairedRatios(series(a, "wallS"), series(base, "wallS")));

/** Peak RSS of `bigId` at most `factor` times that of `smallId`. */
export const rssGrowthAtMost = (label, bigId, smallId, factor) =>
  make(label, [bigId, smallId], "×", factor, true, ([big, small]) => pairedRatios(series(big, "rssMb"), series(small, "rssMb")));

/** A target that cannot be measured here, with the reason. */
export const notMeasured = (label, reason) => ({ label, ids: [], reason });

/**
 * Judges `target` on `results` (id → {runs, error}) of `commands` (id → command). Returns
 * {label, figure, min, max, unit, goal, atMost, met, loads, othersCores} or {label, reason} when not measured.
 */
export function judge(target, results, commands) {
  if (target.reason) return { label: target.label, reason: target.reason };
  const entries = target.ids.map((id) => results.get(id));
  const missing = target.ids.find((id) => !results.has(id));
  if (missing) return { label: target.label, reason: `${missing} was not run` };
  const failed = target.ids.find((id) => results.get(id).error);
  if (failed) return { label: target.label, reason: `${commands.get(failed).label} failed: ${results.get(failed).error}` };
  const spread = summarize(target.values(entries, target.ids.map((id) => commands.get(id))));
  if (!spread) return { label: target.label, reason: "no figure (peak RSS needs /proc or the usage hook)" };
  const met = target.atMost ? spread.median <= target.goal : spread.median >= target.goal;
  return {
    label: target.label,
    figure: spread.median,
    min: spread.min,
    max: spread.max,
    unit: target.unit,
    goal: target.goal,
    atMost: target.atMost,
    met,
    loads: summarize(entries.flatMap((entry) => series(entry, "load1"))),
    othersCores: median(entries.flatMap((entry) => series(entry, "othersCores"))),
  };
}
