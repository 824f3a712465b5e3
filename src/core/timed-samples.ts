/**
 * Keeps the start time and latency of every sample that has a start time, per key (connection/worker, or one
 * key for all), for the analyses that need requests in start order: coordinated-omission detection and the
 * intended-schedule correction. 16 bytes a sample, in growable typed arrays; 24 when each sample is tagged with
 * its group, so that the corrections can be routed to the groups (`--group-by`).
 */
import type { Sample } from "./sample.js";
import type { SignificantDigits } from "./histogram.js";
import { ScheduleSketches, type CountsGaveUp, type ScheduleCounts } from "./schedule-sketch.js";
import type { SenderChains } from "./sender-chains.js";
import { fingerprint, tellsAnything, type SendFingerprint } from "./send-pattern.js";
import { StreamedSenders, type StreamedState } from "./streamed-senders.js";
import { stableOrder } from "./start-order.js";
import type { ConsumerRecipe, PortableConsumer } from "./portable.js";
import { isTape, replay } from "./sample-tape.js";
import { UntimedCount } from "./untimed-count.js";

/** One key's requests, sorted by start time once `sorted()` is called. */
export interface TimedSeries {
  key: string;
  startsNs: Float64Array;
  latenciesNs: Float64Array;
  /** Each request's group index, when the samples were tagged. */
  tags?: Float64Array;
}

/** Room a key starts with: small, since a `--per` key may have a request or two (a connection per request). */
const INITIAL_CAPACITY = 16;

class GrowableSeries {
  starts: Float64Array = new Float64Array(INITIAL_CAPACITY);
  latencies: Float64Array = new Float64Array(INITIAL_CAPACITY);
  tags: Float64Array | undefined;
  length = 0;

  constructor(tagged: boolean) {
    if (tagged) this.tags = new Float64Array(INITIAL_CAPACITY);
  }

  push(startNs: number, latencyNs: number, tag: number): void {
    if (this.length === this.starts.length) {
      this.starts = grow(this.starts);
      this.latencies = grow(this.latencies);
      if (this.tags !== undefined) this.tags = grow(this.tags);
    }
    if (this.tags !== undefined) this.tags[this.length] = tag;
    this.starts[this.length] = startNs;
    this.latencies[this.length++] = latencyNs;
  }

  /** Appends another series' samples at once (`tags` only when both are tagged). */
  append(starts: Float64Array, latencies: Float64Array, tags: Float64Array | undefined): void {
    const length = this.length + starts.length;
    if (length > this.starts.length) {
      this.starts = grow(this.starts, length);
      this.latencies = grow(this.latencies, length);
      if (this.tags !== undefined) this.tags = grow(this.tags, length);
    }
    this.starts.set(starts, this.length);
    this.latencies.set(latencies, this.length);
    if (this.tags !== undefined && tags !== undefined) this.tags.set(tags, this.length);
    this.length = length;
  }
}

function isNondecreasing(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) return false;
  return true;
}

/** `values` rearranged: element i is values[order[i]]. */
function permuted(values: Float64Array, order: Uint32Array): Float64Array {
  const result = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) result[i] = values[order[i]!]!;
  return result;
}

/** The send pattern of a series' samples (in start order). */
function fingerprintOf(series: GrowableSeries): SendFingerprint {
  const { sortedKeys, order } = stableOrder(series.starts.subarray(0, series.length));
  return fingerprint(sortedKeys, permuted(series.latencies, order));
}

/** A copy of `array` with room for at least `least` values, twice as many as now or more. */
function grow(array: Float64Array, least = 0): Float64Array {
  const larger = new Float64Array(Math.max(array.length * 2, least));
  larger.set(array);
  return larger;
}

/**
 * Most samples with a start time kept: 16 bytes each, about as much again to sort them (~300 MB in all). Past
 * this, memory would grow with the input (a 5 GB timestamped CSV needed several GB), so they are let go.
 */
export const MAX_TIMED_SAMPLES = 10_000_000;

/**
 * For coordinated-omission detection alone, one by one only up to this many; past it, blocks of as many go into
 * ScheduleSketches, in memory that does not grow with the input (a block is ~1 MB with its sorting; blocks of 2^19
 * measured ~35 MB more peak RSS than --co off). Small also because a block may have a key per request (~2 KB each
 * kept one by one). A start that lags the end of the block before it by more than a block (e.g. an access log's
 * start = end − latency, at 1,000 requests/s and a 33 s latency) loses its gap.
 */
export const DETECTION_BLOCK = 1 << 15;

/**
 * For detection without a sender column, the first block is this large (16 bytes a request, ~10 MB with its
 * sorting): logs up to it are chained exactly, and a slow period in it can show senders whose phases are spread
 * evenly (even-phases.ts).
 */
export const UNKEYED_FIRST_BLOCK = 1 << 18;

/** Keys whose arrays are kept from one block to the next; more are dropped and made anew. */
const REUSED_KEYS = 64;

