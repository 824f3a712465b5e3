/**
 * Keeps the start time and latency of every sample that has a start time, per key (connection/worker, or one
 * key for all), for the analyses that need requests in start order: coordinated-omission detection and the
 * intended-schedule correction. 16 bytes a sample, in growable typed arrays shared by all keys; 4 more for its
 * key's index once there are two keys, 8 more when each sample is tagged with its group, so that the
 * corrections can be routed to the groups (`--group-by`), and 1 more once a failed request is kept.
 *
 * Failed requests left out of the histogram are kept too, marked, when asked for (`keepsFailures`): a timeout
 * holds its sender up as a slow response does, and a request on a schedule took its slot whether it failed or
 * not. The analyses use their starts and latencies to find senders, gaps and slots, and record no latency of
 * theirs: only the requests their senders would have sent meanwhile are back-filled.
 */
import type { Sample } from "./sample.js";
import type { SignificantDigits } from "./histogram.js";
import { ScheduleSketches, type CountsGaveUp, type ScheduleCounts, type SenderOverlaps } from "./schedule-sketch.js";
import { PileUps, type PileUp, type PileUpsState } from "./pile-up.js";
import type { SenderChains } from "./sender-chains.js";
import { canTellAnything, startsStep, type SendFingerprint } from "./send-pattern.js";
import { StreamedSenders, type StreamedState } from "./streamed-senders.js";
import { stableOrder } from "./start-order.js";
import type { ConsumerRecipe, PortableConsumer } from "./portable.js";
import { isTape, type TapeState } from "./sample-tape.js";
import { isStartCount, type StartCountState } from "./start-count.js";
import { UntimedCount } from "./untimed-count.js";
import { InternedKeys } from "./interned-keys.js";
import { grown } from "./typed-arrays.js";

/** One key's requests, sorted by start time once `sorted()` is called. */
export interface TimedSeries {
  key: string;
  startsNs: Float64Array;
  latenciesNs: Float64Array;
  /** Each request's group index, when the samples were tagged. */
  tags?: Float64Array;
  /**
   * 1 for each failed request left out of the histogram (see the file comment); absent when none was kept. Its
   * latency is not a response to record, only how long it held its sender.
   */
  failed?: Uint8Array;
}

/** Room the samples start with; the arrays double as they fill. */
const INITIAL_CAPACITY = 1024;
/** Samples whose spare arrays for grouping are kept: a block's (larger ones are grouped once, at the end). */
const MAX_SPARE = 1 << 16;

/**
 * The samples of every key in arrays of their own, in the order they came (or grouped by key once `group` has
 * run), each with its key's index — not an object and two arrays per key: a `--per` key may have a request or two
 * (a connection per request), and at tens of thousands of them in a block those were ~10 MB. The key indices are
 * kept only once a second key appears (a log of one sender, or none, needs none).
 */
class FlatSeries {
  starts: Float64Array = new Float64Array(INITIAL_CAPACITY);
  latencies: Float64Array = new Float64Array(INITIAL_CAPACITY);
  tags: Float64Array | undefined;
  /** Each sample's key index; undefined while every sample is key 0's. */
  keyOf: Int32Array | undefined;
  /** 1 for each failed request; undefined while none failed. */
  failed: Uint8Array | undefined;
  length = 0;
  /** Room to put a block in key order without garbage (see `group`). */
  private spareOrder = new Uint32Array(0);
  private spareValues = new Float64Array(0);

  constructor(tagged: boolean) {
    if (tagged) this.tags = new Float64Array(INITIAL_CAPACITY);
  }

  push(key: number, startNs: number, latencyNs: number, tag: number, failed: boolean): void {
    if (this.length === this.starts.length) this.reserve(this.length + 1);
    const keyOf = this.keyIndices(key);
    if (keyOf !== undefined) keyOf[this.length] = key;
    if (this.tags !== undefined) this.tags[this.length] = tag;
    // Set either way: a block's arrays are filled again by the next (see TimedSamples.addBlock).
    if (failed || this.failed !== undefined) this.failedMarks()[this.length] = failed ? 1 : 0;
    this.starts[this.length] = startNs;
    this.latencies[this.length++] = latencyNs;
  }

