/**
 * What coordinated-omission detection needs of a send schedule, in memory that does not grow with the requests:
 * how many gaps between consecutive starts there were of each length (in whole microseconds, as detection rounds
 * them), and the latencies in a histogram. From these the median gap, the stalls and the omitted requests come out
 * exactly as from every start kept one by one — provided the starts arrive in order. They arrive in blocks, each
 * put in start order before it is added; a start earlier than the last one of an earlier block has no gap to
 * count, and is counted as out of order instead.
 *
 * The back-fill is HdrHistogram's after recording (`copyCorrectedForCoordinatedOmission`), since the interval is
 * only known at the end.
 */
import { BucketLayout, type SignificantDigits } from "./histogram.js";
import { CountTable } from "./count-table.js";
import { forEachPair, PairCounts, type PairsByOwner } from "./pair-counts.js";
import type { LatencyRecorder } from "./recorder.js";
import { SortScratch, stableOrder } from "./start-order.js";

/**
 * Why detection's counts were let go, as data (the renderers word it): more sender-column keys, reconstructed
 * senders or distinct gap lengths than `limit`, or (`kept`) more requests than are kept one by one.
 */
export type CountsGaveUp = { kind: "keys" | "senders" | "gap-lengths" | "kept"; limit: number };

/** A gap is held by a response when the response took at least this share of it… */
const HELD_SHARE = 2 / 3;

/**
 * …that is, when its sender spent it mostly waiting: a stall is such a gap, long enough. A client's own pause
 * (think time, a timer, a collection) after a quick response is a gap too, but nothing held it up.
 */
export function heldBy(gapNs: number, latencyNs: number): boolean {
  return latencyNs >= HELD_SHARE * gapNs;
}

/**
 * A start this little before the end of its sender's previous request is the rounding of times written to the
 * millisecond (JMeter's timeStamp and elapsed), not an overlap: one millisecond, and a microsecond more, since
 * epoch nanoseconds in a double are exact only to 256 ns (a start exactly 1 ms before the end, in the log, could
 * otherwise come out 256 ns more than that).
 */
export const OVERLAP_ALLOWANCE_NS = 1_001_000;

/**
 * The allowance for start times written in steps of `resolutionNs` (send-pattern.ts `startsStep`): a start cut
 * down to its step (JMeter's or k6's whole seconds) may come out up to a step before its sender's previous response
 * ended, so an overlap shorter than a step (and a microsecond) proves nothing — and whole seconds make most of a
 * 50 ms loop's requests look as if they overlapped.
 */
export function overlapAllowance(resolutionNs: number): number {
  return Math.max(OVERLAP_ALLOWANCE_NS, resolutionNs + 1_000);
}

/** Distinct gap lengths kept over all schedules; past this, detection gives up (random ns starts have many). */
export const MAX_DISTINCT_GAPS = 1 << 20;
/**
 * Schedules (`--per` keys) kept; past this, detection gives up (a key per request, e.g. a request id). Their
 * latencies' bucket counts are pairs in one table (pair-counts.ts), not a whole histogram each (~130 KB).
 */
export const MAX_SCHEDULES = 1 << 14;

/**
 * Start times are epoch nanoseconds in a double, exact only to ~256 ns today, so gaps between them are rounded
 * to whole microseconds (a 20 ms schedule reads 20 ms, not 20.000128 ms).
 */
export function roundToMicroseconds(ns: number): number {
  return ns >= 1e3 ? Math.round(ns / 1e3) * 1e3 : Math.round(ns);
}

/**
 * A schedule's latencies: bucket index → count, with the exact extremes; and apart, those of its failed requests,
 * which are left out of the histogram but held their sender up all the same.
 */
export class SparseLatencies {
  /** Bucket index → count. */
  readonly buckets = new CountTable();
  count = 0;
  minNs = Infinity;
  maxNs = -Infinity;
  /** The failed requests' latencies: bucket index → count (none recorded, only their back-fill). */
  readonly failed = new CountTable();
  failedCount = 0;

  add(index: number, count: number, minNs: number, maxNs: number): void {
    this.buckets.add(index, count);
    this.count += count;
    if (minNs < this.minNs) this.minNs = minNs;
    if (maxNs > this.maxNs) this.maxNs = maxNs;
  }

  addFailed(index: number, count: number): void {
    this.failed.add(index, count);
    this.failedCount += count;
  }