/** What a TimedSamples holds, to move it between threads. */
interface TimedState {
  untimed: number;
  kept: number;
  overflowed: boolean;
  series: { key: string; starts: Float64Array; latencies: Float64Array; tags: Float64Array | undefined }[];
  sketches: unknown;
  streamed: StreamedState | undefined;
}

/** What detection counted past the first block: per sender-column key, or per reconstructed sender. */
export type DetectionCounts =
  | { kind: "sender-column"; schedules: Iterable<ScheduleCounts>; senders: number; overlapping: number; requests: number; outOfOrder: number }
  | { kind: "inferred"; fingerprint: SendFingerprint; chains: SenderChains; outOfOrder: number };

export class TimedSamples extends UntimedCount implements PortableConsumer {
  /**
   * More than `limit` samples had start times: all were let go, and no analysis may use them — but detection,
   * from its counts when they were asked for.
   */
  overflowed = false;
  private kept = 0;
  private readonly byKey = new Map<string, GrowableSeries>();
  /** Past `limit`, when a sender column names the keys: what detection needs per key, a block at a time. */
  private sketches: ScheduleSketches | undefined;
  /** Past `limit`, without a sender column: the senders reconstructed so far, a block at a time. */
  private streamed: StreamedSenders | undefined;
  /** Without a sender column: whether the first `limit` samples' fingerprint can tell anything (once known). */
  private firstBlockTells: boolean | undefined;
  /** Samples in the block not yet added to the sketches or chains. */
  private blockLength = 0;

  /**
   * @param isTagged keep a tag (group index) per sample, given to `tagged()`.
   * @param limit most samples kept (see MAX_TIMED_SAMPLES).
   * @param sketchDigits go on past `limit` in counts of these digits (detection only; untagged).
   * @param unkeyedFirstBlock with `sketchDigits`, keep this many one by one while no sample has a sender key.
   */
  constructor(
    readonly isTagged = false,
    readonly limit = MAX_TIMED_SAMPLES,
    private readonly sketchDigits?: SignificantDigits,
    private readonly unkeyedFirstBlock = UNKEYED_FIRST_BLOCK,
  ) {
    super();
  }

  /** Only for coordinated-omission detection, past `DETECTION_BLOCK` samples (see the constructor). */
  static forDetection(digits: SignificantDigits): TimedSamples {
    return new TimedSamples(false, DETECTION_BLOCK, digits);
  }

  /** Whether samples past `limit` go on into counts, for detection only. */
  get sketching(): boolean {
    return this.sketchDigits !== undefined;
  }

  sample(sample: Sample): void {
    this.tagged(sample, 0);
  }

  /** Keeps a sample with its tag (see the constructor). */
  tagged(sample: Sample, tag: number): void {
    if (sample.startNs === undefined) {
      this.untimed++;
      return;
    }
    if (this.overflowed && !this.counting) return;
    if (++this.kept > this.limit && !this.overflowed && !this.keepsOneByOne(this.kept)) {
      this.overflow();
      if (!this.counting) return;
    }
    this.seriesOf(sample.key ?? "").push(sample.startNs, sample.latencyNs, tag);
    // Past the limit, what is kept one by one is the next block for the counts.
    if (this.overflowed && ++this.blockLength === this.limit) this.addBlock();
  }

  /**
   * Whether `kept` samples are still kept one by one: up to `limit`, or, for detection without a sender column, up
   * to `unkeyedFirstBlock` — the senders are reconstructed from them exactly, and their fingerprint serves the rest.
   */
  private keepsOneByOne(kept: number): boolean {
    if (kept <= this.limit) return true;
    const unkeyed = this.byKey.size === 0 || (this.byKey.size === 1 && this.byKey.has(""));
    if (!this.sketching || kept > this.unkeyedFirstBlock || !unkeyed) return false;
    // Kept on only when the first `limit` can tell something (start times not too coarse for the rate).
    this.firstBlockTells ??= this.byKey.size === 0 || tellsAnything(fingerprintOf(this.byKey.get("")!));
    return this.firstBlockTells;
  }

  /** How many samples with start times are kept one by one before detection goes on in counts. */
  get firstBlock(): number {
    return this.streamed !== undefined ? Math.max(this.limit, this.unkeyedFirstBlock) : this.limit;
  }

  /** Whether detection's counts go on past the limit (asked for, and not let go). */
  private get counting(): boolean {
    return this.streamed !== undefined || (this.sketches !== undefined && this.sketches.gaveUp === undefined);
  }

  /**
   * Lets the samples go, or, when counts were asked for, starts them with the samples kept so far: per key when a
   * sender column gave keys, else by reconstructing the senders.
   */
  private overflow(): void {
    this.overflowed = true;
    if (this.sketchDigits === undefined) {
      this.byKey.clear();
      return;
    }
    const unkeyed = this.byKey.get("");
    if (this.byKey.size === 1 && unkeyed !== undefined) {
      this.streamed = new StreamedSenders(this.sketchDigits, unkeyed.starts.subarray(0, unkeyed.length), unkeyed.latencies.subarray(0, unkeyed.length));
      // Let the first block's arrays go: the blocks after it are smaller.
      this.byKey.clear();
      return;
    }
    this.sketches = new ScheduleSketches(this.sketchDigits);
    this.addBlock();
  }