  /** Appends another series' samples at once, all of key `key` (`tags` only when both are tagged). */
  append(key: number, starts: Float64Array, latencies: Float64Array, tags: Float64Array | undefined, failed: Uint8Array | undefined): void {
    const length = this.length + starts.length;
    this.reserve(length);
    this.keyIndices(key)?.fill(key, this.length, length);
    this.starts.set(starts, this.length);
    this.latencies.set(latencies, this.length);
    if (this.tags !== undefined && tags !== undefined) this.tags.set(tags, this.length);
    if (failed !== undefined) this.failedMarks().set(failed, this.length);
    else this.failed?.fill(0, this.length, length);
    this.length = length;
  }

  /**
   * Puts the samples in key order (by index), in place — each key's in start order too when `startOrder` (ties
   * keep the order they came in) — and returns where each key's samples start (key k's at [starts[k], starts[k + 1])).
   */
  group(keys: number, startOrder: boolean): Uint32Array {
    const bounds = new Uint32Array(keys + 1);
    const keyOf = this.keyOf;
    if (keyOf === undefined) bounds.fill(this.length, 1);
    else {
      for (let i = 0; i < this.length; i++) bounds[keyOf[i]! + 1]++;
      for (let k = 0; k < keys; k++) bounds[k + 1] += bounds[k]!;
      if (!isNondecreasing(keyOf.subarray(0, this.length))) {
        // A counting sort: each sample's place is the next free one of its key's.
        const next = bounds.slice(0, keys);
        const order = this.spareOrder.length >= this.length ? this.spareOrder.subarray(0, this.length) : new Uint32Array(this.length);
        for (let i = 0; i < this.length; i++) order[next[keyOf[i]!]!++] = i;
        this.permute(0, order);
        // A block's spare arrays are kept for the next block's; a larger sort's are let go.
        if (this.length <= MAX_SPARE && this.spareOrder.length < this.length) this.spareOrder = order;
      }
    }
    for (let k = 0; k < keys && startOrder; k++) {
      const starts = this.starts.subarray(bounds[k]!, bounds[k + 1]!);
      // Logs are usually written in start order already: then there is nothing to sort.
      if (!isNondecreasing(starts)) this.permute(bounds[k]!, stableOrder(starts).order);
    }
    return bounds;
  }

  /** The samples from `from` on rearranged in place: the one at from + i becomes the one that was at from + order[i]. */
  private permute(from: number, order: Uint32Array): void {
    const n = order.length;
    const values = this.spareValues.length >= n ? this.spareValues : new Float64Array(n);
    const columns: (Float64Array | Int32Array | Uint8Array | undefined)[] = [this.starts, this.latencies, this.tags, this.keyOf, this.failed];
    for (const column of columns) {
      if (column === undefined) continue;
      values.set(column.subarray(from, from + n));
      for (let i = 0; i < n; i++) column[from + i] = values[order[i]!]!;
    }
    if (n <= MAX_SPARE && this.spareValues.length < n) this.spareValues = values;
  }

  /** The key indices, made when a sample of a key other than 0 comes (undefined until then). */
  private keyIndices(key: number): Int32Array | undefined {
    if (key !== 0 && this.keyOf === undefined) this.keyOf = new Int32Array(this.starts.length);
    return this.keyOf;
  }

  /** The failure marks, made (all 0) when the first failed request comes. */
  private failedMarks(): Uint8Array {
    return (this.failed ??= new Uint8Array(this.starts.length));
  }

  /** Room for `least` samples (twice as many as now, or more). */
  private reserve(least: number): void {
    if (least <= this.starts.length) return;
    const capacity = Math.max(this.starts.length * 2, least);
    this.starts = grown(this.starts, capacity);
    this.latencies = grown(this.latencies, capacity);
    if (this.tags !== undefined) this.tags = grown(this.tags, capacity);
    if (this.keyOf !== undefined) this.keyOf = grown(this.keyOf, capacity);
    if (this.failed !== undefined) this.failed = grown(this.failed, capacity);
  }
}

