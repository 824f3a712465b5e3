/** Codec tests that need no Java: round trips, every legacy layout, and refusal of corrupt or unsupported input. */
import { inflateSync } from "node:zlib";
import fc from "fast-check";
import hdr from "hdr-histogram-js";
import type { JsHistogram } from "hdr-histogram-js";
import { describe, expect, it } from "vitest";
import {
  decodeCompressedHistogram,
  decodeHistogram,
  encodeCompressedV2,
  encodeHistogramV2,
  encodeV2,
  HlogCodecError,
} from "../../src/hlog/codec.js";
import { ReusedHistograms } from "../../src/hlog/decode.js";
import { createHistogram } from "../../src/core/histogram.js";
import { histogramCase, histogramOf } from "./support/histograms.js";
import { compress, encodeLegacyBase64, toBase64 } from "./support/legacy-encoder.js";
import { bucketsOf } from "./support/stats.js";

function shapeOf(h: JsHistogram) {
  return {
    digits: h.numberOfSignificantValueDigits,
    lowest: h.lowestDiscernibleValue,
    highest: h.highestTrackableValue,
  };
}

/** Asserts `decoded` has the same shape and counts as `original`, and Java-consistent tracking values. */
function expectSameHistogram(decoded: JsHistogram, original: JsHistogram): void {
  expect(shapeOf(decoded)).toEqual(shapeOf(original));
  const buckets = bucketsOf(original);
  expect(bucketsOf(decoded)).toEqual(buckets);
  expect(decoded.totalCount).toBe(original.totalCount);
  const last = buckets[buckets.length - 1];
  const firstNonZero = buckets.find(([value]) => value !== 0);
  expect(decoded.maxValue).toBe(last === undefined ? 0 : decoded.highestEquivalentValue(last[0]));
  if (firstNonZero !== undefined) expect(decoded.minNonZeroValue).toBe(firstNonZero[0]);
  expect(decoded.autoResize).toBe(false);
}

/** Expects `action` to throw an HlogCodecError with a one-line message matching `pattern`. */
function expectCodecError(action: () => unknown, pattern?: RegExp): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(HlogCodecError);
  const message = (thrown as Error).message;
  expect(message).not.toMatch(/\n|\bat \S+:\d+/);
  if (pattern) expect(message).toMatch(pattern);
}

const sample = histogramOf({ digits: 3, lowest: 1, highest: 3_600_000_000, values: [[0, 2], [1234, 5], [987_654, 1]] });

