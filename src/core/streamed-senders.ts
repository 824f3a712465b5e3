/**
 * Sender reconstruction for more requests than are kept one by one: the send pattern is read off the first block
 * (send-pattern.ts), and every block after it, put in start order, goes through the same SenderChains — in memory
 * that does not grow with the requests. A start earlier than the last start of an earlier block cannot be chained
 * (its sender has moved on); it is counted as out of order, and its latency kept apart, in the figures unchained.
 */
import { BucketLayout, type SignificantDigits } from "./histogram.js";
import { selectNth } from "./select-nth.js";
import { SenderChains, type ChainsState } from "./sender-chains.js";
import { unfoldEvenPhases } from "./even-phases.js";
import { fingerprint, tellsAnything, type SendFingerprint } from "./send-pattern.js";
import { SortScratch, stableOrder } from "./start-order.js";

/** What a StreamedSenders holds, to move it between threads. */
export interface StreamedState {
  chains: ChainsState;
  lastStartNs: number;
  outOfOrder: number;
}

export class StreamedSenders {
  readonly fingerprint: SendFingerprint;
  readonly chains: SenderChains;
  /** Starts that came before the last start of an earlier block: not chained. */
  outOfOrder = 0;
  private lastStartNs = -Infinity;
  private readonly scratch = new SortScratch();
  /**
   * Too few requests, or start times too coarse, tell nothing whatever the rest does: then the blocks after the
   * first are not chained, and need not be given (nor sorted).
   */
  readonly chaining: boolean;

  /**
   * Starts with the first block of requests in start order, and their latencies (and which failed: see
   * TimedSeries.failed) in the same order.
   */
  constructor(digits: SignificantDigits, sortedStartsNs: Float64Array, latencies: Float64Array, failed?: Uint8Array) {
    // The layout of `new LatencyRecorder(digits)`, which `SparseLatencies.addTo` adds to.
    const layout = new BucketLayout(digits);
    const found = fingerprint(sortedStartsNs, latencies);
    this.chaining = tellsAnything(found);
    if (!this.chaining) {
      // Nothing to unfold or chain: a pattern of none needs no typical latency either (sender-chains.ts).
      this.fingerprint = found;
      this.chains = new SenderChains(found, layout, 0);
      return;
    }
    const typicalLatencyNs = selectNth(Float64Array.from(latencies), latencies.length >> 1);
    this.fingerprint = unfoldEvenPhases(found, sortedStartsNs, latencies, layout, typicalLatencyNs);
    this.chains = new SenderChains(this.fingerprint, layout, typicalLatencyNs);
    this.addSorted(sortedStartsNs, latencies, Uint32Array.from(latencies.keys()), failed);
  }

  /** Adds a block of requests that started after those added so far (any order among themselves). */
  addBlock(startsNs: Float64Array, latenciesNs: Float64Array, failed?: Uint8Array): void {
    if (!this.chaining) return;
    const { sortedKeys, order } = stableOrder(startsNs, this.scratch);
    this.addSorted(sortedKeys, latenciesNs, order, failed);
  }

  /** Requests in start order; request i's latency (and failure) at `order[i]` of theirs. */
  private addSorted(startsNs: Float64Array, latenciesNs: Float64Array, order: Uint32Array, failed: Uint8Array | undefined): void {
    for (let i = 0; i < startsNs.length; i++) {
      const startNs = startsNs[i]!;
      const failedOne = failed?.[order[i]!] === 1;
      if (startNs < this.lastStartNs) {
        this.outOfOrder++;
        this.chains.addUnchained(latenciesNs[order[i]!]!, failedOne);
        continue;
      }
      this.lastStartNs = startNs;
      this.chains.add(startNs, latenciesNs[order[i]!]!, failedOne);
    }
  }

  /** Ends the requests still in flight: call once, after the last block. */
  finish(): void {
    this.chains.finish();
  }

  state(): StreamedState {
    this.finish();
    return { chains: this.chains.state(), lastStartNs: this.lastStartNs, outOfOrder: this.outOfOrder };
  }

  /** Adds what another thread made of the next part of the log. */
  absorb(other: StreamedState): void {
    this.chains.absorb(other.chains);
    this.outOfOrder += other.outOfOrder;
    this.lastStartNs = Math.max(this.lastStartNs, other.lastStartNs);
  }
}