function isNondecreasing(values: Float64Array | Int32Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) return false;
  return true;
}

/** `values` rearranged: element i is values[order[i]]. */
function permuted(values: Float64Array, order: Uint32Array): Float64Array {
  const result = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) result[i] = values[order[i]!]!;
  return result;
}

/** Requests in start order, without keys: the first block of detection without a sender column. */
interface StartOrdered {
  startsNs: Float64Array;
  latenciesNs: Float64Array;
  failed: Uint8Array | undefined;
}

/**
 * The first `length` samples (in any order) in start order, their latencies and failure marks in the same order, in
 * arrays of their own (a scratch kept for the blocks after a first block is a block's size, not the first block's).
 */
function inStartOrder(samples: FlatSeries): StartOrdered {
  const { sortedKeys, order } = stableOrder(samples.starts.subarray(0, samples.length));
  const failed = samples.failed && Uint8Array.from(order, (i) => samples.failed![i]!);
  return { startsNs: sortedKeys, latenciesNs: permuted(samples.latencies, order), failed };
}

/**
 * Most samples with a start time kept: 16 bytes each, about as much again to sort them (~300 MB in all). Past
 * this, memory would grow with the input (a 5 GB timestamped CSV needed several GB), so they are let go.
 */
export const MAX_TIMED_SAMPLES = 10_000_000;

/**
 * For coordinated-omission detection alone, one by one only up to this many; past it, blocks of as many go into
 * ScheduleSketches, in memory that does not grow with the input (a block is ~1 MB with its sorting; blocks of 2^19
 * measured ~35 MB more peak RSS than --co off). Small also because a block may have a key per request (a Map entry
 * each). A start that lags the end of the block before it by more than a block (e.g. an access log's
 * start = end − latency, at 1,000 requests/s and a 33 s latency) loses its gap.
 */
export const DETECTION_BLOCK = 1 << 15;

/**
 * For detection without a sender column, the first block is this large (16 bytes a request, ~10 MB with its
 * sorting): logs up to it are chained exactly, and a slow period in it can show senders whose phases are spread
 * evenly (even-phases.ts).
 */
export const UNKEYED_FIRST_BLOCK = 1 << 18;

/** Keys whose numbers are kept from one block to the next; more are dropped and numbered anew. */
const REUSED_KEYS = 64;
/** Slots of keys whose numbers are looked up by their strings (see `recentKeys`), 2^RECENT_BITS. */
const RECENT_BITS = 8;
const RECENT_KEYS = 1 << RECENT_BITS;

/** What a TimedSamples holds, to move it between threads. */
interface TimedState {
  untimed: number;
  kept: number;
  overflowed: boolean;
  series: TimedSeries[];
  sketches: unknown;
  streamed: StreamedState | undefined;
  pileUps: PileUpsState | undefined;
}

/** What detection counted past the first block: per sender-column key, or per reconstructed sender. */
export type DetectionCounts =
  | { kind: "sender-column"; schedules: Iterable<ScheduleCounts>; senders: number; overlaps: SenderOverlaps[]; resolutionNs: number; outOfOrder: number; pileUp?: PileUp }
  | { kind: "inferred"; fingerprint: SendFingerprint; chains: SenderChains; outOfOrder: number };

