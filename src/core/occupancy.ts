/**
 * How many requests were in flight, and for how long no request started while they were: the evidence that tells
 * a closed loop from an open one once responses get slow.
 *
 * A closed-loop sender has at most one request in flight and sends nothing while it waits; so with N senders no
 * request starts while N are in flight, however long that lasts. An open-loop sender keeps its schedule: while
 * responses are slow, requests pile up in flight and starts go on. So the longest *silence* — time with at least
 * `level` requests in flight and no start — is what is kept, for every level at once:
 * - every busy level's silence began at the last start (only a start raises the count, and any start ends the
 *   silence of every level it was at or above), so one time stamp serves them all;
 * - an end that lowers the count from k ends level k's silence; a start at count k ends levels 1…k's: kept as
 *   "longest silence ended at k" and maximised over the levels above when asked.
 * Events come in time order (see SenderChains).
 */

/** Counts above this are kept as this (the silences of such pile-ups are not needed one level at a time). */
const MAX_LEVEL = 1 << 16;

export interface OccupancyState {
  requests: number;
  latencySumNs: number;
  firstStartNs: number;
  lastStartNs: number;
  most: number;
  endedByEnd: Float64Array;
  endedByStart: Float64Array;
}

export class Occupancy {
  requests = 0;
  latencySumNs = 0;
  firstStartNs = Infinity;
  lastStartNs = -Infinity;
  /** Most requests in flight at once. */
  most = 0;
  private inFlight = 0;
  private startsEnded = false;
  /** Longest silence ended by an end that lowered the count from k (index k). */
  private endedByEnd = new Float64Array(MAX_LEVEL + 1);
  /** Longest silence ended by a start made at count k (index k): it was a silence of levels 1…k. */
  private endedByStart = new Float64Array(MAX_LEVEL + 1);

  start(startNs: number, latencyNs: number): void {
    this.startsEnded = false;
    if (this.inFlight > 0) bump(this.endedByStart, this.inFlight, startNs - this.lastStartNs);
    this.requests++;
    this.latencySumNs += latencyNs;
    this.firstStartNs = Math.min(this.firstStartNs, startNs);
    this.lastStartNs = startNs;
    this.most = Math.max(this.most, ++this.inFlight);
  }

  end(endNs: number): void {
    if (!this.startsEnded) bump(this.endedByEnd, this.inFlight, Math.max(0, endNs - this.lastStartNs));
    this.inFlight--;
  }

  /**
   * No request starts after this: the ends still to come are not silences (the log, or its part, ended; whether
   * the senders would have waited is not in it).
   */
  endStarts(): void {
    this.startsEnded = true;
  }

  /** The longest time with at least `level` requests in flight and none starting. */
  longestSilenceNs(level: number): number {
    const from = Math.min(Math.max(1, level), MAX_LEVEL);
    let longest = this.endedByEnd[from]!;
    for (let k = from; k <= MAX_LEVEL; k++) longest = Math.max(longest, this.endedByStart[k]!);
    return longest;
  }

  /** Mean number in flight over the time the starts span (Little's law). */
  get meanInFlight(): number {
    const span = this.lastStartNs - this.firstStartNs;
    return span > 0 ? this.latencySumNs / span : 0;
  }

  /** Mean time between starts. */
  get meanGapNs(): number {
    return this.requests > 1 ? (this.lastStartNs - this.firstStartNs) / (this.requests - 1) : Infinity;
  }

  state(): OccupancyState {
    const { requests, latencySumNs, firstStartNs, lastStartNs, most, endedByEnd, endedByStart } = this;
    return { requests, latencySumNs, firstStartNs, lastStartNs, most, endedByEnd, endedByStart };
  }

  /** Adds the occupancy of another part of the log (requests in flight across the boundary are not joined). */
  absorb(other: OccupancyState): void {
    this.requests += other.requests;
    this.latencySumNs += other.latencySumNs;
    this.firstStartNs = Math.min(this.firstStartNs, other.firstStartNs);
    this.lastStartNs = Math.max(this.lastStartNs, other.lastStartNs);
    this.most = Math.max(this.most, other.most);
    for (let k = 0; k <= MAX_LEVEL; k++) {
      this.endedByEnd[k] = Math.max(this.endedByEnd[k]!, other.endedByEnd[k]!);
      this.endedByStart[k] = Math.max(this.endedByStart[k]!, other.endedByStart[k]!);
    }
  }
}

function bump(longest: Float64Array, level: number, durationNs: number): void {
  const k = Math.min(level, MAX_LEVEL);
  if (durationNs > longest[k]!) longest[k] = durationNs;
}
