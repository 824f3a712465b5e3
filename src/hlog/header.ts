/**
 * The uncompressed header of an HdrHistogram encoding (everything is big-endian).
 *
 * V0 (32 bytes, HdrHistogram 1.x):
 *   0  int32  cookie (base 0x1c849308 | wordSize << 4)
 *   4  int32  numberOfSignificantValueDigits
 *   8  int64  lowestDiscernibleValue
 *  16  int64  highestTrackableValue
 *  24  int64  totalCount (ignored, as Java ignores it)
 *  32  payload: counts as big-endian signed words of wordSize bytes, from index 0, to the end of the stream
 *      (HdrHistogram 1.x wrote whole buckets up to the one holding the max). Java 2.1.11 reads
 *      countsArrayLength × 8 bytes here whatever the word size, so it fails on 2- and 4-byte V0; latstat reads
 *      the words the stream holds.
 *
 * V1 and V2 (40 bytes):
 *   0  int32  cookie (V1: base 0x1c849301 | wordSize << 4; V2: 0x1c849313)
 *   4  int32  payload length in bytes
 *   8  int32  normalizingIndexOffset (Java's internal rotation of its counts array; the payload is always in
 *             logical index order, so this changes nothing about the counts and is ignored)
 *  12  int32  numberOfSignificantValueDigits
 *  16  int64  lowestDiscernibleValue
 *  24  int64  highestTrackableValue
 *  32  double integerToDoubleValueConversionRatio (1.0 for integer histograms; ignored)
 *  40  payload: V1 fixed-width words as in V0; V2 ZigZag LEB128 counts and zero runs (see zigzag.ts)
 *
 * In a compressed encoding, header and payload together are one zlib stream (see decode.ts).
 */
import { classifyCookie, formatCookie } from "./cookies.js";
import { HlogCodecError } from "./errors.js";

/** What the header of an uncompressed encoding says. */
export interface EncodingHeader {
  version: 0 | 1 | 2;
  /** 2, 4 or 8 for fixed-width counts (V0, V1); 9 for V2's variable-length counts. */
  wordSizeInBytes: number;
  numberOfSignificantValueDigits: number;
  lowestDiscernibleValue: bigint;
  highestTrackableValue: bigint;
  /** Offset of the payload from the start of the uncompressed bytes. */
  payloadOffset: number;
  /** Payload length from the header (V1, V2); undefined for V0, whose payload runs to the end. */
  payloadLength: number | undefined;
}

/** Header size of V0 encodings. */
export const V0_HEADER_SIZE = 32;
/** Header size of V1 and V2 encodings. */
export const HEADER_SIZE = 40;

/** Reads the header at the start of an uncompressed encoding. */
export function readEncodingHeader(bytes: Uint8Array): EncodingHeader {
  if (bytes.length < 4) throw new HlogCodecError("truncated histogram: no header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cookie = view.getInt32(0);
  const kind = classifyCookie(cookie);
  if (kind.kind === "double-histogram") throw new HlogCodecError("double histograms are not supported");
  if (kind.kind !== "histogram" || kind.compressed) {
    throw new HlogCodecError(`not an HdrHistogram encoding: inner cookie ${formatCookie(cookie)}`);
  }
  const { version, wordSizeInBytes } = kind;
  if (version !== 2 && wordSizeInBytes !== 2 && wordSizeInBytes !== 4 && wordSizeInBytes !== 8) {
    throw new HlogCodecError(`unsupported word size ${wordSizeInBytes} in cookie ${formatCookie(cookie)}`);
  }
  const headerSize = version === 0 ? V0_HEADER_SIZE : HEADER_SIZE;
  if (bytes.length < headerSize) {
    throw new HlogCodecError(`truncated histogram: header has ${bytes.length} of ${headerSize} bytes`);
  }
  if (version === 0) {
    return {
      version,
      wordSizeInBytes,
      numberOfSignificantValueDigits: view.getInt32(4),
      lowestDiscernibleValue: view.getBigInt64(8),
      highestTrackableValue: view.getBigInt64(16),
      payloadOffset: V0_HEADER_SIZE,
      payloadLength: undefined,
    };
  }
  const payloadLength = view.getInt32(4);
  if (payloadLength < 0) throw new HlogCodecError(`corrupt histogram: negative payload length ${payloadLength}`);
  return {
    version,
    wordSizeInBytes,
    numberOfSignificantValueDigits: view.getInt32(12),
    lowestDiscernibleValue: view.getBigInt64(16),
    highestTrackableValue: view.getBigInt64(24),
    payloadOffset: HEADER_SIZE,
    payloadLength,
  };
}
