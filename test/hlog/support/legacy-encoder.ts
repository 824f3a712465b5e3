/**
 * Test-only encoders for the pre-V2 layouts (see src/hlog/header.ts), written from the Java reference's
 * HdrHistogram 1.2.1 (V0) and 2.0–2.1.6 (V1) `encodeIntoByteBuffer`, so tests can make V0/V1 inputs of every word
 * size without copying real logs. Also a raw V2 builder for crafting inconsistent inputs.
 */
import { deflateSync } from "node:zlib";
import type { JsHistogram } from "hdr-histogram-js";

/** Options for a legacy encoding. */
export interface LegacyOptions {
  version: 0 | 1;
  wordSizeInBytes: 2 | 4 | 8;
  /** V0 only: counts written up to whole buckets covering the max (1.2.1 did this) or up to the max's index. */
  v0Length?: "whole-buckets" | "to-max";
}

function countsUpToMax(histogram: JsHistogram): number[] {
  let last = 0;
  for (let index = 0; index < histogram.countsArrayLength; index++) {
    if (histogram.getCountAtIndex(index) !== 0) last = index;
  }
  return Array.from({ length: last + 1 }, (_, index) => histogram.getCountAtIndex(index));
}

function putWord(view: DataView, offset: number, wordSizeInBytes: number, count: number): void {
  if (wordSizeInBytes === 2) view.setInt16(offset, count);
  else if (wordSizeInBytes === 4) view.setInt32(offset, count);
  else view.setBigInt64(offset, BigInt(count));
}

/** The uncompressed V0 or V1 encoding of a histogram. */
export function encodeLegacy(histogram: JsHistogram, options: LegacyOptions): Uint8Array {
  const { version, wordSizeInBytes } = options;
  let counts = countsUpToMax(histogram);
  if (version === 0 && options.v0Length !== "to-max") {
    // 1.2.1: getLengthForNumberOfBuckets(getBucketsNeededToCoverValue(maxValue)).
    const half = histogram.subBucketCount / 2;
    const length = Math.min((Math.floor(counts.length / half) + 1) * half, histogram.countsArrayLength);
    counts = Array.from({ length }, (_, index) => counts[index] ?? 0);
  }
  const headerSize = version === 0 ? 32 : 40;
  const out = new Uint8Array(headerSize + counts.length * wordSizeInBytes);
  const view = new DataView(out.buffer);
  if (version === 0) {
    view.setInt32(0, 0x1c849308 + (wordSizeInBytes << 4));
    view.setInt32(4, histogram.numberOfSignificantValueDigits);
    view.setBigInt64(8, BigInt(histogram.lowestDiscernibleValue));
    view.setBigInt64(16, BigInt(histogram.highestTrackableValue));
    view.setBigInt64(24, BigInt(histogram.totalCount));
  } else {
    view.setInt32(0, 0x1c849301 + (wordSizeInBytes << 4));
    view.setInt32(4, counts.length * wordSizeInBytes);
    view.setInt32(8, 0);
    view.setInt32(12, histogram.numberOfSignificantValueDigits);
    view.setBigInt64(16, BigInt(histogram.lowestDiscernibleValue));
    view.setBigInt64(24, BigInt(histogram.highestTrackableValue));
    view.setFloat64(32, 1.0);
  }
  counts.forEach((count, index) => putWord(view, headerSize + index * wordSizeInBytes, wordSizeInBytes, count));
  return out;
}

/** Wraps an uncompressed encoding in the compressed form (cookie, length, zlib data). */
export function compress(encoding: Uint8Array, compressedCookie: number): Uint8Array {
  const data = deflateSync(encoding);
  const out = new Uint8Array(8 + data.length);
  const view = new DataView(out.buffer);
  view.setInt32(0, compressedCookie);
  view.setInt32(4, data.length);
  out.set(data, 8);
  return out;
}

/** The compressed cookie matching a legacy encoding's (cookie + 1, the same word-size nibble). */
export function legacyCompressedCookie(options: LegacyOptions): number {
  return (options.version === 0 ? 0x1c849309 : 0x1c849302) + (options.wordSizeInBytes << 4);
}

/** Base64 of the compressed V0/V1 encoding of a histogram. */
export function encodeLegacyBase64(histogram: JsHistogram, options: LegacyOptions): string {
  return Buffer.from(compress(encodeLegacy(histogram, options), legacyCompressedCookie(options))).toString("base64");
}

/** Base64 of any bytes. */
export function toBase64(bytes: Uint8Array | number[]): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes)).toString("base64");
}
