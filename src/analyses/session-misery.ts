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

/** The session misery, or undefined when no request named a session. */
export function sessionMisery(recorder: SessionRecorder, field: string, top: number, failuresKnown: boolean): SessionMisery | undefined {
  const sessions = recorder.sessions();
  if (sessions.length === 0) return undefined;
  const withOver = sessions.filter((s) => s.over > 0).length;
  const withFailed = sessions.filter((s) => s.failed > 0).length;
  return {
    field,
    sessions: sessions.length,
    missing: recorder.missing,
    withOver,
    withOverPercent: percentOf(withOver, sessions.length),
    ...(failuresKnown ? { withFailed, withFailedPercent: percentOf(withFailed, sessions.length) } : {}),
    worst: [...sessions].sort(worseFirst).slice(0, top),
  };
}