  /**
   * Adds these latencies to `recorder` (made as `new LatencyRecorder(digits)`: its buckets are these), back-filled
   * after the fact at `intervalNs` when it is > 0; of the failed requests, only their back-fill.
   */
  addTo(recorder: LatencyRecorder, intervalNs: number): void {
    recorder.addBucketCounts(this.buckets, this, intervalNs);
    if (this.failedCount > 0) recorder.addOmittedBy(this.failed, intervalNs);
  }
}

/**
 * One sender of a column: its requests, how many started before its previous response had ended, and the time from
 * its first start to its last (how often it sent, against the start times' resolution).
 */
export interface SenderOverlaps {
  requests: number;
  overlapping: number;
  spanNs: number;
}

/**
 * How many of a sender's requests may overlap and it still waits for its responses: one in a thousand, and five in
 * any case — a retry, or a clock stepped back (by 100 ms, it makes each of a 20 ms loop's next few requests
 * overlap). A closed-loop sender's requests never overlap (beyond the rounding OVERLAP_ALLOWANCE_NS allows); an
 * open one's overlap whenever a response outlasts its interval, 1% of them when a 100 ms stall every 10 s holds up
 * a 20 ms schedule.
 */
const WAITING_OVERLAP_SHARE = 0.001;
const WAITING_OVERLAPS = 5;

/** Whether a sender's requests overlap too often for it to wait for its responses. */
export function sendsWithoutWaiting({ requests, overlapping }: SenderOverlaps): boolean {
  return overlapping > Math.max(WAITING_OVERLAPS, WAITING_OVERLAP_SHARE * requests);
}

/**
 * A sender's requests (in start order), and how many started before the one before them ended by more than
 * `allowanceNs` (see overlapAllowance).
 */
export function overlapsOf(startsNs: Float64Array, latenciesNs: Float64Array, allowanceNs = OVERLAP_ALLOWANCE_NS): SenderOverlaps {
  let overlapping = 0;
  for (let i = 1; i < startsNs.length; i++) {
    if (startsNs[i]! + allowanceNs < startsNs[i - 1]! + latenciesNs[i - 1]!) overlapping++;
  }
  const spanNs = startsNs.length > 1 ? startsNs[startsNs.length - 1]! - startsNs[0]! : 0;
  return { requests: startsNs.length, overlapping, spanNs };
}

/** One schedule (a `--per` key, or the whole log). */
export interface ScheduleCounts {
  key: string;
  /** Rounded gap length in ns → how many gaps had it. */
  gaps: Map<number, number>;
  /**
   * The same for the gaps its sender spent mostly waiting for a response (see `heldBy`): the stalls' candidates.
   * A sender column's schedules count the last request's latency among them (a wait the log's end cut short).
   */
  heldGaps: Map<number, number>;
  latencies: SparseLatencies;
  /** Starts that came before the last start of an earlier block: no gap was counted for them. */
  outOfOrder: number;
  /** A sender column's key: its requests, and how many overlapped the one before (see `addGap`). */
  overlaps?: SenderOverlaps;
}

/** A ScheduleSketches' content, to move between threads: its keys' columns, and their pairs grouped by key. */
interface SketchState {
  gaveUp: CountsGaveUp | undefined;
  resolutionNs: number;
  keys: string[];
  columns: KeyColumns;
  gaps: PairsByOwner;
  heldGaps: PairsByOwner;
  buckets: PairsByOwner;
  failedBuckets: PairsByOwner;
}

/** Room for this many keys at first; the columns double as they fill. */
const INITIAL_KEYS = 64;

/** What each key has besides its pairs, a column per field (key i at index i). */
interface KeyColumns {
  firstStartNs: Float64Array;
  lastStartNs: Float64Array;
  /** End of the request that started last. */
  lastEndNs: Float64Array;
  /** Starts that came before the last start of an earlier block: no gap was counted for them. */
  outOfOrder: Float64Array;
  /** Requests that started before the key's previous request had ended (by more than the rounding). */
  overlapping: Float64Array;
  /** Latencies counted, with their exact extremes (of the requests that did not fail). */
  count: Float64Array;
  /** Failed requests: their latencies go to `failedBuckets`. */
  failed: Float64Array;
  minNs: Float64Array;
  maxNs: Float64Array;
}