export class TimedSamples extends UntimedCount implements PortableConsumer {
  /**
   * More than `limit` samples had start times: all were let go, and no analysis may use them — but detection,
   * from its counts when they were asked for.
   */
  overflowed = false;
  private kept = 0;
  /** The samples kept one by one (past `limit`, the next block for the counts)… */
  private samples: FlatSeries;
  /** …and their keys, numbered in order of first sight (as bytes: tens of thousands of strings in a Map were MB). */
  private keys = new InternedKeys();
  /**
   * The numbers of keys seen lately, a slot each by a hash of their last characters: a few senders (threads,
   * workers) come as the same strings over and over, found here faster than by their bytes (and a Map of them,
   * cleared when full, was garbage and a few MB at a key per connection).
   */
  private readonly recentKeys: (string | undefined)[] = new Array<string | undefined>(RECENT_KEYS).fill(undefined);
  private readonly recentNumbers = new Int32Array(RECENT_KEYS);
  /** Past `limit`, when a sender column names the keys: what detection needs per key, a block at a time. */
  private sketches: ScheduleSketches | undefined;
  /** Past `limit`, without a sender column: the senders reconstructed so far, a block at a time. */
  private streamed: StreamedSenders | undefined;
  /** Without a sender column: whether the first `limit` samples can tell anything of how they were sent (once known). */
  private firstBlockTells: boolean | undefined;
  /** The first block in start order, when it cannot tell anything: kept from the check to the overflow after it. */
  private untellableFirstBlock: StartOrdered | undefined;
  /** Samples in the block not yet added to the sketches or chains. */
  private blockLength = 0;
  /**
   * With a sender column, past `limit`: how requests piled up in flight (see PileUp), over the whole log — the pool
   * rule of detection. A request that overlapped its own sender's previous one is left out, as detection from
   * requests kept one by one leaves out the senders that do not wait: an open-loop probe's pile-up is its own.
   */
  private pileUps: PileUps | undefined;
  /** Which requests of the block overlapped their sender's previous one (see `pileUps`), reused block after block. */
  private overlapped = new Uint8Array(0);

  /**
   * @param isTagged keep a tag (group index) per sample, given to `tagged()`.
   * @param limit most samples kept (see MAX_TIMED_SAMPLES).
   * @param sketchDigits go on past `limit` in counts of these digits (detection only; untagged).
   * @param unkeyedFirstBlock with `sketchDigits`, keep this many one by one while no sample has a sender key.
   * @param keepsFailures keep the failed requests left out of the histogram too, marked (see the file comment).
   */
  constructor(
    readonly isTagged = false,
    readonly limit = MAX_TIMED_SAMPLES,
    private readonly sketchDigits?: SignificantDigits,
    private readonly unkeyedFirstBlock = UNKEYED_FIRST_BLOCK,
    readonly keepsFailures = false,
  ) {
    super();
    this.samples = new FlatSeries(isTagged);
  }

  /** Every start time kept one by one, up to MAX_TIMED_SAMPLES, failed requests' among them (see the file comment). */
  static withFailures(isTagged: boolean): TimedSamples {
    return new TimedSamples(isTagged, MAX_TIMED_SAMPLES, undefined, UNKEYED_FIRST_BLOCK, true);
  }

  /** For coordinated-omission detection alone, past `DETECTION_BLOCK` samples (see the constructor), failures kept. */
  static forDetection(digits: SignificantDigits): TimedSamples {
    return new TimedSamples(false, DETECTION_BLOCK, digits, UNKEYED_FIRST_BLOCK, true);
  }

  /** Whether samples past `limit` go on into counts, for detection only. */
  get sketching(): boolean {
    return this.sketchDigits !== undefined;
  }

  sample(sample: Sample): void {
    this.tagged(sample, 0);
  }

  /** A failed request left out of the histogram: kept, marked, when failures are (one without a start time is not). */
  failure(sample: Sample): void {
    this.taggedFailure(sample, 0);
  }

  /** Keeps a sample with its tag (see the constructor). */
  tagged(sample: Sample, tag: number): void {
    if (sample.startNs === undefined) {
      this.untimed++;
      return;
    }
    this.keep(sample.key ?? "", sample.startNs, sample.latencyNs, tag, false);
  }

  /** `failure` with its tag. */
  taggedFailure(sample: Sample, tag: number): void {
    if (this.keepsFailures && sample.startNs !== undefined) this.keep(sample.key ?? "", sample.startNs, sample.latencyNs, tag, true);
  }

