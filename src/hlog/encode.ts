/**
 * Encodes a histogram the way Java's `AbstractHistogram.encodeIntoCompressedByteBuffer` does: a V2 encoding
 * (header.ts layout, cookie 0x1c849313, normalizingIndexOffset 0, conversion ratio 1.0, ZigZag LEB128 counts up
 * to the last non-zero one) compressed with zlib at the default level behind the 0x1c849314 cookie, in base64.
 *
 * hdr-histogram-js has its own encoder, but it writes 1 as the normalizingIndexOffset and the conversion ratio as
 * the integer 1 instead of the double 1.0 (Java still reads it, into a different internal state); this one
 * writes exactly Java's bytes before compression.
 */
import { deflateSync } from "node:zlib";
import type { Histogram } from "hdr-histogram-js";
import { forEachCount, JsHistogram } from "../core/histogram.js";
import { encodeBase64 } from "./base64.js";
import { V2_COMPRESSED_ENCODING_COOKIE, V2_ENCODING_COOKIE } from "./cookies.js";
import { HlogCodecError } from "./errors.js";
import { HEADER_SIZE } from "./header.js";
import { writeZigZagLong } from "./zigzag.js";

/**
 * What the V2 encoding holds: a histogram's shape, and its non-empty counts by counts-array index, lowest first.
 * A JS histogram gives them; so do an interval's sparse counts, with no counts array over the whole range.
 */
export interface EncodableCounts {
  digits: number;
  lowestDiscernibleValue: number;
  highestTrackableValue: number;
  forEachCount(visit: (index: number, count: number) => void): void;
}

/** Encodes a JS histogram as base64 of Java's compressed V2 encoding (what `HISTF…` log fields hold). */
export function encodeHistogramV2(histogram: Histogram): string {
  return encodeCountsV2(encodable(histogram));
}

/** Encodes counts as base64 of Java's compressed V2 encoding. */
export function encodeCountsV2(counts: EncodableCounts): string {
  return encodeBase64(compressedV2(counts));
}

/** The compressed V2 encoding of a JS histogram, as bytes. */
export function encodeCompressedV2(histogram: Histogram): Uint8Array {
  return compressedV2(encodable(histogram));
}

/** The uncompressed V2 encoding of a JS histogram. */
export function encodeV2(histogram: Histogram): Uint8Array {
  return uncompressedV2(encodable(histogram));
}

function encodable(histogram: Histogram): EncodableCounts {
  if (!(histogram instanceof JsHistogram)) {
    throw new HlogCodecError("only JS (not WebAssembly) histograms can be encoded");
  }
  return {
    digits: histogram.numberOfSignificantValueDigits,
    lowestDiscernibleValue: histogram.lowestDiscernibleValue,
    highestTrackableValue: histogram.highestTrackableValue,
    // forEachCount: a histogram whose counts are known (decoded from a log) is not scanned whole.
    forEachCount: (visit) => forEachCount(histogram, visit),
  };
}

function compressedV2(counts: EncodableCounts): Uint8Array {
  const compressed = deflateSync(uncompressedV2(counts));
  const out = new Uint8Array(8 + compressed.length);
  const view = new DataView(out.buffer);
  view.setInt32(0, V2_COMPRESSED_ENCODING_COOKIE);
  view.setInt32(4, compressed.length);
  out.set(compressed, 8);
  return out;
}

function uncompressedV2(counts: EncodableCounts): Uint8Array {
  const payload = encodeCounts(counts);
  const out = new Uint8Array(HEADER_SIZE + payload.length);
  const view = new DataView(out.buffer);
  view.setInt32(0, V2_ENCODING_COOKIE);
  view.setInt32(4, payload.length);
  view.setInt32(8, 0);
  view.setInt32(12, counts.digits);
  view.setBigInt64(16, BigInt(counts.lowestDiscernibleValue));
  view.setBigInt64(24, BigInt(Math.min(counts.highestTrackableValue, 2 ** 62)));
  view.setFloat64(32, 1.0);
  out.set(payload, HEADER_SIZE);
  return out;
}

// Counts by index up to the last non-zero one (Java: countsArrayIndex(maxValue)); runs of two or more zeros become
// one negative run length.
function encodeCounts(counts: EncodableCounts): number[] {
  const out: number[] = [];
  let next = 0;
  counts.forEachCount((index, count) => {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new HlogCodecError(`cannot encode count ${count} at index ${index} (counts must be whole and ≥ 0)`);
    }
    const zeros = index - next;
    if (zeros > 0) writeZigZagLong(out, zeros > 1 ? -zeros : 0);
    writeZigZagLong(out, count);
    next = index + 1;
  });
  // Like Java, an empty histogram still encodes index 0 (a single zero).
  if (next === 0) writeZigZagLong(out, 0);
  return out;
}
