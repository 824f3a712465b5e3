/**
 * Misery per user session (`--session`): the share of sessions that met at least one request over the threshold
 * (or a failed one), and the worst sessions — most requests over, then most failed, then the worst latency.
 */
import type { SessionRecorder, SessionTally } from "../core/session-recorder.js";
import { percentOf } from "./percent-arithmetic.js";

/** What the sessions went through. */
export interface SessionMisery {
  /** The column or field naming sessions. */
  field: string;
  sessions: number;
  /** Requests without a session value, in no session. */
  missing: number;
  withOver: number;
  withOverPercent: number;
  /** Sessions with a failed request; undefined when failures are unknown. */
  withFailed?: number;
  withFailedPercent?: number;
  /** The worst sessions, worst first, at most `top`. */
  worst: SessionTally[];
}

function worseFirst(a: SessionTally, b: SessionTally): number {
  return b.over - a.over || b.failed - a.failed || b.worstNs - a.worstNs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Whether session `index` comes before `tally` in `worseFirst` order, read without making its tally. */
function isWorse(recorder: SessionRecorder, index: number, tally: SessionTally): boolean {
  const over = recorder.overAt(index);
  if (over !== tally.over) return over > tally.over;
  const failed = recorder.failedAt(index);
  if (failed !== tally.failed) return failed > tally.failed;
  const worstNs = recorder.worstNsAt(index);
  if (worstNs !== tally.worstNs) return worstNs > tally.worstNs;
  return recorder.idAt(index) < tally.id;
}

/**
 * The `top` worst sessions, worst first: the same as sorting all of them by `worseFirst`, but in one pass that
 * keeps `top` (there may be millions of sessions and 5 to show).
 */
function worstSessions(recorder: SessionRecorder, top: number): SessionTally[] {
  const worst: SessionTally[] = [];
  if (top <= 0) return worst;
  for (let index = 0; index < recorder.size; index++) {
    if (worst.length === top && !isWorse(recorder, index, worst[top - 1]!)) continue;
    const tally = recorder.tallyAt(index);
    let low = 0;
    let high = worst.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (worseFirst(worst[middle]!, tally) < 0) low = middle + 1;
      else high = middle;
    }
    worst.splice(low, 0, tally);
    if (worst.length > top) worst.pop();
  }
  return worst;
}

/** The session misery, or undefined when no request named a session. */
export function sessionMisery(recorder: SessionRecorder, field: string, top: number, failuresKnown: boolean): SessionMisery | undefined {
  const sessions = recorder.size;
  if (sessions === 0) return undefined;
  let withOver = 0;
  let withFailed = 0;
  for (let index = 0; index < sessions; index++) {
    if (recorder.overAt(index) > 0) withOver++;
    if (recorder.failedAt(index) > 0) withFailed++;
  }
  return {
    field,
    sessions,
    missing: recorder.missing,
    withOver,
    withOverPercent: percentOf(withOver, sessions),
    ...(failuresKnown ? { withFailed, withFailedPercent: percentOf(withFailed, sessions) } : {}),
    worst: worstSessions(recorder, top),
  };
}