describe("encodeHistogramV2 → decodeHistogram", () => {
  it("round-trips random histograms of every shape exactly", () => {
    fc.assert(
      fc.property(histogramCase(), (c) => {
        const original = histogramOf(c);
        const text = encodeHistogramV2(original);
        expect(text.startsWith("HISTF")).toBe(true);
        expectSameHistogram(decodeHistogram(text), original);
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips latstat's own histograms (createHistogram, auto-resized)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 3, 4, 5) as fc.Arbitrary<1 | 2 | 3 | 4 | 5>,
        fc.array(fc.oneof(fc.integer({ min: 0, max: 1e7 }), fc.constantFrom(1e10, 2 ** 40)), { maxLength: 200 }),
        (digits, values) => {
          const original = createHistogram(digits) as JsHistogram;
          for (const value of values) original.recordValue(value);
          expectSameHistogram(decodeHistogram(encodeHistogramV2(original)), original);
        },
      ),
      { numRuns: 30 },
    );
  }, 60_000);

  it("encodes an empty histogram as Java does (a single zero count) and decodes it", () => {
    const empty = new hdr.Float64Histogram(1, 1000, 2);
    const bytes = encodeV2(empty);
    expect(bytes.length).toBe(41);
    expect(bytes[40]).toBe(0);
    const decoded = decodeHistogram(encodeHistogramV2(empty));
    expect(decoded.totalCount).toBe(0);
    expect(decoded.maxValue).toBe(0);
  });

  it("writes Java's V2 header: cookie, payload length, offset 0, shape and ratio 1.0", () => {
    const view = new DataView(encodeV2(sample).buffer);
    expect(view.getUint32(0)).toBe(0x1c849313);
    expect(view.getInt32(4)).toBe(view.byteLength - 40);
    expect(view.getInt32(8)).toBe(0);
    expect(view.getInt32(12)).toBe(3);
    expect(view.getBigInt64(16)).toBe(1n);
    expect(view.getBigInt64(24)).toBe(3_600_000_000n);
    expect(view.getFloat64(32)).toBe(1.0);
    expect(new DataView(encodeCompressedV2(sample).buffer).getUint32(0)).toBe(0x1c849314);
  });

  it("decodes hdr-histogram-js's own V2 encoding (normalizingIndexOffset 1) to the same histogram", () => {
    fc.assert(
      fc.property(histogramCase(), (c) => {
        const original = histogramOf(c);
        expectSameHistogram(decodeHistogram(hdr.encodeIntoCompressedBase64(original)), original);
      }),
      { numRuns: 200 },
    );
  });

  it("skips the zero counts hdr-histogram-js writes past the end of the counts array (lowest > 1)", () => {
    // JS's maxValue is value + unitMagnitudeMask (2048 here), so its encoder writes indexes 3 and 4 of a 3-long array.
    const original = histogramOf({ digits: 0, lowest: 637, highest: 1910, values: [[1537, 1]] });
    expect(original.countsArrayLength).toBe(3);
    expectSameHistogram(decodeHistogram(hdr.encodeIntoCompressedBase64(original)), original);
  });

  it("refuses WebAssembly and fractional-count histograms", () => {
    const fractional = new hdr.Float64Histogram(1, 1000, 2);
    fractional.recordValueWithCount(5, 1.5);
    expectCodecError(() => encodeHistogramV2(fractional), /counts must be whole/);
    expectCodecError(() => encodeHistogramV2({} as never), /only JS/);
  });
});

describe("a highest trackable value past 2^53", () => {
  it("is held as the largest double not above it, which reaches the same powers of two (Java's bucket count)", () => {
    const encoding = Uint8Array.from(encodeV2(sample));
    for (const [exact, held] of [
      [2n ** 62n - 1n, 2 ** 62 - 512], // Long.MAX_VALUE / 2: doubles below 2^62 are 512 apart
      [2n ** 62n, 2 ** 62],
      [2n ** 63n - 1n, 2 ** 63 - 1024], // Long.MAX_VALUE
      [2n ** 53n + 1n, 2 ** 53],
    ] as const) {
      new DataView(encoding.buffer).setBigInt64(24, exact);
      expect(decodeCompressedHistogram(compress(encoding, 0x1c849314)).highestTrackableValue).toBe(held);
    }
  });
});

describe("decodeHistogram with ReusedHistograms", () => {
  // Two shapes, so that a shape comes back after the other, and values anywhere in them: a histogram refilled
  // after a larger or smaller one must hold only its own counts, totals, min and max.
  const shapes = [
    { digits: 2, lowest: 20_000, highest: 3_600_000_000_000 },
    { digits: 3, lowest: 1, highest: 2 ** 40 },
  ];
  const interval = fc.constantFrom(...shapes).chain((shape) =>
    fc.record({
      digits: fc.constant(shape.digits),
      lowest: fc.constant(shape.lowest),
      highest: fc.constant(shape.highest),
      values: fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 2 ** 20 }), fc.integer({ min: 0, max: shape.highest })), fc.integer({ min: 1, max: 1000 })), { maxLength: 30 }),
    }),
  );

  it("decodes each of a sequence of intervals to the histogram encoded, as a fresh decode would", () => {
    fc.assert(
      fc.property(fc.array(interval, { minLength: 1, maxLength: 12 }), (cases) => {
        const reuse = new ReusedHistograms();
        for (const c of cases) {
          const original = histogramOf(c);
          const decoded = decodeHistogram(encodeHistogramV2(original), reuse);
          expectSameHistogram(decoded, original);
          expect(decoded.tag).toBe(original.tag);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("refills one histogram per shape rather than making a new one per interval", () => {
    const reuse = new ReusedHistograms();
    const small = encodeHistogramV2(histogramOf({ digits: 3, lowest: 1, highest: 2 ** 40, values: [[1000, 1]] }));
    const first = decodeHistogram(small, reuse);
    expect(decodeHistogram(small, reuse)).toBe(first);
    expect(decodeHistogram(small)).not.toBe(first);
  });
});

describe("legacy encodings (V0 HISTK…/HISTS…/HISTi…, V1 HISTI…/HISTQ…/HISTg…)", () => {
  const layouts = [
    { version: 0, wordSizeInBytes: 8, v0Length: "whole-buckets" },
    { version: 0, wordSizeInBytes: 8, v0Length: "to-max" },
    { version: 0, wordSizeInBytes: 4 },
    { version: 0, wordSizeInBytes: 2 },
    { version: 1, wordSizeInBytes: 2 },
    { version: 1, wordSizeInBytes: 4 },
    { version: 1, wordSizeInBytes: 8 },
  ] as const;
  // At most 60 values per case: keep every bucket's sum within the word.
  const maxCount = { 2: Math.floor(0x7fff / 60), 4: Math.floor(0x7fffffff / 60), 8: 2 ** 46 } as const;

  for (const layout of layouts) {
    it(`decodes V${layout.version} with ${layout.wordSizeInBytes}-byte counts${"v0Length" in layout ? ` (${layout.v0Length})` : ""}`, () => {
      fc.assert(
        fc.property(histogramCase({ maxCount: maxCount[layout.wordSizeInBytes], maxDigits: 3 }), (c) => {
          const original = histogramOf(c);
          const text = encodeLegacyBase64(original, layout);
          expect(text.slice(0, 5)).toBe(prefixOf(layout));
          expectSameHistogram(decodeHistogram(text), original);
        }),
        { numRuns: 100 },
      );
    });
  }

  it("refuses a negative fixed-width count", () => {
    const h = histogramOf({ digits: 2, lowest: 1, highest: 1000, values: [[3, 1]] });
    const encoding = encodeLegacyBaseBytes(h);
    new DataView(encoding.buffer).setInt16(40 + 3 * 2, -5);
    expectCodecError(() => decodeCompressedHistogram(compress(encoding, 0x1c849322)), /negative count/);
  });

  it("refuses a V0 payload that is not a whole number of words, or a V0 inside a V1 wrapper", () => {
    const h = histogramOf({ digits: 2, lowest: 1, highest: 1000, values: [[3, 1]] });
    const v0 = Buffer.from(encodeLegacyBase64(h, { version: 0, wordSizeInBytes: 8 }), "base64");
    const inner = inflate(v0);
    expectCodecError(() => decodeCompressedHistogram(compress(inner.subarray(0, inner.length - 3), 0x1c849389)), /whole number/);
    expectCodecError(() => decodeCompressedHistogram(compress(inner, 0x1c849382)), /V1 wrapper holds a V0/);
  });
});

describe("corrupt and unsupported input → HlogCodecError", () => {
  const good = encodeHistogramV2(sample);
  const goodBytes = Buffer.from(good, "base64");

  it("bad base64", () => {
    for (const text of ["", "HISTF@@@", "HISTF AAA", "HISTFAAAA=A", "HISTFAAAAA=", "HISTFA==="]) {
      expectCodecError(() => decodeHistogram(text), /base64|truncated/);
    }
  });

  it("wrong cookie", () => {
    const wrong = Uint8Array.from(goodBytes);
    wrong[0] = 0x12;
    expectCodecError(() => decodeHistogram(toBase64(wrong)), /not an HdrHistogram encoding \(cookie 0x12/);
    expectCodecError(() => decodeHistogram(toBase64([1, 2, 3, 4, 5, 6, 7, 8, 9])), /not an HdrHistogram/);
  });

  it("an uncompressed encoding where a compressed one belongs", () => {
    expectCodecError(() => decodeHistogram(toBase64(encodeV2(sample))), /uncompressed histogram encoding/);
  });

  it("DHIST… double histograms", () => {
    for (const cookie of [0x0c72124f, 0x0c72124e]) {
      const bytes = new Uint8Array(40);
      new DataView(bytes.buffer).setUint32(0, cookie);
      const text = toBase64(bytes);
      expect(text.startsWith("DHIST")).toBe(true);
      expectCodecError(() => decodeHistogram(text), /^double histograms are not supported$/);
      expectCodecError(() => decodeCompressedHistogram(bytes), /^double histograms are not supported$/);
    }
    expectCodecError(() => decodeHistogram("DHISTwAAAAAAAAAA"), /^double histograms are not supported$/);
  });

  it("every truncation of a valid encoding", () => {
    for (let length = 0; length < goodBytes.length; length++) {
      expectCodecError(() => decodeCompressedHistogram(goodBytes.subarray(0, length)));
    }
    for (let length = 0; length < good.length; length++) {
      expectCodecError(() => decodeHistogram(good.slice(0, length)));
    }
  });

  it("trailing bytes after the compressed data, or after the payload", () => {
    expectCodecError(() => decodeCompressedHistogram(Buffer.concat([goodBytes, Buffer.from([0])])), /unexpected bytes/);
    const encoding = encodeV2(sample);
    const longer = Buffer.concat([encoding, Buffer.from([2])]);
    expectCodecError(() => decodeCompressedHistogram(compress(longer, 0x1c849314)), /after the payload/);
    const shorter = encoding.subarray(0, encoding.length - 1);
    expectCodecError(() => decodeCompressedHistogram(compress(shorter, 0x1c849314)), /truncated payload/);
  });

  it("impossible shapes", () => {
    const cases: Array<[offset: number, set: (view: DataView) => void, pattern: RegExp]> = [
      [12, (v) => v.setInt32(12, 6), /significant digits/],
      [16, (v) => v.setBigInt64(16, 0n), /lowestDiscernibleValue 0/],
      [24, (v) => v.setBigInt64(24, 1n), /less than twice/],
      [16, (v) => v.setBigInt64(16, 2n ** 50n), /2\^47 or more/],
    ];
    for (const [, set, pattern] of cases) {
      const encoding = Uint8Array.from(encodeV2(sample));
      set(new DataView(encoding.buffer));
      if (pattern.source.includes("2\\^47")) new DataView(encoding.buffer).setBigInt64(24, 2n ** 60n);
      expectCodecError(() => decodeCompressedHistogram(compress(encoding, 0x1c849314)), pattern);
    }
  });

  it("counts beyond the histogram's range", () => {
    const small = histogramOf({ digits: 1, lowest: 1, highest: 100, values: [[90, 1]] });
    const encoding = Uint8Array.from(encodeV2(small));
    // Claim a smaller highestTrackableValue than the counts need.
    new DataView(encoding.buffer).setBigInt64(24, 2n);
    expectCodecError(() => decodeCompressedHistogram(compress(encoding, 0x1c849314)), /beyond highestTrackableValue 2$/);
    const v1 = inflateSync(Buffer.from(encodeLegacyBase64(small, { version: 1, wordSizeInBytes: 4 }), "base64").subarray(8));
    new DataView(v1.buffer, v1.byteOffset).setBigInt64(24, 2n);
    expectCodecError(() => decodeCompressedHistogram(compress(v1, 0x1c849342)), /beyond highestTrackableValue/);
  });

  it("a value past 2^53 - 1 in a log whose range reaches there is refused as such, not as corrupt", () => {
    // A V2 encoding as Java writes Histogram(1, 2^55, 1) holding one value far up: header, then a zero run of 2000
    // buckets and a count of 1 (ZigZag LEB128: -2000 → 3999, 1 → 2).
    const header = new DataView(new ArrayBuffer(40));
    const payload = [0x9f, 0x1f, 0x02];
    header.setInt32(0, 0x1c849303);
    header.setInt32(4, payload.length);
    header.setInt32(12, 1);
    header.setBigInt64(16, 1n);
    header.setBigInt64(24, 2n ** 55n);
    header.setFloat64(32, 1);
    const encoding = Uint8Array.from([...new Uint8Array(header.buffer), ...payload]);
    expectCodecError(() => decodeCompressedHistogram(compress(encoding, 0x1c849314)), /^a value beyond 2\^53 - 1, the largest latstat's histograms hold \(the log's highestTrackableValue is 36028797018963968\)$/);
  });

  it("any single corrupted byte gives an HlogCodecError or the very same histogram, never a different one", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: goodBytes.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (position, xor) => {
          const bytes = Uint8Array.from(goodBytes);
          bytes[position]! ^= xor;
          let decoded: JsHistogram;
          try {
            decoded = decodeCompressedHistogram(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(HlogCodecError);
            return;
          }
          expectSameHistogram(decoded, sample);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("arbitrary text and bytes throw nothing but HlogCodecError", () => {
    const check = (action: () => unknown) => {
      try {
        action();
      } catch (error) {
        expect(error).toBeInstanceOf(HlogCodecError);
      }
    };
    fc.assert(fc.property(fc.string(), (text) => check(() => decodeHistogram(text))), { numRuns: 1000 });
    fc.assert(fc.property(fc.base64String(), (text) => check(() => decodeHistogram(`HISTF${text}`))), { numRuns: 1000 });
    const withCookie = fc.uint8Array({ maxLength: 200 }).map((tail) => {
      const bytes = new Uint8Array(8 + tail.length);
      new DataView(bytes.buffer).setUint32(0, 0x1c849314);
      new DataView(bytes.buffer).setInt32(4, tail.length);
      bytes.set(tail, 8);
      return bytes;
    });
    fc.assert(fc.property(withCookie, (bytes) => check(() => decodeCompressedHistogram(bytes))), { numRuns: 1000 });
  });
});

function prefixOf(layout: { version: 0 | 1; wordSizeInBytes: 2 | 4 | 8 }): string {
  if (layout.version === 0) return { 2: "HISTK", 4: "HISTS", 8: "HISTi" }[layout.wordSizeInBytes];
  return { 2: "HISTI", 4: "HISTQ", 8: "HISTg" }[layout.wordSizeInBytes];
}

function inflate(compressed: Uint8Array): Buffer {
  return inflateSync(compressed.subarray(8));
}

function encodeLegacyBaseBytes(h: JsHistogram): Uint8Array {
  return inflate(Buffer.from(encodeLegacyBase64(h, { version: 1, wordSizeInBytes: 2 }), "base64"));
}
