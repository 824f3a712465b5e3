/**
 * Tallies requests per user session (`--session`): how many, how many over the misery threshold, how many
 * failed, and the worst latency. Millions of sessions are normal (a day of a site's users), so a session is a
 * number (core/interned-keys.ts) and its tally 7 bytes in typed arrays: no object per session. Counts of 8
 * bits (a session of a site's user makes a few to a few dozen requests) and a worst latency of 32 (whole
 * nanoseconds under 4.3 s) hold nearly every session; the few that outgrow them move to a Map of their own.
 */
import type { Sample, SampleConsumer } from "./sample.js";
import { isFailed } from "./failure.js";
import { UserError } from "../base/errors.js";
import { InternedKeys } from "./interned-keys.js";

/** One session's requests. */
export interface SessionTally {
  id: string;
  /** Requests, failed ones left out of the histogram included. */
  requests: number;
  /** Requests over the threshold. */
  over: number;
  failed: number;
  worstNs: number;
}

/** Sessions per chunk of the tally arrays: chunks are added as sessions come, never copied to grow. */
const CHUNK_BITS = 16;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
/** Places of a session's counts in its chunk of `counts`. */
const REQUESTS = 0;
const OVER = 1;
const FAILED = 2;
const COUNTS = 3;
/** A request count of WIDE: the session's counts are in `wideCounts`. Over and failed never pass requests. */
const WIDE = 0xff;
/** A worst latency of WIDE_NS: it is in `wideWorst` (not a whole number of ns, or 2^32 - 2 ns or more). */
const WIDE_NS = 0xffffffff;

/** The counts of a session that outgrew 8 bits. */
interface WideCounts {
  requests: number;
  over: number;
  failed: number;
}

/** A SampleConsumer that tallies each sample into its session. */
export class SessionRecorder implements SampleConsumer {
  /** Requests without a session value, which no session holds. */
  missing = 0;
  private readonly ids = new InternedKeys();
  /** Session i's requests, over and failed at `COUNTS * (i & CHUNK_MASK)` in chunk `i >>> CHUNK_BITS`. */
  private readonly counts: Uint8Array[] = [];
  private readonly wideCounts = new Map<number, WideCounts>();
  /** Session i's worst latency + 1 (0 while it has only failed requests left out) in chunk `i >>> CHUNK_BITS`. */
  private readonly worst: Uint32Array[] = [];
  private readonly wideWorst = new Map<number, number>();

  /** @param isOver whether a latency counts as over the threshold (see analyses/count-below.ts). */
  constructor(private readonly isOver: (latencyNs: number) => boolean) {}

  /** Number of distinct sessions. */
  get size(): number {
    return this.ids.size;
  }

  value(): void {
    this.missing++;
  }

  values(_batch: Float64Array, count: number): void {
    this.missing += count;
  }

  /** An interval log holds histograms, not requests with fields and times. */
  intervalHistogram(): void {
    throw new UserError("--session needs per-request input; an HdrHistogram log holds only histograms", "use it on the load tester's or server's own log");
  }

  sample(sample: Sample): void {
    const index = this.counted(sample);
    if (index < 0) return;
    const over = this.isOver(sample.latencyNs);
    const failed = isFailed(sample);
    if (over || failed) {
      const counts = this.counts[index >>> CHUNK_BITS]!;
      const at = COUNTS * (index & CHUNK_MASK);
      const wide = counts[at + REQUESTS] === WIDE ? this.wideCounts.get(index)! : undefined;
      if (wide !== undefined) {
        if (over) wide.over++;
        if (failed) wide.failed++;
      } else {
        if (over) counts[at + OVER]++;
        if (failed) counts[at + FAILED]++;
      }
    }
    const latencyNs = sample.latencyNs;
    if (latencyNs > this.worstNsAt(index)) {
      const worst = this.worst[index >>> CHUNK_BITS]!;
      if (Number.isInteger(latencyNs) && latencyNs >= 0 && latencyNs + 1 < WIDE_NS && worst[index & CHUNK_MASK] !== WIDE_NS) {
        worst[index & CHUNK_MASK] = latencyNs + 1;
      } else {
        worst[index & CHUNK_MASK] = WIDE_NS;
        this.wideWorst.set(index, latencyNs);
      }
    }
  }

  failure(sample: Sample): void {
    const index = this.counted(sample);
    if (index < 0) return;
    const counts = this.counts[index >>> CHUNK_BITS]!;
    const at = COUNTS * (index & CHUNK_MASK);
    if (counts[at + REQUESTS] === WIDE) this.wideCounts.get(index)!.failed++;
    else counts[at + FAILED]++;
  }

  /** The sample's session, with the request counted; -1 (and counted as missing) without a session. */
  private counted(sample: Sample): number {
    const index = this.sessionOf(sample);
    if (index < 0) {
      this.missing++;
      return -1;
    }
    if (index >>> CHUNK_BITS === this.counts.length) {
      this.counts.push(new Uint8Array(COUNTS << CHUNK_BITS));
      this.worst.push(new Uint32Array(1 << CHUNK_BITS));
    }
    const counts = this.counts[index >>> CHUNK_BITS]!;
    const at = COUNTS * (index & CHUNK_MASK);
    const requests = counts[at + REQUESTS]!;
    if (requests === WIDE) this.wideCounts.get(index)!.requests++;
    else if (requests + 1 < WIDE) counts[at + REQUESTS] = requests + 1;
    else {
      this.wideCounts.set(index, { requests: requests + 1, over: counts[at + OVER]!, failed: counts[at + FAILED]! });
      counts[at + REQUESTS] = WIDE;
    }
    return index;
  }

  /** The number of the sample's session, given as bytes or as text; -1 without one. */
  private sessionOf(sample: Sample): number {
    const span = sample.sessionBytes;
    if (span !== undefined) return span.end > span.start ? this.ids.indexOfBytes(span.bytes, span.start, span.end) : -1;
    const id = sample.session;
    return id === undefined || id === "" ? -1 : this.ids.indexOf(id);
  }

  private requestsAt(index: number): number {
    const requests = this.counts[index >>> CHUNK_BITS]![COUNTS * (index & CHUNK_MASK) + REQUESTS]!;
    return requests === WIDE ? this.wideCounts.get(index)!.requests : requests;
  }

  /** Session `index`'s requests over the threshold (sessions are numbered in order of first request). */
  overAt(index: number): number {
    const at = COUNTS * (index & CHUNK_MASK);
    const counts = this.counts[index >>> CHUNK_BITS]!;
    return counts[at + REQUESTS] === WIDE ? this.wideCounts.get(index)!.over : counts[at + OVER]!;
  }

  failedAt(index: number): number {
    const at = COUNTS * (index & CHUNK_MASK);
    const counts = this.counts[index >>> CHUNK_BITS]!;
    return counts[at + REQUESTS] === WIDE ? this.wideCounts.get(index)!.failed : counts[at + FAILED]!;
  }

  /** Session `index`'s worst latency; -Infinity while it has only failed requests left out of the histogram. */
  worstNsAt(index: number): number {
    const stored = this.worst[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
    if (stored === WIDE_NS) return this.wideWorst.get(index)!;
    return stored === 0 ? -Infinity : stored - 1;
  }

  idAt(index: number): string {
    return this.ids.keyAt(index);
  }

  /** Session `index`'s whole tally. */
  tallyAt(index: number): SessionTally {
    return { id: this.idAt(index), requests: this.requestsAt(index), over: this.overAt(index), failed: this.failedAt(index), worstNs: this.worstNsAt(index) };
  }
}
