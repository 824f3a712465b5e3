/**
 * Tallies requests per user session (`--session`): how many, how many over the misery threshold, how many
 * failed, and the worst latency. A few dozen bytes per distinct session.
 */
import type { Sample, SampleConsumer } from "./sample.js";
import { isFailed } from "./failure.js";
import { UserError } from "../base/errors.js";

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

/** A SampleConsumer that tallies each sample into its session. */
export class SessionRecorder implements SampleConsumer {
  /** Requests without a session value, which no session holds. */
  missing = 0;
  private readonly byId = new Map<string, SessionTally>();

  /** @param isOver whether a latency counts as over the threshold (see analyses/count-below.ts). */
  constructor(private readonly isOver: (latencyNs: number) => boolean) {}

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
    const tally = this.tallyOf(sample);
    if (tally === undefined) return;
    if (this.isOver(sample.latencyNs)) tally.over++;
    if (isFailed(sample)) tally.failed++;
    if (sample.latencyNs > tally.worstNs) tally.worstNs = sample.latencyNs;
  }

  failure(sample: Sample): void {
    const tally = this.tallyOf(sample);
    if (tally !== undefined) tally.failed++;
  }

  /** The sample's session, with the request counted; undefined (and counted as missing) without a session. */
  private tallyOf(sample: Sample): SessionTally | undefined {
    const id = sample.session;
    if (id === undefined || id === "") {
      this.missing++;
      return undefined;
    }
    let tally = this.byId.get(id);
    if (tally === undefined) this.byId.set(id, (tally = { id, requests: 0, over: 0, failed: 0, worstNs: -Infinity }));
    tally.requests++;
    return tally;
  }

  /** Every session seen, in order of first request. */
  sessions(): SessionTally[] {
    return [...this.byId.values()];
  }
}
