/**
 * Closed or open loop, from the log itself — the question coordinated-omission correction rests on.
 *
 * A closed-loop sender waits for each response before its next request: while a response is slow it sends
 * nothing, and the requests it would have sent are missing from the log. An open-loop sender keeps its schedule:
 * a stall shows up as many slow requests that are all in the log, and back-filling them would count it twice.
 * Evidence for each, strongest first:
 * - a sender column: a sender's requests never overlap (closed) or do (open), each sender judged on its own;
 * - starts that follow ends by a fixed lag (send-pattern.ts): closed;
 * - a silence: for several send intervals every sender had a request in flight and none started (closed);
 * - paced senders' missed sends: a slow response outlasted the sender's next due send, and no request was sent
 *   then (closed; sends made then prove nothing, since evenly phased senders make them for one another);
 * - a pile-up: far more requests in flight than there are schedules, or than usual, and starts went on (open).
 * When none of these is in the log — sends on a schedule that responses never outlasted, too few requests, start
 * times too coarse — the honest answer is "unknown", and then nothing looks omitted either.
 */
import { SILENCE_INTERVALS } from "../core/even-phases.js";
import type { Occupancy } from "../core/occupancy.js";
import type { PileUp } from "../core/pile-up.js";
import { sendsWithoutWaiting, type CountsGaveUp, type SenderOverlaps } from "../core/schedule-sketch.js";
import type { SenderChains } from "../core/sender-chains.js";
import type { SendFingerprint } from "../core/send-pattern.js";

/** Why the loop is known, as data the renderers word. */
export type LoopEvidence =
  /**
   * Requests of each of `senders` senders (named by a column or field) did not overlap, but for `overlapping` (from
   * times rounded apart): each waited for its response. `open`: the column's other senders, whose requests did
   * overlap (they do not wait, and are left as they are).
   */
  | { kind: "sender-column"; senders: number; overlapping: number; open?: OpenSenders }
  /** Requests of every sender overlapped: their sends do not wait for responses. */
  | { kind: "sender-overlap"; overlapping: number; requests: number }
  /** `share` of the starts came `lagNs` after some response ended, where chance would put `chance`. */
  | { kind: "reaction"; lagNs: number; share: number; chance: number }
  /** For `silenceNs`, `busy` requests were in flight and none started, where the rate would have started `expected`. */
  | { kind: "silence"; silenceNs: number; busy: number; expected: number }
  /**
   * Paced senders: `missed` times a request outlasted its sender's next due send; `filled` of them another request
   * started then; `skipped` times a free sender's send was due and did not come (see sender-chains.ts).
   */
  | { kind: "missed-sends"; missed: number; filled: number; skipped: number }
  /** Up to `most` requests were in flight at once (usually `usual`, from `schedules` schedules when known) and starts went on. */
  | { kind: "pile-up"; most: number; usual: number; schedules?: number };

/** Why the loop cannot be told, as data the renderers word. */
export type UnknownReason =
  | { kind: "no-start-times" }
  | { kind: "few"; requests: number }
  | { kind: "coarse"; resolutionNs: number; meanGapNs: number }
  /**
   * A sender column whose senders' requests did not overlap by more than the start times' steps, but each sender
   * sent every ~`senderGapNs` (the median sender's mean gap), too often for steps of `resolutionNs` to show whether
   * it waited.
   */
  | { kind: "coarse-senders"; resolutionNs: number; senderGapNs: number }
  /**
   * Sends on a schedule, and never a slow period long enough to see what the senders do then: `heldUp` times a
   * response outlasted its sender's next due send and no request started then (too few to judge by), and every
   * sender was busy with none starting for `silenceNs` at most (under SILENCE_INTERVALS periods).
   */
  | { kind: "paced-no-slow-period"; periodNs: number; schedules: number; heldUp: number; silenceNs: number }
  /**
   * Sends on a schedule, but up to `most` in flight at once, more than `schedules` closed-loop senders could have:
   * as many senders spread evenly over a longer period, or an open loop — nothing in the log tells which.
   */
  | { kind: "paced-more-in-flight"; periodNs: number; schedules: number; most: number }
  /** No schedule, no reaction to responses, and no slow period. */
  | { kind: "irregular-no-slow-period" }
  /** Senders could not be reconstructed, or detection's counts were let go (too many of something). */
  | { kind: "gave-up"; why: CountsGaveUp };

