/**
 * The 32-bit "cookies" that open every HdrHistogram binary encoding, as the Java reference (2.1.11) reads them.
 *
 * A cookie is a base value with a word-size nibble in bits 4–7: `cookie = base | (wordSizeInBytes << 4)`.
 * `base = cookie & ~0xf0`. The word size is `((cookie & 0xf0) >> 4) & 0xe`, i.e. the nibble's lowest bit is
 * ignored; V2 sets it (`| 0x10`, "TLZE") and always means 9-byte ZigZag LEB128 words instead.
 *
 *   base          version  compressed   typical cookie → base64       written by
 *   0x1c849308    V0       no           0x1c849388 → HISTi…          HdrHistogram 1.x
 *   0x1c849309    V0       yes          0x1c849389 → HISTi… (8-byte words), 0x1c849349 → HISTS… (4),
 *                                       0x1c849329 → HISTK… (2)      HdrHistogram 1.x (jHiccup 2.0.1)
 *   0x1c849301    V1       no           0x1c849381 → HISTg…          HdrHistogram 2.0–2.1.6
 *   0x1c849302    V1       yes          0x1c849382 → HISTg… (8-byte words), 0x1c849342 → HISTQ… (4),
 *                                       0x1c849322 → HISTI… (2)      (jHiccup 2.0.6, YCSB)
 *   0x1c849303    V2       no           0x1c849313 → HISTE…          HdrHistogram ≥ 2.1.7
 *   0x1c849304    V2       yes          0x1c849314 → HISTF…          HdrHistogram ≥ 2.1.7, hdr-histogram-js
 *   0x0c72124e/f  DoubleHistogram (uncompressed / compressed) → DHIST…
 *
 * HdrHistogram 2.0–2.1.4 wrote V1 counts as 8-byte words; 2.1.5–2.1.6 used the narrowest of 2, 4 or 8 bytes that
 * holds the total count. All fixed-width words are big-endian signed integers.
 */

/** What a cookie says about the bytes that follow it. */
export type Cookie =
  | { kind: "histogram"; version: 0 | 1 | 2; compressed: boolean; wordSizeInBytes: number }
  | { kind: "double-histogram" }
  | { kind: "unknown" };

/** V0 uncompressed cookie base (HdrHistogram 1.x). */
export const V0_ENCODING_COOKIE_BASE = 0x1c849308;
/** V0 compressed cookie base. */
export const V0_COMPRESSED_ENCODING_COOKIE_BASE = 0x1c849309;
/** V1 uncompressed cookie base (HdrHistogram 2.0–2.1.6). */
export const V1_ENCODING_COOKIE_BASE = 0x1c849301;
/** V1 compressed cookie base. */
export const V1_COMPRESSED_ENCODING_COOKIE_BASE = 0x1c849302;
/** V2 uncompressed cookie base (HdrHistogram ≥ 2.1.7). */
export const V2_ENCODING_COOKIE_BASE = 0x1c849303;
/** V2 compressed cookie base. */
export const V2_COMPRESSED_ENCODING_COOKIE_BASE = 0x1c849304;
/** DoubleHistogram uncompressed cookie (not supported). */
export const DOUBLE_HISTOGRAM_COOKIE = 0x0c72124e;
/** DoubleHistogram compressed cookie (not supported). */
export const DOUBLE_HISTOGRAM_COMPRESSED_COOKIE = 0x0c72124f;

/** Word size that marks ZigZag LEB128-64b9B counts (V2): up to 9 bytes per count. */
export const V2_MAX_WORD_SIZE_IN_BYTES = 9;

/** The cookie Java writes for a V2 uncompressed encoding (`V2EncodingCookieBase | 0x10`). */
export const V2_ENCODING_COOKIE = V2_ENCODING_COOKIE_BASE | 0x10;
/** The cookie Java writes for a V2 compressed encoding. */
export const V2_COMPRESSED_ENCODING_COOKIE = V2_COMPRESSED_ENCODING_COOKIE_BASE | 0x10;

const HISTOGRAM_BASES: ReadonlyMap<number, { version: 0 | 1 | 2; compressed: boolean }> = new Map([
  [V0_ENCODING_COOKIE_BASE, { version: 0, compressed: false }],
  [V0_COMPRESSED_ENCODING_COOKIE_BASE, { version: 0, compressed: true }],
  [V1_ENCODING_COOKIE_BASE, { version: 1, compressed: false }],
  [V1_COMPRESSED_ENCODING_COOKIE_BASE, { version: 1, compressed: true }],
  [V2_ENCODING_COOKIE_BASE, { version: 2, compressed: false }],
  [V2_COMPRESSED_ENCODING_COOKIE_BASE, { version: 2, compressed: true }],
] as const);

/** Classifies a cookie (read as an unsigned or signed 32-bit integer) as Java's `getCookieBase` does. */
export function classifyCookie(cookie: number): Cookie {
  const unsigned = cookie >>> 0;
  if (unsigned === DOUBLE_HISTOGRAM_COOKIE || unsigned === DOUBLE_HISTOGRAM_COMPRESSED_COOKIE) {
    return { kind: "double-histogram" };
  }
  const base = (unsigned & ~0xf0) >>> 0;
  const known = HISTOGRAM_BASES.get(base);
  if (known === undefined) return { kind: "unknown" };
  const wordSizeInBytes = known.version === 2 ? V2_MAX_WORD_SIZE_IN_BYTES : ((unsigned & 0xf0) >> 4) & 0xe;
  return { kind: "histogram", ...known, wordSizeInBytes };
}

/** A cookie as `0x…` for messages. */
export function formatCookie(cookie: number): string {
  return `0x${(cookie >>> 0).toString(16).padStart(8, "0")}`;
}
