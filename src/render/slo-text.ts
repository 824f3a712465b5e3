/** The SLO view (`--slo`) for people: SLI, error budget, and the windows burning it fastest. */
import type { SloData, SloStanding, SloWindows } from "../analyses/slo.js";
import type { Block } from "./blocks.js";
import { flooredPercent } from "./budget-cells.js";
import { formatCount, formatDuration, formatInstant, formatPercent } from "./values.js";

const n = formatCount;
/** The error budget is a fraction of requests: two decimals at most. */
const budget = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });

/** The SLO blocks. */
export function sloBlocks(slo: SloData): Block[] {
  const target = String(slo.targetPercent);
  const blocks: Block[] = [{ text: `SLO ${slo.objective}: ${standing(slo.raw, target, formatDuration(slo.thresholdNs))}${ERRORS_NOTE[slo.errors]}` }];
  if (slo.raw.requests < slo.minimumSamples) {
    blocks.push({ text: `(a ${target}% objective needs ≥ ${n(slo.minimumSamples)} requests to rest on 10 bad ones; have ${n(slo.raw.requests)})` });
  }
  if (slo.corrected !== undefined) blocks.push({ text: `Corrected for coordinated omission: ${standing(slo.corrected, target, formatDuration(slo.thresholdNs))}` });
  if (slo.windows !== undefined) blocks.push(...burnBlocks(slo.windows));
  return blocks;
}

/** What the SLO line says of failed requests (nothing when the input tells none). */
const ERRORS_NOTE: Record<SloData["errors"], string> = {
  bad: " Failed requests count as bad (--slo-errors exclude leaves them out).",
  excluded: " Failed requests are left out (--slo-errors exclude).",
  "by-latency": " Failed requests are judged by their latency (--include-errors).",
  unknown: "",
};

function standing(s: SloStanding, target: string, threshold: string): string {
  const missed = s.missed ? " — objective missed" : "";
  return (
    `SLI ${flooredPercent(s.sliPercent, target)}% (${n(s.good)} of ${n(s.requests)} requests under ${threshold}); ` +
    `error budget ${budget(s.errorBudget)} requests, ${n(s.bad)} used (${formatPercent(s.budgetUsedPercent)})${missed}.`
  );
}

function burnBlocks(w: SloWindows): Block[] {
  const text = `Burn rate per ${formatDuration(w.intervalNs)} window (bad share ÷ the share the SLO allows): ${n(w.burning)} of ${n(w.burnRates.length)} windows burned faster than 1×`;
  if (w.fastest.length === 0) return [{ text: `${text}.` }];
  return [
    { text: `${text}; fastest:` },
    { header: ["window", "requests", "bad", "burn rate"], rows: w.fastest.map((b) => [formatInstant(b.startNs), n(b.requests), n(b.bad), `${b.burnRate.toFixed(1)}×`]) },
  ];
}
