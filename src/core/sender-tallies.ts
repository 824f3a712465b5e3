/**
 * What coordinated-omission detection needs of each reconstructed sender, in memory bounded by histogram buckets
 * rather than by requests: its latencies, in the buckets of the latency histogram (for the back-fill), and its gaps
 * between starts (all of them, for its interval; and those its responses held, for its stalls — see `heldBy`), in
 * buckets of 2 significant digits (to 1%: a few thousand whatever the distinct gaps of irregular senders). Requests no sender could take (their start
 * came too late to be chained in order) are kept apart, so that the corrected figures still hold every request (but
 * failed ones, which have no back-fill there and are left out of the histogram).
 */
import { CountTable } from "./count-table.js";
import { BucketLayout } from "./histogram.js";
import { heldBy, MAX_DISTINCT_GAPS, roundToMicroseconds, SparseLatencies, type ScheduleCounts } from "./schedule-sketch.js";


/** Significant digits of the gaps' buckets. */
const GAP_DIGITS = 2;

/** One sender's tallies as plain data, to move between threads. */
interface TallyState {
  gaps: Float64Array;
  heldGaps: Float64Array;
  buckets: Float64Array;
  /** The failed requests' latency buckets (see SparseLatencies.failed). */
  failedBuckets: Float64Array;
  minNs: number;
  maxNs: number;
}

export interface TalliesState {
  senders: TallyState[];
  unchained: TallyState;
}

export class SenderTallies {
  private readonly gaps: CountTable[] = [];
  private readonly heldGaps: CountTable[] = [];
  private readonly latencies: SparseLatencies[] = [];
  /** Requests no sender took (see the file comment). */
  readonly unchained = new SparseLatencies();
  private distinctGaps = 0;
  /** The gaps' buckets. */
  private readonly gapLayout = new BucketLayout(GAP_DIGITS);

  constructor(private readonly layout: BucketLayout) {}

  /** Senders tallied. */
  get size(): number {
    return this.gaps.length;
  }

  /** Room for one more sender; returns its index. */
  addSender(): number {
    this.gaps.push(new CountTable());
    this.heldGaps.push(new CountTable());
    this.latencies.push(new SparseLatencies());
    return this.gaps.length - 1;
  }

  /** A request of `sender`'s; a `failed` one is only back-filled (see SparseLatencies.failed). */
  latency(sender: number, latencyNs: number, failed: boolean): void {
    if (failed) this.latencies[sender]!.addFailed(this.layout.indexOf(latencyNs), 1);
    else this.latencies[sender]!.add(this.layout.indexOf(latencyNs), 1, latencyNs, latencyNs);
  }

  unchainedLatency(latencyNs: number, failed: boolean): void {
    if (!failed) this.unchained.add(this.layout.indexOf(latencyNs), 1, latencyNs, latencyNs);
  }

  /**
   * A gap of `sender`'s between two starts, after a request of `previousLatencyNs`. Returns false when the gap
   * lengths are too many to keep (then the tallies must be let go).
   */
  gap(sender: number, gapNs: number, previousLatencyNs: number): boolean {
    const index = this.gapLayout.indexOf(gapNs);
    let fresh = this.gaps[sender]!.add(index);
    if (heldBy(gapNs, previousLatencyNs)) fresh = this.heldGaps[sender]!.add(index) || fresh;
    return !fresh || ++this.distinctGaps <= MAX_DISTINCT_GAPS;
  }

  /** A sender's last request, of `latencyNs`: it held the sender to the end, a held gap of that length. */
  heldToEnd(sender: number, latencyNs: number): void {
    if (this.heldGaps[sender]!.add(this.gapLayout.indexOf(latencyNs))) this.distinctGaps++;
  }

  /**
   * Each sender's tallies as a `--per` key's, each gap at the middle of its bucket. The gaps are made into lengths
   * when they are read, anew each time: detection reads each sender's once, in turn, and the lengths of all of k6's
   * ~100 senders at once (a Map of ~1,000 gaps each, twice) outlived V8's young generation and made it grow.
   */
  schedules(): ScheduleCounts[] {
    const lengths = (gaps: CountTable) => this.lengths(gaps);
    return this.gaps.map((gaps, i) => {
      const heldGaps = this.heldGaps[i]!;
      return {
        key: `sender ${i + 1}`,
        get gaps() {
          return lengths(gaps);
        },
        get heldGaps() {
          return lengths(heldGaps);
        },
        latencies: this.latencies[i]!,
        outOfOrder: 0,
      };
    });
  }

  state(): TalliesState {
    const tally = (gaps: CountTable, heldGaps: CountTable, latencies: SparseLatencies): TallyState => ({
      gaps: gaps.flat(),
      heldGaps: heldGaps.flat(),
      buckets: latencies.buckets.flat(),
      failedBuckets: latencies.failed.flat(),
      minNs: latencies.minNs,
      maxNs: latencies.maxNs,
    });
    return {
      senders: this.gaps.map((gaps, i) => tally(gaps, this.heldGaps[i]!, this.latencies[i]!)),
      unchained: tally(new CountTable(), new CountTable(), this.unchained),
    };
  }

  /** Adds another part's senders as senders of their own (which of theirs is which of ours is not known). */
  absorb(other: TalliesState): void {
    for (const theirs of other.senders) {
      const sender = this.addSender();
      addPairs(this.gaps[sender]!, theirs.gaps);
      addPairs(this.heldGaps[sender]!, theirs.heldGaps);
      addLatencies(this.latencies[sender]!, theirs);
    }
    addLatencies(this.unchained, other.unchained);
  }

  /** Gap bucket → count, as gap length (the bucket's middle, to the microsecond) → count. */
  private lengths(gaps: CountTable): Map<number, number> {
    const layout = this.gapLayout;
    const byLength = new Map<number, number>();
    gaps.forEach((index, count) => {
      const middle = roundToMicroseconds((layout.lowestValueAt(index) + layout.lowestValueAt(index + 1)) / 2);
      byLength.set(middle, (byLength.get(middle) ?? 0) + count);
    });
    return byLength;
  }
}

function addPairs(table: CountTable, pairs: Float64Array): void {
  for (let i = 0; i < pairs.length; i += 2) table.add(pairs[i]!, pairs[i + 1]!);
}

function addLatencies(latencies: SparseLatencies, { buckets, failedBuckets, minNs, maxNs }: TallyState): void {
  for (let i = 0; i < buckets.length; i += 2) latencies.add(buckets[i]!, buckets[i + 1]!, minNs, maxNs);
  for (let i = 0; i < failedBuckets.length; i += 2) latencies.addFailed(failedBuckets[i]!, failedBuckets[i + 1]!);
}