function keyColumns(length: number): KeyColumns {
  const column = (fill: number) => new Float64Array(length).fill(fill);
  return {
    firstStartNs: column(NaN),
    lastStartNs: column(NaN),
    lastEndNs: column(-Infinity),
    outOfOrder: column(0),
    overlapping: column(0),
    count: column(0),
    failed: column(0),
    minNs: column(Infinity),
    maxNs: column(-Infinity),
  };
}

/** `columns` in arrays of `length` (the fields' starting values past the old length). */
function grownColumns(columns: KeyColumns, length: number): KeyColumns {
  const grown = keyColumns(length);
  for (const field of Object.keys(grown) as (keyof KeyColumns)[]) grown[field].set(columns[field]);
  return grown;
}

/** The first `length` keys' columns. */
function columnsUpTo(columns: KeyColumns, length: number): KeyColumns {
  const cut = {} as KeyColumns;
  for (const field of Object.keys(columns) as (keyof KeyColumns)[]) cut[field] = columns[field].slice(0, length);
  return cut;
}

/**
 * Every key's schedule, in columns and shared pair tables rather than an object and tables per key: a sender column
 * may name a sender per connection, and detection keeps up to MAX_SCHEDULES of them before it gives up.
 */
export class ScheduleSketches {
  /** Why the counts were let go (too many gap lengths or schedules), for the note that detection was skipped. */
  gaveUp: CountsGaveUp | undefined;
  /** Key → its index in the columns and pair tables. */
  private readonly indexOf = new Map<string, number>();
  private readonly keys: string[] = [];
  private columns = keyColumns(INITIAL_KEYS);
  /** (key, rounded gap length in ns) → how many gaps had it… */
  private gaps = new PairCounts();
  /** …and the same for the gaps its sender spent mostly waiting for a response (see `heldBy`). */
  private heldGaps = new PairCounts();
  /** (key, latency bucket index) → count… */
  private buckets = new PairCounts();
  /** …and the same for failed requests (few: the table starts small). */
  private failedBuckets = new PairCounts(1);
  private readonly scratch = new SortScratch();
  /** The buckets of the latency recorders made in the end. */
  private readonly layout: BucketLayout;
  /** An overlap shorter than this proves nothing (see overlapAllowance). */
  private allowanceNs: number;

  /** @param resolutionNs the step the start times were written in (send-pattern.ts `startsStep` of the first block's). */
  constructor(
    readonly digits: SignificantDigits,
    public resolutionNs = 1,
  ) {
    // The layout of `new LatencyRecorder(digits)`, which `SparseLatencies.addTo` adds to.
    this.layout = new BucketLayout(digits);
    this.allowanceNs = overlapAllowance(resolutionNs);
  }

  /**
   * Adds a block of one key's requests, in any order (they are put in start order first); `failed` marks the
   * failed ones (see TimedSeries.failed). Each request that overlapped the one before it of its key is marked 1 in
   * `overlapped`, when given (index for index with the block).
   */
  addBlock(key: string, startsNs: Float64Array, latenciesNs: Float64Array, failed?: Uint8Array, overlapped?: Uint8Array): void {
    if (this.gaveUp !== undefined || startsNs.length === 0) return;
    const { sortedKeys, order } = stableOrder(startsNs, this.scratch);
    const index = this.keyIndex(key);
    if (index === undefined) return;
    for (let i = 0; i < sortedKeys.length && this.gaveUp === undefined; i++) {
      const latencyNs = latenciesNs[order[i]!]!;
      if (this.addStart(index, sortedKeys[i]!, latencyNs) && overlapped !== undefined) overlapped[order[i]!] = 1;
      if (failed?.[order[i]!] === 1) this.addFailed(index, this.layout.indexOf(latencyNs), 1);
      else this.addLatencies(index, this.layout.indexOf(latencyNs), 1, latencyNs, latencyNs);
    }
  }

  /**
   * Gives up at once when a block of `keys` distinct keys is to come and they are more than are kept: the block
   * would make it give up anyway, after filling its tables with them.
   */
  expectKeys(keys: number): void {
    if (keys > MAX_SCHEDULES && this.gaveUp === undefined) this.giveUp({ kind: "keys", limit: MAX_SCHEDULES });
  }

  /** Keys (schedules) counted. */
  get size(): number {
    return this.keys.length;
  }

  /** Starts counted as out of order, over all keys. */
  get outOfOrder(): number {
    return sum(this.columns.outOfOrder, this.keys.length);
  }