  /** Keeps a sample that has a start time. */
  private keep(key: string, startNs: number, latencyNs: number, tag: number, failed: boolean): void {
    if (this.overflowed && !this.counting) return;
    if (++this.kept > this.limit && !this.overflowed && !this.keepsOneByOne(this.kept)) {
      this.overflow();
      if (!this.counting) return;
    }
    // Senders that the first block cannot tell apart are not looked for in the blocks after it: counted only.
    if (this.streamed?.chaining === false) return;
    this.samples.push(this.keyNumber(key), startNs, latencyNs, tag, failed);
    // Past the limit, what is kept one by one is the next block for the counts.
    if (this.overflowed && ++this.blockLength === this.limit) this.addBlock();
  }

  /**
   * Whether `kept` samples are still kept one by one: up to `limit`, or, for detection without a sender column, up
   * to `unkeyedFirstBlock` — the senders are reconstructed from them exactly, and their fingerprint serves the rest.
   */
  private keepsOneByOne(kept: number): boolean {
    if (kept <= this.limit) return true;
    if (!this.sketching || kept > this.unkeyedFirstBlock || !this.unkeyed) return false;
    // Kept on only when the first `limit` can tell something (start times not too coarse for the rate).
    if (this.firstBlockTells === undefined) {
      const sorted = this.keys.size === 0 ? undefined : inStartOrder(this.samples);
      this.firstBlockTells = sorted === undefined || canTellAnything(sorted.startsNs, sorted.latenciesNs);
      // These samples are the first block then: the senders start from them as sorted here, not sorted again.
      if (!this.firstBlockTells) this.untellableFirstBlock = sorted;
    }
    return this.firstBlockTells;
  }

  /** Whether no sample kept has a sender key. */
  private get unkeyed(): boolean {
    return this.keys.size === 0 || (this.keys.size === 1 && this.keys.keyAt(0) === "");
  }

  /** How many samples with start times are kept one by one before detection goes on in counts. */
  get firstBlock(): number {
    return this.streamed !== undefined ? Math.max(this.limit, this.unkeyedFirstBlock) : this.limit;
  }

