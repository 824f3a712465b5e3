/**
 * Tallies requests per user session (`--session`): how many, how many over the misery threshold, how many
 * failed, and the worst latency. Millions of sessions are normal (a day of a site's users), so a session is a
 * number (core/interned-keys.ts) and its tally 20 bytes in typed arrays: no object per session.
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

/** A SampleConsumer that tallies each sample into its session. */
export class SessionRecorder implements SampleConsumer {
  /** Requests without a session value, which no session holds. */
  missing = 0;
  private readonly ids = new InternedKeys();
  /** Session i's requests, over and failed at `COUNTS * (i & CHUNK_MASK)` in chunk `i >>> CHUNK_BITS`. */
  private readonly counts: Uint32Array[] = [];
  /** Session i's worst latency (-Infinity while it has only failed requests left out) in chunk `i >>> CHUNK_BITS`. */
  private readonly worst: Float64Array[] = [];

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
    const counts = this.counts[index >>> CHUNK_BITS]!;
    const at = COUNTS * (index & CHUNK_MASK);
    if (this.isOver(sample.latencyNs)) counts[at + OVER]++;
    if (isFailed(sample)) counts[at + FAILED]++;
    const worst = this.worst[index >>> CHUNK_BITS]!;
    if (sample.latencyNs > worst[index & CHUNK_MASK]!) worst[index & CHUNK_MASK] = sample.latencyNs;
  }

  failure(sample: Sample): void {
    const index = this.counted(sample);
    if (index >= 0) this.counts[index >>> CHUNK_BITS]![COUNTS * (index & CHUNK_MASK) + FAILED]++;
  }

  /** The sample's session, with the request counted; -1 (and counted as missing) without a session. */
  private counted(sample: Sample): number {
    const id = sample.session;
    if (id === undefined || id === "") {
      this.missing++;
      return -1;
    }
    const index = this.ids.indexOf(id);
    if (index >>> CHUNK_BITS === this.counts.length) {
      this.counts.push(new Uint32Array(COUNTS << CHUNK_BITS));
      this.worst.push(new Float64Array(1 << CHUNK_BITS).fill(-Infinity));
    }
    const counts = this.counts[index >>> CHUNK_BITS]!;
    const at = COUNTS * (index & CHUNK_MASK) + REQUESTS;
    // 32 bits of count: a session of 2^32 requests would wrap to 0.
    if (++counts[at] === 0) throw new UserError(`session ${id} has more than ${0xffffffff} requests, more than --session counts`);
    return index;
  }

  /** Session `index`'s requests over the threshold (sessions are numbered in order of first request). */
  overAt(index: number): number {
    return this.counts[index >>> CHUNK_BITS]![COUNTS * (index & CHUNK_MASK) + OVER]!;
  }

  failedAt(index: number): number {
    return this.counts[index >>> CHUNK_BITS]![COUNTS * (index & CHUNK_MASK) + FAILED]!;
  }

  worstNsAt(index: number): number {
    return this.worst[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
  }

  idAt(index: number): string {
    return this.ids.keyAt(index);
  }

  /** Session `index`'s whole tally. */
  tallyAt(index: number): SessionTally {
    const counts = this.counts[index >>> CHUNK_BITS]!;
    const at = COUNTS * (index & CHUNK_MASK);
    return { id: this.idAt(index), requests: counts[at + REQUESTS]!, over: counts[at + OVER]!, failed: counts[at + FAILED]!, worstNs: this.worstNsAt(index) };
  }
}
