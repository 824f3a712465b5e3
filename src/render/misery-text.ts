/**
 * The misery metrics (`--threshold`) for people: sentences, and a table of the worst sessions. Failures are
 * mentioned only when the input says which requests failed.
 */
import type { MiseryData, RequestMisery } from "../analyses/misery.js";
import type { SessionMisery } from "../analyses/session-misery.js";
import type { WindowMisery } from "../analyses/window-misery.js";
import type { Block } from "./blocks.js";
import { formatDuration, formatInstant, formatPercent, formatCount } from "./values.js";

const n = formatCount;

/** `2 of 6 (33.3%)`. */
function share(part: number, whole: number, percent: number): string {
  return `${n(part)} of ${n(whole)} (${formatPercent(percent)})`;
}

/** Every misery block; `digits` is the precision of measured latencies. */
export function miseryBlocks(misery: MiseryData, digits: number): Block[] {
  const over = `${formatDuration(misery.thresholdNs)} or longer`;
  const blocks: Block[] = requestBlocks(misery.requests, over);
  if (misery.windows !== undefined) blocks.push(windowBlock(misery.windows, over, digits));
  if (misery.sessions !== undefined) blocks.push(...sessionBlocks(misery.sessions, over, digits, formatDuration(misery.thresholdNs)));
  return blocks;
}

function requestBlocks(r: RequestMisery, over: string): Block[] {
  const failed = r.failed === undefined ? "" : `; ${n(r.failed)} (${formatPercent(r.failedPercent!)}) failed`;
  const blocks: Block[] = [{ text: `Misery: ${share(r.over, r.requests, r.overPercent)} requests took ${over}${failed}.` }];
  if (r.corrected !== undefined) {
    blocks.push({ text: `Corrected for coordinated omission: ${share(r.corrected.over, r.corrected.requests, r.corrected.overPercent)} requests took ${over}.` });
  }
  if (r.sessionChance !== undefined) {
    const sizes = r.sessionChance.map((c) => n(c.requests)).join(" / ");
    const chances = r.sessionChance.map((c) => formatPercent(c.percent)).join(" / ");
    blocks.push({ text: `A session of ${sizes} requests meets at least one that took ${over}: ${chances} (assuming independence).` });
  }
  return blocks;
}

function windowBlock(w: WindowMisery, over: string, digits: number): Block {
  const worst = w.worst;
  const failed = w.withFailed === undefined ? "" : `, ${n(w.withFailed)} (${formatPercent(w.withFailedPercent!)}) a failed request`;
  return {
    text:
      `Windows of ${formatDuration(w.intervalNs)}: ${share(w.maxOver, w.windows, w.maxOverPercent)} had a request that took ${over}, ` +
      `${n(w.p99Over)} (${formatPercent(w.p99OverPercent)}) a p99 of ${over}${failed}. ` +
      `Worst: ${formatInstant(worst.startNs)}, p99 ${formatDuration(worst.p99Ns, digits)}, max ${formatDuration(worst.maxNs, digits)}, ` +
      `${n(worst.over)} of ${n(worst.requests)} requests over.`,
  };
}

function sessionBlocks(s: SessionMisery, over: string, digits: number, threshold: string): Block[] {
  const known = s.withFailed !== undefined;
  const failed = known ? `, ${n(s.withFailed!)} (${formatPercent(s.withFailedPercent!)}) a failed one` : "";
  return [
    { text: `Sessions by ${s.field}: ${share(s.withOver, s.sessions, s.withOverPercent)} met a request that took ${over}${failed}. Worst sessions:` },
    {
      header: [s.field, "requests", `≥ ${threshold}`, ...(known ? ["failed"] : []), "worst"],
      rows: s.worst.map((t) => [t.id, n(t.requests), n(t.over), ...(known ? [n(t.failed)] : []), Number.isFinite(t.worstNs) ? formatDuration(t.worstNs, digits) : "-"]),
    },
  ];
}