  /** Each key's requests and overlaps, in the order of `schedules`. */
  overlaps(): SenderOverlaps[] {
    return this.keys.map((_, i) => this.overlapsAt(i));
  }

  private overlapsAt(i: number): SenderOverlaps {
    const { count, failed, overlapping, firstStartNs, lastStartNs } = this.columns;
    return { requests: count[i]! + failed[i]!, overlapping: overlapping[i]!, spanNs: lastStartNs[i]! - firstStartNs[i]! || 0 };
  }

  /**
   * The schedules, one at a time (each made as it is asked for: all at once would be a few KB each again), or
   * undefined when the counts were let go (see `gaveUp`).
   */
  schedules(): Iterable<ScheduleCounts> | undefined {
    if (this.gaveUp !== undefined) return undefined;
    const { keys, columns } = this;
    const [gaps, heldGaps, buckets, failedBuckets] = [this.gaps, this.heldGaps, this.buckets, this.failedBuckets].map((pairs) => pairs.byOwner(keys.length)) as [PairsByOwner, PairsByOwner, PairsByOwner, PairsByOwner];
    const overlapsAt = (i: number) => this.overlapsAt(i);
    return (function* () {
      for (let i = 0; i < keys.length; i++) {
        const latencies = new SparseLatencies();
        forEachPair(buckets, i, (index, count) => latencies.buckets.add(index, count));
        forEachPair(failedBuckets, i, (index, count) => latencies.addFailed(index, count));
        [latencies.count, latencies.minNs, latencies.maxNs] = [columns.count[i]!, columns.minNs[i]!, columns.maxNs[i]!];
        const overlaps = overlapsAt(i);
        // The last request held its sender to the end of the log, as detection from requests kept one by one counts it.
        const held = mapOf(heldGaps, i);
        const lastNs = roundToMicroseconds(columns.lastEndNs[i]! - columns.lastStartNs[i]!);
        if (Number.isFinite(lastNs)) held.set(lastNs, (held.get(lastNs) ?? 0) + 1);
        yield { key: keys[i]!, gaps: mapOf(gaps, i), heldGaps: held, latencies, outOfOrder: columns.outOfOrder[i]!, overlaps };
      }
    })();
  }

  state(): SketchState {
    const n = this.keys.length;
    return {
      gaveUp: this.gaveUp,
      resolutionNs: this.resolutionNs,
      keys: this.keys,
      columns: columnsUpTo(this.columns, n),
      gaps: this.gaps.byOwner(n),
      heldGaps: this.heldGaps.byOwner(n),
      buckets: this.buckets.byOwner(n),
      failedBuckets: this.failedBuckets.byOwner(n),
    };
  }

  /** Adds the sketches of the requests that came after these (the next part of a file). */
  absorb(state: unknown): void {
    const other = state as SketchState;
    if (other.gaveUp !== undefined) this.giveUp(other.gaveUp);
    // A part stamped more coarsely than this one makes the whole log as coarse.
    if (other.resolutionNs > this.resolutionNs) [this.resolutionNs, this.allowanceNs] = [other.resolutionNs, overlapAllowance(other.resolutionNs)];
    const theirs = other.columns;
    for (let k = 0; k < other.keys.length; k++) {
      if (this.gaveUp !== undefined) return;
      const ours = this.keyIndex(other.keys[k]!);
      if (ours === undefined) return;
      const columns = this.columns;
      // The gap between the parts is the first of theirs, and so is an overlap across them.
      const [lastStartNs, lastEndNs] = [columns.lastStartNs[ours]!, columns.lastEndNs[ours]!];
      if (Number.isNaN(lastStartNs)) columns.firstStartNs[ours] = theirs.firstStartNs[k]!;
      else if (!Number.isNaN(theirs.firstStartNs[k]!)) this.addGap(ours, theirs.firstStartNs[k]!);
      forEachPair(other.gaps, k, (gapNs, count) => this.count(this.gaps, ours, gapNs, count));
      forEachPair(other.heldGaps, k, (gapNs, count) => this.count(this.heldGaps, ours, gapNs, count));
      if (this.gaveUp !== undefined) return;
      const theirsLater = !(theirs.lastStartNs[k]! < lastStartNs);
      columns.lastStartNs[ours] = theirsLater ? theirs.lastStartNs[k]! : lastStartNs;
      columns.lastEndNs[ours] = theirsLater ? theirs.lastEndNs[k]! : lastEndNs;
      columns.outOfOrder[ours] += theirs.outOfOrder[k]!;
      columns.overlapping[ours] += theirs.overlapping[k]!;
      forEachPair(other.buckets, k, (index, count) => this.addLatencies(ours, index, count, theirs.minNs[k]!, theirs.maxNs[k]!));
      forEachPair(other.failedBuckets, k, (index, count) => this.addFailed(ours, index, count));
    }
  }

