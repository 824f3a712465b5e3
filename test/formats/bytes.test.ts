import fc from "fast-check";
import { isEpochNs } from "../../src/base/epoch.js";
import { describe, expect, it } from "vitest";
import { parseClfNs, parseEpochNs, parseStartTime } from "../../src/formats/time-fields.js";
import { clfNsAt, decimalAt, epochNsAt, plainDecimalAt, printableSpan, timestampNsAt, utf8At } from "../../src/formats/bytes.js";
import { isoNsAt, parseIsoNs } from "../../src/base/iso-time.js";

/** Reads `text` with a byte reader, surrounded by bytes it must not look at. */
function atBytes<T>(text: string, read: (bytes: Uint8Array, start: number, end: number) => T): T {
  const bytes = Buffer.from(`9:${text}:9`);
  return read(bytes, 2, bytes.length - 2);
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** ISO-8601-like text: mostly valid, with out-of-range fields, odd separators and zones mixed in. */
const isoText = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.option(fc.integer({ min: 0, max: 61 })),
    fraction: fc.option(fc.stringMatching(/^[.,]\d{0,11}$/)),
    separator: fc.constantFrom("T", " ", "t", "_"),
    zone: fc.constantFrom("", "Z", "z", "+01:00", "-0530", "+23:59", "+24:00", "-12:60", "+1", " Z", "+01:0"),
  })
  .map(({ year, month, day, hour, minute, second, fraction, separator, zone }) => {
    const seconds = second === null ? "" : `:${pad(second, 2)}${fraction ?? ""}`;
    return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}${separator}${pad(hour, 2)}:${pad(minute, 2)}${seconds}${zone}`;
  });

describe("decimalAt", () => {
  it("equals Number(text) whenever it reads a number", () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^\d{0,17}(\.\d{0,17})?$/), fc.stringMatching(/^[\d.e+ -]{0,6}$/), fc.double({ min: 0, max: 1e12, noNaN: true }).map(String)), (text) => {
        const value = atBytes(text, decimalAt);
        if (!Number.isNaN(value)) expect(value).toBe(Number(text));
        if (/^(\d+\.?\d*|\.\d+)$/.test(text) && text.replace(".", "").length <= 15) expect(value).toBe(Number(text));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("timestampNsAt", () => {
  it("equals parseStartTime whenever it reads a time, and decides every ISO shape", () => {
    fc.assert(
      fc.property(isoText, fc.constantFrom(undefined, "s" as const, "ms" as const), (text, unit) => {
        const fast = atBytes(text, (b, s, e) => timestampNsAt(b, s, e, unit));
        const slow = parseStartTime(text, unit);
        if (!Number.isNaN(fast)) expect(fast).toBe(slow);
        // An ISO shape is decided by the bytes: NaN there is the string path's undefined, or a time beyond the
        // epoch range, which the string path reads and the booker rejects (with the line's number).
        if (/^\d{4}-/.test(text)) expect(Number.isNaN(fast) ? undefined : fast).toBe(slow !== undefined && isEpochNs(slow) ? slow : undefined);
      }),
      { numRuns: 20000 },
    );
  });

  it("reads epoch numbers by magnitude or in the given unit", () => {
    for (const text of ["1730538000", "1730538000123", "1730538000.5", ".5", "12."]) {
      expect(atBytes(text, (b, s, e) => timestampNsAt(b, s, e, undefined))).toBe(parseStartTime(text));
      expect(atBytes(text, (b, s, e) => timestampNsAt(b, s, e, "ms"))).toBe(parseStartTime(text, "ms"));
    }
    expect(atBytes("1e9", (b, s, e) => timestampNsAt(b, s, e, undefined))).toBeNaN();
  });
});

describe("isoNsAt", () => {
  it("is parseIsoNs on bytes: the same time, or NaN where the text is no time", () => {
    fc.assert(
      fc.property(isoText, (text) => {
        const fast = atBytes(text, isoNsAt);
        expect(Number.isNaN(fast) ? undefined : fast).toBe(parseIsoNs(text));
      }),
      { numRuns: 20000 },
    );
  });
});

describe("plainDecimalAt and epochNsAt", () => {
  it("equal the access-log readers' Number(text) and parseEpochNs whenever they read a number", () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^\d{0,17}(\.\d{0,17})?$/), fc.stringMatching(/^[\d. e+-]{0,6}$/)), fc.constantFrom(1, 1e3, 1e6, 1e9), (text, nsPerUnit) => {
        const value = atBytes(text, plainDecimalAt);
        const plain = /^\d+(?:\.\d+)?$/.test(text);
        if (!Number.isNaN(value)) expect(plain && value === Number(text)).toBe(true);
        if (plain && text.replace(".", "").length <= 15) expect(value).toBe(Number(text));
        const epoch = atBytes(text, (b, s, e) => epochNsAt(b, s, e, nsPerUnit));
        if (!Number.isNaN(epoch)) expect(epoch).toBe(parseEpochNs(text, nsPerUnit));
      }),
      { numRuns: 5000 },
    );
  });
});

/** Common Log Format times: mostly valid, with out-of-range fields, odd months, spacing and zones mixed in. */
const clfText = fc
  .record({
    day: fc.integer({ min: 0, max: 32 }),
    dayWidth: fc.constantFrom(1, 2),
    month: fc.constantFrom("Jan", "Feb", "feb", "FEB", "Apr", "Nov", "Dec", "Foo", "N0v", "J@n", "jAN"),
    year: fc.integer({ min: 0, max: 9999 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    zone: fc.constantFrom("", " +0000", " -0700", " +0530", " +9999", "  +0000", "\t+0100", " 0000", " +000", "+0000", " +0000 "),
  })
  .map(({ day, dayWidth, month, year, hour, minute, second, zone }) => `${pad(day, dayWidth)}/${month}/${pad(year, 4)}:${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${zone}`);

describe("clfNsAt", () => {
  it("equals parseClfNs whenever it reads a time, and reads valid CLF times", () => {
    fc.assert(
      fc.property(clfText, (text) => {
        const fast = atBytes(text, clfNsAt);
        const slow = parseClfNs(text);
        if (!Number.isNaN(fast)) expect(fast).toBe(slow);
        const usual = /^\d{1,2}\/[A-Za-z]{3}\/\d{4}:([01]\d|2[0-3]):[0-5]\d:[0-5]\d( [+-]\d{4})?$/.test(text);
        if (usual && slow !== undefined && Number(text.split("/")[2]!.slice(0, 4)) >= 100) expect(fast).toBe(slow);
      }),
      { numRuns: 20000 },
    );
  });

  it("reads nginx's $time_local", () => {
    expect(atBytes("02/Nov/2026:09:00:00 +0000", clfNsAt)).toBe(Date.UTC(2026, 10, 2, 9) * 1e6);
    expect(atBytes("2/Nov/2026:09:00:00 -0130", clfNsAt)).toBe((Date.UTC(2026, 10, 2, 9) + 90 * 60_000) * 1e6);
    expect(atBytes("31/Nov/2026:09:00:00 +0000", clfNsAt)).toBeNaN();
  });
});

describe("printableSpan", () => {
  it("gives the bytes of exactly the text utf8At(…).trim() gives, when all are printable ASCII", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "Z", "0", " ", "~", "!", "\t", "\r", "é", "€", "\u007f", "\u0000"), maxLength: 12 }), (text) => {
        const span = atBytes(text, printableSpan);
        const expected = /^[\x20-\x7e]*$/.test(text) ? text.replace(/^ +| +$/g, "") : undefined;
        if (expected === undefined) {
          expect(span).toBeUndefined();
        } else {
          expect(String.fromCharCode(...span!.bytes.subarray(span!.start, span!.end))).toBe(expected);
          expect(atBytes(text, utf8At).trim()).toBe(expected);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