export type LoopVerdict =
  | { loop: "closed"; evidence: LoopEvidence }
  | { loop: "open"; evidence: LoopEvidence }
  | { loop: "unknown"; reason: UnknownReason };

/** Without a schedule to measure it by, a silence must last as long as this many starts at the log's rate. */
const SILENCE_STARTS = 20;
/** Missed sends needed to judge by them… */
const MISSED_LEAST = 10;
/**
 * …against which the sends made anyway (filled and skipped) are at most this share for a closed loop. An open
 * schedule sends at nearly all of them; a closed loop at few, but more with many senders whose phases lie close
 * enough to be taken for one another (up to ~40% with 100 senders).
 */
const CLOSED_FILLED = 0.5;
/** A pile-up: at least this many in flight… */
const PILE_UP_LEAST = 16;
/**
 * …and this many times the usual number, and (with a schedule) twice the schedules and 2 more: senders spread
 * evenly over their period may be many times the schedules found, so only a pile-up well beyond both counts…
 */
const PILE_UP_FACTOR = 6;
/**
 * …while starts went on: at the most in flight, no silence as long as this many periods (with a schedule) or
 * mean gaps between starts (without).
 */
const PILE_UP_SILENCE_PERIODS = 2;
const PILE_UP_SILENCE_GAPS = 5;

/** The verdict for a log without a sender column, from its fingerprint and occupancy (see the file comment). */
export function inferLoop(fingerprint: SendFingerprint, chains: SenderChains): LoopVerdict {
  const occupancy = chains.occupancy;
  const pattern = fingerprint.pattern;
  const unknown = (reason: UnknownReason): LoopVerdict => ({ loop: "unknown", reason });
  switch (pattern.kind) {
    case "reaction":
      return { loop: "closed", evidence: { kind: "reaction", lagNs: pattern.lagNs, share: pattern.share, chance: pattern.chance } };
    case "paced": {
      const busy = Math.min(pattern.senders, occupancy.most);
      const silence = silenceEvidence(occupancy, busy);
      // More in flight than the schedules found (and not unfolded as evenly phased senders: even-phases.ts) leaves
      // the count of senders, and so each one's period, in doubt: then a silence proves nothing about them.
      const accountedFor = occupancy.most <= pattern.senders + 1;
      if (accountedFor && silence.silenceNs >= SILENCE_INTERVALS * pattern.periodNs) return { loop: "closed", evidence: silence };
      // Missed sends that stayed empty show senders that waited — unless requests piled up beyond the schedules,
      // which waiting senders cannot do (the pile-up's chains, idle on one phase, no longer tell when they are due).
      const { slotsMissed: missed, slotsFilled: filled, slotsSkipped: skipped } = chains;
      const piledUp = occupancy.most >= 2 * pattern.senders + 2;
      if (!piledUp && missed >= MISSED_LEAST && filled + skipped <= CLOSED_FILLED * missed) {
        return { loop: "closed", evidence: { kind: "missed-sends", missed, filled, skipped } };
      }
      // Sends made anyway are no proof of an open loop: senders spread evenly over their period make them for one
      // another. Requests piling up beyond the schedules while starts go on are.
      const pileUp = Math.max(PILE_UP_LEAST, PILE_UP_FACTOR * occupancy.meanInFlight, 2 * pattern.senders + 2);
      if (occupancy.most >= pileUp && occupancy.longestSilenceNs(occupancy.most) < PILE_UP_SILENCE_PERIODS * pattern.periodNs) {
        return { loop: "open", evidence: { kind: "pile-up", most: occupancy.most, usual: occupancy.meanInFlight, schedules: pattern.senders } };
      }
      if (!accountedFor) return unknown({ kind: "paced-more-in-flight", periodNs: pattern.periodNs, schedules: pattern.senders, most: occupancy.most });
      return unknown({ kind: "paced-no-slow-period", periodNs: pattern.periodNs, schedules: pattern.senders, heldUp: missed - filled, silenceNs: silence.silenceNs });
    }
    case "none": {
      if (pattern.why === "few") return unknown({ kind: "few", requests: occupancy.requests });
      if (pattern.why === "coarse") return unknown({ kind: "coarse", resolutionNs: fingerprint.resolutionNs, meanGapNs: fingerprint.meanGapNs });
      const silence = silenceEvidence(occupancy, occupancy.most);
      if (silence.expected >= SILENCE_STARTS) return { loop: "closed", evidence: silence };
      const usual = occupancy.meanInFlight;
      const startsWentOn = occupancy.longestSilenceNs(occupancy.most) < PILE_UP_SILENCE_GAPS * occupancy.meanGapNs;
      if (occupancy.most >= Math.max(PILE_UP_LEAST, PILE_UP_FACTOR * usual) && startsWentOn) return { loop: "open", evidence: { kind: "pile-up", most: occupancy.most, usual } };
      return unknown({ kind: "irregular-no-slow-period" });
    }
  }
}

