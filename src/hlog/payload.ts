/**
 * Reads the counts of an encoding's payload, as Java's `fillCountsArrayFromSourceBuffer` fills a counts array.
 *
 * The payload lists counts by counts-array index, starting at 0 and stopping after the last non-zero count (the
 * rest are zero):
 * - V0/V1: one big-endian signed word of `wordSizeInBytes` (2, 4 or 8) per index;
 * - V2: ZigZag LEB128 values (zigzag.ts); a value ≥ 0 is the count at the next index, a negative value -n skips
 *   n empty indexes.
 * A non-zero count past the end of the counts array (beyond highestTrackableValue) or a negative fixed-width
 * count is a `HlogCodecError`. Zero counts past the end carry nothing and are skipped: hdr-histogram-js writes
 * them when lowestDiscernibleValue > 1 (its maxValue overshoots by the unit mask); Java 2.1.11 tolerates only one.
 */
import { V2_MAX_WORD_SIZE_IN_BYTES } from "./cookies.js";
import { HlogCodecError } from "./errors.js";
import { ZigZagCursor } from "./zigzag.js";
import { grown } from "../core/typed-arrays.js";

const MAX_ZERO_RUN = 0x7fffffff;

/** The non-zero counts a payload held, by counts-array index, lowest first. */
export interface FilledCounts {
  indexes: Float64Array;
  counts: Float64Array;
}

/**
 * Room for the counts of payloads, reused from one to the next: arrays made per payload and grown count by count
 * were most of the garbage of reading a log (~45 KB an interval of a jHiccup-like histogram). It grows by doubling,
 * as the counts need it (a payload's size bounds them only loosely: a fixed-width one of millions of words may
 * hold a few hundred).
 */
export class CountsRoom {
  private indexes = new Float64Array(INITIAL_ROOM);
  private counts = new Float64Array(INITIAL_ROOM);
  length = 0;

  push(index: number, count: number): void {
    if (this.length === this.indexes.length) this.grow();
    this.indexes[this.length] = index;
    this.counts[this.length++] = count;
  }

  /** The counts held, as views of the room (valid until the room is read into again). */
  filled(): FilledCounts {
    return { indexes: this.indexes.subarray(0, this.length), counts: this.counts.subarray(0, this.length) };
  }

  private grow(): void {
    this.indexes = grown(this.indexes);
    this.counts = grown(this.counts);
  }
}

/** Counts a room has room for at first. */
const INITIAL_ROOM = 256;

/** The counts-array length of the histogram the encoding describes, and its highestTrackableValue for messages. */
export interface CountsRange {
  countsArrayLength: number;
  highestTrackableValue: bigint;
}

/**
 * Reads the non-zero counts of `payload`: a log's histogram of 5 digits up to 2^62 has millions of indexes and a
 * few hundred counts, so the histogram is then sized to the counts present (decode.ts) and whoever reads it need
 * not look at every index. They are read into `room` (a new one when none is given): views of it are returned.
 */
export function readPayloadCounts(payload: Uint8Array, wordSizeInBytes: number, range: CountsRange, room = new CountsRoom()): FilledCounts {
  room.length = 0;
  if (wordSizeInBytes === V2_MAX_WORD_SIZE_IN_BYTES) fillFromZigZag(range, payload, room);
  else fillFromWords(range, payload, wordSizeInBytes, room);
  return room.filled();
}

function fillFromWords(histogram: CountsRange, payload: Uint8Array, wordSizeInBytes: number, filled: CountsRoom): void {
  if (payload.length % wordSizeInBytes !== 0) {
    throw new HlogCodecError(
      `truncated payload: ${payload.length} bytes is not a whole number of ${wordSizeInBytes}-byte counts`,
    );
  }
  const length = payload.length / wordSizeInBytes;
  const limit = histogram.countsArrayLength;
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  for (let index = 0; index < length; index++) {
    const offset = index * wordSizeInBytes;
    const count =
      wordSizeInBytes === 2 ? view.getInt16(offset)
      : wordSizeInBytes === 4 ? view.getInt32(offset)
      : bigToCount(view.getBigInt64(offset));
    if (count < 0) throw new HlogCodecError(`corrupt payload: negative count ${count} at index ${index}`);
    if (count === 0) continue;
    if (index >= limit) throw beyondRange(histogram);
    filled.push(index, count);
  }
}

function fillFromZigZag(histogram: CountsRange, payload: Uint8Array, filled: CountsRoom): void {
  const limit = histogram.countsArrayLength;
  let index = 0;
  const values = new ZigZagCursor(payload, 0, payload.length);
  while (!values.done) {
    const value = values.next();
    if (value < 0) {
      if (-value > MAX_ZERO_RUN) throw new HlogCodecError(`corrupt payload: zero run of ${-value} buckets`);
      index += -value;
    } else {
      if (value !== 0) {
        if (index >= limit) throw beyondRange(histogram);
        filled.push(index, value);
      }
      index++;
    }
  }
}

function bigToCount(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new HlogCodecError(`count ${value} is too large for a JS histogram (limit 2^53 - 1)`);
  }
  return Number(value);
}

function beyondRange(histogram: CountsRange): HlogCodecError {
  // A log whose range reaches past 2^53 - 1 (Java's Long.MAX_VALUE / 2, an auto-resized histogram) may hold such
  // values: the histograms here have no buckets for them (no larger integer is exact in a double), it is not corrupt.
  if (histogram.highestTrackableValue > BigInt(Number.MAX_SAFE_INTEGER)) {
    return new HlogCodecError(`a value beyond 2^53 - 1, the largest latstat's histograms hold (the log's highestTrackableValue is ${histogram.highestTrackableValue})`);
  }
  return new HlogCodecError(`corrupt payload: a count beyond highestTrackableValue ${histogram.highestTrackableValue}`);
}