  /**
   * Whether detection went on past the first block a block at a time: not when the requests after it were only
   * counted, or not even that (see `onlyCounts`; detection's verdict says why). Read in parts, this is the first
   * part's: the later parts' blocks are added to its counts, or only counted, as it goes on.
   */
  get checkedInBlocks(): boolean {
    return this.overflowed && !this.onlyCounts;
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
      this.letGo();
      return;
    }
    if (this.keys.size === 1 && this.keys.keyAt(0) === "") {
      const sorted = this.untellableFirstBlock ?? inStartOrder(this.samples);
      this.untellableFirstBlock = undefined;
      this.streamed = new StreamedSenders(this.sketchDigits, sorted.startsNs, sorted.latenciesNs, sorted.failed);
      // Let the first block's arrays go: the blocks after it are smaller.
      this.letGo();
      return;
    }
    // The first block's start times show the steps they are written in (whole seconds, milliseconds…).
    this.sketches = new ScheduleSketches(this.sketchDigits, startsStep(this.samples.starts.subarray(0, this.samples.length)));
    // A key per connection may be more keys than detection keeps in the first block already (and in each reading
    // thread at once): then it gives up before it counts them, not after.
    this.sketches.expectKeys(this.keys.size);
    if (this.sketches.gaveUp === undefined) this.pileUps = new PileUps();
    this.addBlock();
  }

  private addBlock(): void {
    this.blockLength = 0;
    // Counts let go (too many keys) take nothing more.
    if (!this.counting) return this.letGo();
    const samples = this.samples;
    // The counts put each key's samples in start order themselves.
    const bounds = samples.group(this.keys.size, false);
    const overlapped = this.pileUps === undefined ? undefined : this.overlapMarks(samples.length);
    for (let k = 0; k < this.keys.size; k++) {
      const [from, to] = [bounds[k]!, bounds[k + 1]!];
      this.countBlock(this.keys.keyAt(k), samples.starts.subarray(from, to), samples.latencies.subarray(from, to), samples.failed?.subarray(from, to), overlapped?.subarray(from, to));
    }
    // All senders' requests together, in start order, for the pile-up (once the sketches have marked the overlaps).
    if (this.counting) this.pileUps?.addBlock(samples.starts.subarray(0, samples.length), samples.latencies.subarray(0, samples.length), overlapped);
    // Emptied, not dropped: the next block fills the same arrays. A few keys are kept too (in the same order, as
    // the counts saw them); many would only grow from block to block.
    samples.length = 0;
    if (!this.counting) this.letGo();
    else if (this.keys.size > REUSED_KEYS) this.forgetKeys();
  }

  /**
   * Adds one key's block of samples to detection's counts: its sketch, marking its overlaps in `overlapped`, or the
   * senders reconstructed.
   */
  private countBlock(key: string, starts: Float64Array, latencies: Float64Array, failed: Uint8Array | undefined, overlapped?: Uint8Array): void {
    if (this.streamed !== undefined) this.streamed.addBlock(starts, latencies, failed);
    else this.sketches!.addBlock(key, starts, latencies, failed, overlapped);
  }

  /** `length` overlap marks, all 0. */
  private overlapMarks(length: number): Uint8Array {
    if (this.overlapped.length < length) this.overlapped = new Uint8Array(Math.max(length, this.limit));
    return this.overlapped.subarray(0, length).fill(0);
  }

  /** Lets every sample and key kept go. */
  private letGo(): void {
    this.samples = new FlatSeries(this.isTagged);
    this.forgetKeys();
  }

  private forgetKeys(): void {
    this.keys = new InternedKeys();
    this.recentKeys.fill(undefined);
  }

  private keyNumber(key: string): number {
    const n = key.length;
    // Fibonacci hashing (the top bits of × 2^32/φ) of the length and the last three characters.
    const tail = n === 0 ? 0 : ((n * 31 + key.charCodeAt(n - 1)) * 31 + key.charCodeAt(n > 1 ? n - 2 : 0)) * 31 + key.charCodeAt(n > 2 ? n - 3 : 0);
    const slot = Math.imul(tail, 0x9e3779b1) >>> (32 - RECENT_BITS);
    if (this.recentKeys[slot] === key) return this.recentNumbers[slot]!;
    const number = this.keys.indexOf(key);
    this.recentKeys[slot] = key;
    this.recentNumbers[slot] = number;
    return number;
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
    const pileUp = this.pileUps === undefined ? {} : { pileUp: this.pileUps.pileUp() };
    const { size: senders, resolutionNs, outOfOrder } = sketches;
    return { kind: "sender-column", schedules, senders, overlaps: sketches.overlaps(), resolutionNs, outOfOrder, ...pileUp };
  }

  /** Every key's samples (in start order when `startOrder`), in order of first sight. */
  private byKey(startOrder: boolean): TimedSeries[] {
    const samples = this.samples;
    const bounds = samples.group(this.keys.size, startOrder);
    return Array.from({ length: this.keys.size }, (_, k) => {
      const [from, to] = [bounds[k]!, bounds[k + 1]!];
      const series: TimedSeries = { key: this.keys.keyAt(k), startsNs: samples.starts.subarray(from, to), latenciesNs: samples.latencies.subarray(from, to) };
      if (samples.tags !== undefined) series.tags = samples.tags.subarray(from, to);
      if (samples.failed !== undefined) series.failed = samples.failed.subarray(from, to);
      return series;
    });
  }

  /**
   * Whether every sample from now on is only counted, or not even that: past the limit, with no counts asked for
   * or with counts let go (too many keys), or when the first block could not tell its senders apart, so the blocks
   * after it are not chained. It never keeps samples again.
   */
  get onlyCounts(): boolean {
    return (this.overflowed && !this.counting) || this.streamed?.chaining === false;
  }

  recipe(): ConsumerRecipe {
    // A later part or file read elsewhere from now on need only say how many samples it had.
    const failures = this.keepsFailures ? { failures: true } : {};
    if (this.onlyCounts) return { kind: "start-count", ...failures };
    // A twin reads a later part of a large file: a block's worth of it is fingerprint enough, and its memory is
    // added to this one's.
    const counts = this.sketchDigits === undefined ? {} : { sketchDigits: this.sketchDigits, unkeyedFirstBlock: this.limit };
    return { kind: "timed", tagged: this.isTagged, limit: this.limit, ...counts, ...failures };
  }

  state(): TimedState {
    if (this.overflowed && this.counting) this.addBlock();
    const series = this.byKey(false);
    return {
      untimed: this.untimed,
      kept: this.kept,
      overflowed: this.overflowed,
      series,
      sketches: this.sketches?.state(),
      streamed: this.streamed?.state(),
      pileUps: this.pileUps?.state(),
    };
  }

  /**
   * Appends a twin's samples; past `limit` in all, everything is let go (or goes on into counts) as if they had
   * come here one by one.
   */
  absorb(state: unknown): void {
    if (isTape(state)) return this.replay(state);
    if (isStartCount(state)) return this.addCounts(state);
    const other = state as TimedState;
    this.untimed += other.untimed;
    this.kept += other.kept;
    if (!this.overflowed && !other.overflowed && this.keepsOneByOne(this.kept)) {
      for (const { key, startsNs, latenciesNs, tags, failed } of other.series) this.samples.append(this.keyNumber(key), startsNs, latenciesNs, tags, failed);
      return;
    }
    if (!this.overflowed) this.overflow();
    if (!this.counting) return;
    this.addBlock();
    if (this.streamed !== undefined && other.streamed !== undefined) this.streamed.absorb(other.streamed);
    if (this.sketches !== undefined && other.sketches !== undefined) this.sketches.absorb(other.sketches);
    if (this.pileUps !== undefined && other.pileUps !== undefined) this.pileUps.absorb(other.pileUps);
    // The twin's samples not yet counted (all of them, when it kept them one by one): a block after its counts.
    for (const { key, startsNs, latenciesNs, failed } of other.series) this.samples.append(this.keyNumber(key), startsNs, latenciesNs, undefined, failed);
    this.addBlock();
  }

  /**
   * A whole file's samples, read elsewhere: kept one by one in their order, as if read here. The main thread
   * replays every sample of every file read elsewhere while start times were still kept (see `recipe`), so no
   * Sample object is made for each.
   */
  private replay(tape: TapeState): void {
    this.untimed += tape.untimed;
    const { keys, keyNumbers, starts, latencies, failed } = tape;
    const unkeyed = keys.length === 1 && keys[0] === "";
    for (let i = 0; i < starts.length; ) {
      if (this.streamed === undefined || !unkeyed) {
        this.keep(keys[keyNumbers[i]!]!, starts[i]!, latencies[i]!, 0, failed?.[i] === 1);
        i++;
        continue;
      }
      if (!this.streamed.chaining) {
        this.kept += starts.length - i;
        break;
      }
      // Past the first block, without senders named: what `keep` does one by one, a run to the block's end at once.
      const run = Math.min(starts.length - i, this.limit - this.blockLength);
      this.samples.append(this.keyNumber(""), starts.subarray(i, i + run), latencies.subarray(i, i + run), undefined, failed?.subarray(i, i + run));
      this.kept += run;
      this.blockLength += run;
      i += run;
      if (this.blockLength === this.limit) this.addBlock();
    }
  }

  /** What a StartCount twin counted, made while this only counted (see `recipe`): counted as `keep` would. */
  private addCounts(counted: StartCountState): void {
    if (!this.onlyCounts) throw new Error("start times were only counted where they were needed");
    this.untimed += counted.untimed;
    // Counts let go take nothing more, not even the number of samples (as in `keep`).
    if (this.counting) this.kept += counted.timed;
  }

  /** Samples with a start time given, kept one by one or counted (not those that came after counts were let go). */
  get seen(): number {
    return this.kept;
  }

  /** Number of samples with a start time. */
  get timed(): number {
    return this.samples.length;
  }

  /** Every key's requests in start-time order (ties keep input order). */
  sorted(): TimedSeries[] {
    return this.byKey(true);
  }
}
