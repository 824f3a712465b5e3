/**
 * Decodes the base64 compressed histograms found in HdrHistogram interval logs, in every encoding the Java
 * reference (HdrHistogram 2.1.11 `AbstractHistogram.decodeFromCompressedByteBuffer`) reads: V0, V1 and V2.
 *
 * Compressed wrapper (big-endian):
 *   0  int32  compressed cookie (V0 base 0x1c849309, V1 0x1c849302, V2 0x1c849304; see cookies.ts)
 *   4  int32  length N of the zlib data
 *   8  N bytes of zlib (RFC 1950) data: the uncompressed encoding, header then payload (see header.ts)
 *
 * The outer cookie picks the header size (V0: 32 bytes, V1/V2: 40) and the inner cookie the count layout; Java
 * accepts any V1/V2 inner encoding inside a V1/V2 wrapper, and so does this. A V0/V1-V2 mix, which Java would
 * misread, is refused. Unlike Java, which reads whatever bytes it gets (zero-filling a short stream), any
 * truncation, trailing bytes or length mismatch is a `HlogCodecError`, so a bad payload never becomes a
 * different histogram.
 */
import { constants, inflateSync } from "node:zlib";
import type { JsHistogram } from "hdr-histogram-js";
import { Base64Room, decodeBase64Strict } from "./base64.js";
import { classifyCookie, formatCookie } from "./cookies.js";
import { HlogCodecError } from "./errors.js";
import { readEncodingHeader } from "./header.js";
import { createHistogramWithShape, type EncodedShape } from "./histogram-shape.js";
import { CountsRoom, type FilledCounts, readPayloadCounts } from "./payload.js";
import { setKnownCounts } from "../core/histogram.js";

/** Largest uncompressed encoding accepted (a 5-digit histogram over the whole 2^53 range needs ~50 MB). */
const MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;

/**
 * Decodes a base64 compressed histogram (`HISTF…`, `HISTI…`, `HISTg…`, `HISTi…`) into a 64-bit JS histogram with
 * the encoded significant digits, lowest discernible and highest trackable values (not auto-resizing, as in Java).
 */
export function decodeHistogram(base64: string, reuse?: ReusedHistograms): JsHistogram {
  if (base64.startsWith("DHIST")) throw new HlogCodecError("double histograms are not supported");
  return decodeCompressedHistogram(reuse !== undefined ? reuse.bytes.decode(base64) : decodeBase64Strict(base64), reuse);
}

/**
 * Decodes a compressed histogram from its bytes (the base64-decoded form of a log's histogram field). With
 * `reuse`, the histogram returned may be one returned before, emptied and refilled: see ReusedHistograms.
 */
