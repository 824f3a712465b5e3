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
import { readZigZagLong } from "./zigzag.js";

const MAX_ZERO_RUN = 0x7fffffff;

/** The non-zero counts a payload held, by counts-array index, lowest first. */
export interface FilledCounts {
  indexes: number[];
  counts: number[];
}

/** The counts-array length of the histogram the encoding describes, and its highestTrackableValue for messages. */
export interface CountsRange {
  countsArrayLength: number;
  highestTrackableValue: bigint;
}

/**
 * Reads the non-zero counts of `payload`: a log's histogram of 5 digits up to 2^62 has millions of indexes and a
 * few hundred counts, so the histogram is then sized to the counts present (decode.ts) and whoever reads it need
 * not look at every index.
 */
export function readPayloadCounts(payload: Uint8Array, wordSizeInBytes: number, range: CountsRange): FilledCounts {
  const filled: FilledCounts = { indexes: [], counts: [] };
  if (wordSizeInBytes === V2_MAX_WORD_SIZE_IN_BYTES) fillFromZigZag(range, payload, filled);
  else fillFromWords(range, payload, wordSizeInBytes, filled);
  return filled;
}

function fillFromWords(histogram: CountsRange, payload: Uint8Array, wordSizeInBytes: number, filled: FilledCounts): void {
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
    filled.indexes.push(index);
    filled.counts.push(count);
  }
}

function fillFromZigZag(histogram: CountsRange, payload: Uint8Array, filled: FilledCounts): void {
  const limit = histogram.countsArrayLength;
  let index = 0;
  let position = 0;
  while (position < payload.length) {
    const { value, next } = readZigZagLong(payload, position, payload.length);
    position = next;
    if (value < 0) {
      if (-value > MAX_ZERO_RUN) throw new HlogCodecError(`corrupt payload: zero run of ${-value} buckets`);
      index += -value;
    } else {
      if (value !== 0) {
        if (index >= limit) throw beyondRange(histogram);
        filled.indexes.push(index);
        filled.counts.push(value);
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
  return new HlogCodecError(
    `corrupt payload: a count beyond highestTrackableValue ${histogram.highestTrackableValue}`,
  );
}