  private addBlock(): void {
    for (const [key, series] of this.byKey) {
      const starts = series.starts.subarray(0, series.length);
      const latencies = series.latencies.subarray(0, series.length);
      if (this.streamed !== undefined) this.streamed.addBlock(starts, latencies);
      else this.sketches!.addBlock(key, starts, latencies);
      // Emptied, not dropped: the next block fills the same arrays (unless there are many keys to hold on to).
      series.length = 0;
    }
    if (this.byKey.size > REUSED_KEYS || !this.counting) this.byKey.clear();
    this.blockLength = 0;
  }

  /** Why the counts were let go, when they were (too many keys, senders or gap lengths). */
  get countsGaveUp(): CountsGaveUp | undefined {
    return this.sketches?.gaveUp ?? this.streamed?.chains.gaveUp;
  }

  /** Past `limit`, with counts asked for: what detection counted (undefined when it was let go, or not asked for). */
  detectionCounts(): DetectionCounts | undefined {
    if (this.streamed !== undefined) {
      this.addBlock();
      this.streamed.finish();
      return { kind: "inferred", fingerprint: this.streamed.fingerprint, chains: this.streamed.chains, outOfOrder: this.streamed.outOfOrder };
    }
    if (this.sketches === undefined) return undefined;
    this.addBlock();
    const sketches = this.sketches;
    const schedules = sketches.schedules();
    if (schedules === undefined) return undefined;
    return { kind: "sender-column", schedules, senders: sketches.size, overlapping: sketches.overlapping, requests: sketches.requests, outOfOrder: sketches.outOfOrder };
  }

  private seriesOf(key: string): GrowableSeries {
    let series = this.byKey.get(key);
    if (series === undefined) this.byKey.set(key, (series = new GrowableSeries(this.isTagged)));
    return series;
  }

  recipe(): ConsumerRecipe {
    // A twin reads a later part of a large file: a block's worth of it is fingerprint enough, and its memory is
    // added to this one's.
    const counts = this.sketchDigits === undefined ? {} : { sketchDigits: this.sketchDigits, unkeyedFirstBlock: this.limit };
    return { kind: "timed", tagged: this.isTagged, limit: this.limit, ...counts };
  }

  state(): TimedState {
    if (this.overflowed && this.counting) this.addBlock();
    const series = [...this.byKey].map(([key, s]) => ({
      key,
      starts: s.starts.subarray(0, s.length),
      latencies: s.latencies.subarray(0, s.length),
      tags: s.tags?.subarray(0, s.length),
    }));
    return {
      untimed: this.untimed,
      kept: this.kept,
      overflowed: this.overflowed,
      series,
      sketches: this.sketches?.state(),
      streamed: this.streamed?.state(),
    };
  }

  /**
   * Appends a twin's samples; past `limit` in all, everything is let go (or goes on into counts) as if they had
   * come here one by one.
   */
  absorb(state: unknown): void {
    // A whole file's samples, read elsewhere: taken one by one, as if read here.
    if (isTape(state)) return replay(state, this);
    const other = state as TimedState;
    this.untimed += other.untimed;
    this.kept += other.kept;
    if (!this.overflowed && !other.overflowed && this.keepsOneByOne(this.kept)) {
      for (const { key, starts, latencies, tags } of other.series) this.seriesOf(key).append(starts, latencies, tags);
      return;
    }
    if (!this.overflowed) this.overflow();
    if (!this.counting) return;
    this.addBlock();
    if (this.streamed !== undefined && other.streamed !== undefined) this.streamed.absorb(other.streamed);
    if (this.sketches !== undefined && other.sketches !== undefined) this.sketches.absorb(other.sketches);
    for (const { key, starts, latencies } of other.series) {
      if (this.streamed !== undefined) this.streamed.addBlock(starts, latencies);
      else this.sketches!.addBlock(key, starts, latencies);
    }
  }

  /** Number of samples with a start time. */
  get timed(): number {
    let total = 0;
    for (const series of this.byKey.values()) total += series.length;
    return total;
  }

  /** Every key's requests in start-time order (ties keep input order). */
  sorted(): TimedSeries[] {
    return [...this.byKey].map(([key, series]) => {
      const starts = series.starts.subarray(0, series.length);
      // Logs are usually written in start order already: then there is nothing to sort (and ties keep input order).
      if (isNondecreasing(starts)) {
        const tags = series.tags?.subarray(0, series.length);
        return { key, startsNs: starts, latenciesNs: series.latencies.subarray(0, series.length), ...(tags === undefined ? {} : { tags }) };
      }
      const { sortedKeys, order } = stableOrder(starts);
      return {
        key,
        startsNs: sortedKeys,
        latenciesNs: permuted(series.latencies, order),
        ...(series.tags === undefined ? {} : { tags: permuted(series.tags, order) }),
      };
    });
  }
}