function silenceEvidence(occupancy: Occupancy, busy: number): Extract<LoopEvidence, { kind: "silence" }> {
  const silenceNs = occupancy.longestSilenceNs(busy);
  return { kind: "silence", silenceNs, busy, expected: silenceNs / occupancy.meanGapNs };
}

/** Senders of a column whose requests overlapped: how many, their requests, and how many of those overlapped. */
export interface OpenSenders {
  senders: number;
  requests: number;
  overlapping: number;
}

/**
 * Senders of a column that each wait for their responses, yet as a whole keep an open schedule: a pool handed the
 * sends of one (k6's arrival-rate executors and their `vu` tag, a connection pool). While responses are slow,
 * requests pile up in flight across the pool far beyond the usual number, and starts go on at the usual rate;
 * closed-loop senders all end up waiting, and then only senders joining start (a ramp-up's, a few a second). So:
 * the most in flight at least PILE_UP_LEAST and PILE_UP_FACTOR times the mean, and while at least half that many
 * were, requests started at POOL_START_SHARE of the log's rate or more (see PileUp). The verdict then is an open
 * loop; undefined when it is not so.
 */
export function poolKeepingSchedule(pileUp: PileUp): LoopVerdict | undefined {
  if (pileUp.most < Math.max(PILE_UP_LEAST, PILE_UP_FACTOR * pileUp.usual) || pileUp.startShare < POOL_START_SHARE) return undefined;
  return { loop: "open", evidence: { kind: "pile-up", most: pileUp.most, usual: pileUp.usual } };
}

/** See poolKeepingSchedule. */
const POOL_START_SHARE = 0.5;

/**
 * The verdict for a log whose sender column names who sent each request, sender by sender: one whose requests
 * (almost) never overlap waits for its responses (closed), one whose requests do does not (open). Closed when any
 * sender is — the others are said, and left as they are — else open: a JMeter test beside an open-loop probe is
 * a closed loop for JMeter's threads only.
 *
 * Overlaps are counted beyond the start times' steps (`resolutionNs`: see overlapAllowance), so an overlap is
 * evidence however coarse the steps; their absence is evidence only when the steps are fine enough to show one. A
 * step longer than the waiting senders' usual gap between sends (whole seconds for a 50 ms loop) puts most of a
 * sender's sends in the same step as the one before: it hides any open sender's overlaps but those of its slowest
 * responses, and the sender's interval with them — then the loop is unknown. (Times on an exact grid of the
 * interval, as a simulator writes them, are a step of the interval itself, not longer.)
 */
export function senderColumnLoop(senders: readonly SenderOverlaps[], resolutionNs = 1): LoopVerdict {
  const open: OpenSenders = { senders: 0, requests: 0, overlapping: 0 };
  let overlapping = 0;
  for (const sender of senders) {
    if (!sendsWithoutWaiting(sender)) {
      overlapping += sender.overlapping;
      continue;
    }
    open.senders++;
    open.requests += sender.requests;
    open.overlapping += sender.overlapping;
  }
  if (open.senders === senders.length) return { loop: "open", evidence: { kind: "sender-overlap", overlapping: open.overlapping, requests: open.requests } };
  const closed = senders.length - open.senders;
  const senderGapNs = usualSenderGap(senders.filter((sender) => !sendsWithoutWaiting(sender)));
  if (resolutionNs > senderGapNs) return { loop: "unknown", reason: { kind: "coarse-senders", resolutionNs, senderGapNs } };
  return { loop: "closed", evidence: { kind: "sender-column", senders: closed, overlapping, ...(open.senders > 0 ? { open } : {}) } };
}

/** The median of the senders' mean gaps between sends (of those that sent twice or more; Infinity when none did). */
function usualSenderGap(senders: readonly SenderOverlaps[]): number {
  const gaps = senders.filter((sender) => sender.requests > 1).map((sender) => sender.spanNs / (sender.requests - 1));
  if (gaps.length === 0) return Infinity;
  gaps.sort((a, b) => a - b);
  return gaps[(gaps.length - 1) >> 1]!;
}