  /**
   * The next start of a key (and its latency): the gap since its last start counted, held or not; a start before
   * the end of its last request (by more than the rounding) counted as an overlap. A start earlier than the last
   * one of an earlier block has no gap: it is counted as out of order, and nothing else. Returns whether it
   * overlapped.
   */
  private addStart(index: number, startNs: number, latencyNs: number): boolean {
    const columns = this.columns;
    if (startNs < columns.lastStartNs[index]!) {
      columns.outOfOrder[index]++;
      return false;
    }
    let overlapped = false;
    if (Number.isNaN(columns.lastStartNs[index]!)) columns.firstStartNs[index] = startNs;
    else overlapped = this.addGap(index, startNs);
    columns.lastStartNs[index] = startNs;
    columns.lastEndNs[index] = startNs + latencyNs;
    return overlapped;
  }

  /**
   * The gap from the key's last start to `startNs` (not before it), and whether that start's response held it;
   * returns whether the start overlapped that request.
   */
  private addGap(index: number, startNs: number): boolean {
    const { lastStartNs, lastEndNs } = this.columns;
    if (startNs < lastStartNs[index]!) return false;
    const overlapped = startNs + this.allowanceNs < lastEndNs[index]!;
    if (overlapped) this.columns.overlapping[index]++;
    const gapNs = roundToMicroseconds(startNs - lastStartNs[index]!);
    this.count(this.gaps, index, gapNs, 1);
    if (heldBy(gapNs, lastEndNs[index]! - lastStartNs[index]!)) this.count(this.heldGaps, index, gapNs, 1);
    return overlapped;
  }

  private addLatencies(index: number, bucket: number, count: number, minNs: number, maxNs: number): void {
    const columns = this.columns;
    this.buckets.add(index, bucket, count);
    columns.count[index] += count;
    if (minNs < columns.minNs[index]!) columns.minNs[index] = minNs;
    if (maxNs > columns.maxNs[index]!) columns.maxNs[index] = maxNs;
  }

  private addFailed(index: number, bucket: number, count: number): void {
    this.failedBuckets.add(index, bucket, count);
    this.columns.failed[index] += count;
  }

  /** Counts a gap length of a key; past MAX_DISTINCT_GAPS distinct (key, length) pairs in all, gives up. */
  private count(gaps: PairCounts, index: number, gapNs: number, count: number): void {
    if (this.gaveUp !== undefined) return;
    if (gaps.add(index, gapNs, count) && this.gaps.size + this.heldGaps.size > MAX_DISTINCT_GAPS) {
      this.giveUp({ kind: "gap-lengths", limit: MAX_DISTINCT_GAPS });
    }
  }

  private giveUp(why: CountsGaveUp): void {
    this.gaveUp = why;
    this.indexOf.clear();
    this.keys.length = 0;
    this.columns = keyColumns(0);
    [this.gaps, this.heldGaps, this.buckets, this.failedBuckets] = [new PairCounts(1), new PairCounts(1), new PairCounts(1), new PairCounts(1)];
  }

  /** The key's index; undefined when there would be too many keys (then the counts are let go). */
  private keyIndex(key: string): number | undefined {
    let index = this.indexOf.get(key);
    if (index === undefined) {
      if (this.keys.length === MAX_SCHEDULES) {
        this.giveUp({ kind: "keys", limit: MAX_SCHEDULES });
        return undefined;
      }
      index = this.keys.length;
      if (index === this.columns.count.length) this.columns = grownColumns(this.columns, 2 * index);
      this.keys.push(key);
      this.indexOf.set(key, index);
    }
    return index;
  }
}

function sum(values: Float64Array, length: number): number {
  let total = 0;
  for (let i = 0; i < length; i++) total += values[i]!;
  return total;
}

/** Key `i`'s pairs as value → count. */
function mapOf(pairs: PairsByOwner, i: number): Map<number, number> {
  const map = new Map<number, number>();
  forEachPair(pairs, i, (value, count) => map.set(value, count));
  return map;
}