export function decodeCompressedHistogram(bytes: Uint8Array, reuse?: ReusedHistograms): JsHistogram {
  if (bytes.length < 8) throw new HlogCodecError(`truncated histogram: ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cookie = view.getInt32(0);
  const outer = classifyCookie(cookie);
  if (outer.kind === "double-histogram") throw new HlogCodecError("double histograms are not supported");
  if (outer.kind === "unknown") {
    throw new HlogCodecError(`not an HdrHistogram encoding (cookie ${formatCookie(cookie)})`);
  }
  if (!outer.compressed) {
    throw new HlogCodecError(`uncompressed histogram encoding (cookie ${formatCookie(cookie)}); logs hold compressed ones`);
  }
  const compressedLength = view.getInt32(4);
  const available = bytes.length - 8;
  if (compressedLength < 0 || compressedLength > available) {
    throw new HlogCodecError(`truncated histogram: ${available} of ${compressedLength} compressed bytes present`);
  }
  if (compressedLength < available) {
    throw new HlogCodecError(`corrupt histogram: ${available - compressedLength} unexpected bytes after the data`);
  }
  const encoding = inflate(bytes.subarray(8));
  const header = readEncodingHeader(encoding);
  if ((header.version === 0) !== (outer.version === 0)) {
    throw new HlogCodecError(
      `corrupt histogram: a V${outer.version} wrapper holds a V${header.version} encoding`,
    );
  }
  const payloadEnd = encoding.length;
  if (header.payloadLength !== undefined) {
    const present = payloadEnd - header.payloadOffset;
    if (present < header.payloadLength) {
      throw new HlogCodecError(`truncated payload: ${present} of ${header.payloadLength} bytes present`);
    }
    if (present > header.payloadLength) {
      throw new HlogCodecError(`corrupt histogram: ${present - header.payloadLength} bytes after the payload`);
    }
  }
  // The smallest histogram of the shape tells the full counts-array length (for the range check) and where the
  // last count lies; the histogram returned is sized to reach it, not to highestTrackableValue.
  const kept = reuse?.of(header);
  const probe = (kept?.histogram ?? createHistogramWithShape(header, 0)) as JsHistogram & { determineArrayLengthNeeded(highest: number): number };
  const range = { countsArrayLength: probe.determineArrayLengthNeeded(Number(header.highestTrackableValue)), highestTrackableValue: header.highestTrackableValue };
  const filled = readPayloadCounts(encoding.subarray(header.payloadOffset), header.wordSizeInBytes, range, kept?.room());
  const last = filled.indexes.at(-1);
  const sized = (highest: number) => createHistogramWithShape(header, highest);
  const histogram =
    kept !== undefined ? kept.take(filled, last === undefined ? 0 : probe.highestEquivalentValue(probe.valueFromIndex(last)), sized)
    : last === undefined ? probe
    : sized(probe.highestEquivalentValue(probe.valueFromIndex(last)));
  for (let i = 0; i < filled.indexes.length; i++) histogram.setCountAtIndex(filled.indexes[i]!, filled.counts[i]!);
  establishTrackingValues(histogram, filled);
  setKnownCounts(histogram, filled.indexes, filled.counts);
  return histogram;
}

/**
 * What is kept for one shape: the histogram each decode of it refills, and two rooms for its counts, taken in
 * turn — the one a decode reads into is never the one that holds the kept histogram's counts (still to be cleared,
 * and still read until the next decode).
 */
class ShapeReuse {
  /** The histogram kept, or undefined before the first decode of the shape. */
  histogram: JsHistogram | undefined;
  /** The counts it was last filled with, and the tag it had when new. */
  private filled: FilledCounts | undefined;
  private untagged = "";
  private readonly rooms: [CountsRoom, CountsRoom] = [new CountsRoom(), new CountsRoom()];
  private next: 0 | 1 = 0;

  /** Where the next decode reads its counts into. */
  room(): CountsRoom {
    return this.rooms[this.next];
  }

  /**
   * An empty histogram whose counts array reaches `highest`, to be filled with `filled`: the kept one with its
   * last counts cleared, or a new one from `create` when the kept one is too short (and kept instead).
   */
  take(filled: FilledCounts, highest: number, create: (highest: number) => JsHistogram): JsHistogram {
    // `filled` is in this shape's next room: the next decode takes the other.
    this.next = this.next === 0 ? 1 : 0;
    const last = filled.indexes.at(-1) ?? 0;
    const kept = this.histogram;
    if (kept === undefined || kept.countsArrayLength <= last) {
      const histogram = create(highest);
      [this.histogram, this.filled, this.untagged] = [histogram, filled, histogram.tag];
      return histogram;
    }
    // Only the indexes filled last time hold counts: clearing them is cheaper than the whole array (reset()).
    if (this.filled !== undefined) for (const index of this.filled.indexes) kept.setCountAtIndex(index, 0);
    kept.tag = this.untagged;
    kept.startTimeStampMsec = 0;
    kept.endTimeStampMsec = 0;
    this.filled = filled;
    return kept;
  }
}

/**
 * One histogram per shape, refilled by each decode of that shape instead of a new histogram and counts array per
 * interval: reading a log of thousands of intervals otherwise leaves as many dead typed arrays, which lie outside
 * V8's heap and are given back only when a collection finds them (an hour of 1 s intervals under 3 tags peaked at
 * 139–206 MB). A histogram so decoded holds its counts only until the next decode of its shape: whoever keeps
 * one must copy it (the sink's consumers keep SparseCounts).
 */
export class ReusedHistograms {
  private readonly byShape = new Map<string, ShapeReuse>();
  /** Where the histograms' base64 is decoded into. */
  readonly bytes = new Base64Room();

  /** What is kept for `shape`, from its first decode on. */
  of(shape: EncodedShape): ShapeReuse {
    const key = shapeKey(shape);
    let kept = this.byShape.get(key);
    if (kept === undefined) this.byShape.set(key, (kept = new ShapeReuse()));
    return kept;
  }
}

function shapeKey(shape: EncodedShape): string {
  return `${shape.numberOfSignificantValueDigits}/${shape.lowestDiscernibleValue}/${shape.highestTrackableValue}`;
}

/** The JsHistogram members that keep its total, max and min (public at run time, not in its types). */
interface TrackingValues {
  maxValue: number;
  minNonZeroValue: number;
  setTotalCount(total: number): void;
  updateMinNonZeroValue(value: number): void;
}

// What hdr-histogram-js's establishInternalTackingValues computes, from the non-zero counts alone (it scans the
// whole counts array), except maxValue: it sets (highest equivalent value + unitMagnitudeMask) where Java ORs the
// mask in (a no-op on a highest equivalent value), so with lowestDiscernibleValue > 1 (jHiccup logs use 20000)
// its maxValue would come out too large by lowestDiscernibleValue's power-of-two floor minus one.
function establishTrackingValues(histogram: JsHistogram, filled: FilledCounts): void {
  const tracking = histogram as unknown as TrackingValues;
  const { indexes, counts } = filled;
  let total = 0;
  for (const count of counts) total += count;
  tracking.setTotalCount(total);
  const maxIndex = indexes.length === 0 ? -1 : indexes[indexes.length - 1]!;
  tracking.maxValue = maxIndex < 0 ? 0 : histogram.highestEquivalentValue(histogram.valueFromIndex(maxIndex));
  tracking.minNonZeroValue = Number.MAX_VALUE;
  const minNonZeroIndex = indexes.find((index) => index !== 0);
  if (minNonZeroIndex !== undefined) tracking.updateMinNonZeroValue(histogram.valueFromIndex(minNonZeroIndex));
}

/**
 * Inflated in chunks of about 4 times the compressed size (a log's histograms inflate to ~2 times theirs): below
 * 4 KB, Buffer's shared pool holds them, where zlib's default chunk was a new 16 KB buffer a histogram, external
 * memory that piled up between garbage collections (~20 MB over an hour of 1 s intervals under 3 tags).
 */
function inflate(compressed: Uint8Array): Uint8Array {
  try {
    return inflateSync(compressed, { maxOutputLength: MAX_UNCOMPRESSED_BYTES, chunkSize: Math.max(constants.Z_MIN_CHUNK, 4 * compressed.length) });
  } catch (error) {
    const reason = error instanceof RangeError ? "too large" : (error as Error).message;
    throw new HlogCodecError(`corrupt compressed histogram (zlib: ${reason})`);
  }
}
