import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoNsAt, parseIsoNs } from "../../src/base/iso-time.js";
import { parseStartTime } from "../../src/formats/time-fields.js";
import { parseTimeBound } from "../../src/ingest/sample-filter.js";
import { findFormat } from "../../src/formats/registry.js";
import { decodeBytes } from "../helpers/fast-slow.js";

/** Days in each month of a year, counted the long way: a leap year is divisible by 4, not by 100 unless by 400. */
function monthLengths(year: number): number[] {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
}

/** Epoch seconds of a UTC midnight, by counting days from 1970 (years ≥ 1970 only). */
function midnightSec(year: number, month: number, day: number): number {
  let days = 0;
  for (let y = 1970; y < year; y++) days += monthLengths(y).reduce((a, b) => a + b, 0);
  for (let m = 1; m < month; m++) days += monthLengths(year)[m - 1]!;
  return (days + day - 1) * 86_400;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

describe("the ISO-8601 reader", () => {
  it("reads hand-checked times: zones, fractions to the nanosecond, a leap second, a bare date", () => {
    // 2024-02-29 is day 19,782 after 1970-01-01 (54 years, 13 of them leap, and 59 days into 2024).
    expect(parseIsoNs("2024-02-29T00:00:00Z")).toBe(19_782 * 86_400e9);
    expect(parseIsoNs("2024-02-29")).toBe(19_782 * 86_400e9);
    expect(parseIsoNs("2024-02-29T01:30:00+01:30")).toBe(19_782 * 86_400e9);
    expect(parseIsoNs("2024-02-28 23:00:00-0100")).toBe(19_782 * 86_400e9);
    expect(parseIsoNs("2024-02-29T00:00:00.123456789123Z")).toBe(19_782 * 86_400e9 + 123_456_789);
    expect(parseIsoNs("2024-02-29t00:00:00,5z")).toBe(19_782 * 86_400e9 + 5e8);
    expect(parseIsoNs("2024-02-28T23:59:60Z")).toBe(19_782 * 86_400e9);
    expect(parseIsoNs("  2024-02-29T00:00 Z ")).toBe(19_782 * 86_400e9);
    // Year 50 is year 50, not 1950: 1920 years of 365.2425 days before 1970.
    expect(parseIsoNs("0050-01-01T00:00:00Z")).toBe(-(1920 * 365 + 1920 / 4 - 19 + 4) * 86_400e9 + 0);
  });

  it("refuses days a month does not have, out-of-range fields and other shapes", () => {
    for (const bad of [
      "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2100-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
      "2024-01-00", "2024-01-01T24:00:00Z", "2024-01-01T10:60:00Z", "2024-01-01T10:00:61Z", "2024-01-01T10:00:00.Z",
      "2024-01-01T10:00:00+24:00", "2024-01-01T10:00:00+01:0", "2024-01-01T10:00:00+1", "2024-1-01", "24-01-01",
      "2024-01-01T9:00", "2024-01-01X10:00", "2024-01-01T10:00:00ZZ", "",
    ]) {
      expect(parseIsoNs(bad), bad).toBeUndefined();
    }
  });

  it("agrees with a calendar counted day by day on every date it is given, and refuses the rest", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1970, max: 2400 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 23 }), (year, month, day, hour) => {
        const text = `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:07:09Z`;
        const real = day <= monthLengths(year)[month - 1]!;
        expect(parseIsoNs(text)).toBe(real ? (midnightSec(year, month, day) + hour * 3600 + 7 * 60 + 9) * 1e9 : undefined);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads each of a run of times sharing their date and minute, valid or not, as if it came alone", () => {
    // The reader keeps the last date, hour and minute it read (yyyy-mm-ddThh:mm): times that share those bytes,
    // then differ in what follows (seconds, fraction, zone, junk) or in the prefix itself, one after another.
    const prefix = fc.constantFrom("2024-02-29T23:59", "2024-02-29t23:59", "2024-02-29 23:59", "2024-02-29T23:58", "2023-02-28T00:00", "2024-02-30T23:59", "2024-02-29T24:00");
    const rest = fc.constantFrom("", ":00", ":59.5", ":60", ":61", ":07.123456789123Z", ":07Z", ":07 +01:30", ":07-0100", ":07+24:00", ":07ZZ", "Z", " Z", ".5", ":7", ":07.", "x");
    const expected = (p: string, r: string): number | undefined => {
      const [, y, mo, d, h, mi] = /^(\d{4})-(\d\d)-(\d\d).(\d\d):(\d\d)$/.exec(p)!.map(Number);
      if (d! > monthLengths(y!)[mo! - 1]! || h! > 23) return undefined;
      const m = /^(?::(\d\d)(?:\.(\d+))?)?\s*(Z|([+-])(\d\d):?(\d\d))?$/.exec(r);
      if (m === null) return undefined;
      const [, ss = "0", fraction = "", , sign, oh = "0", om = "0"] = m;
      if (Number(ss) > 60 || Number(oh) > 23 || Number(om) > 59) return undefined;
      const offsetSec = (sign === "-" ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60);
      const sec = midnightSec(y!, mo!, d!) + h! * 3600 + mi! * 60 + Number(ss) - offsetSec;
      return sec * 1e9 + Number(fraction.slice(0, 9).padEnd(9, "0"));
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(prefix, rest), { minLength: 1, maxLength: 30 }), (times) => {
        for (const [p, r] of times) {
          const bytes = Buffer.from(`,${p}${r},`);
          const ns = isoNsAt(bytes, 1, bytes.length - 1, "date-time");
          expect(Number.isNaN(ns) ? undefined : ns, p + r).toBe(expected(p, r));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("reads the same from bytes as from text", () => {
    const bytes = Buffer.from("x2024-02-29T00:00:00Zx");
    expect(isoNsAt(bytes, 1, bytes.length - 1)).toBe(parseIsoNs("2024-02-29T00:00:00Z"));
    expect(isoNsAt(bytes, 0, bytes.length)).toBeNaN();
  });

  it("wants a time of day for a start time, not for a --since bound", () => {
    expect(parseIsoNs("2024-05-01", "date-time")).toBeUndefined();
    expect(parseStartTime("2024-05-01")).toBeUndefined();
    expect(parseTimeBound("2024-05-01")).toBe(midnightSec(2024, 5, 1) * 1e9);
  });
});

describe("30 February", () => {
  it("is refused as a start time in CSV and JSON lines, as by --since", () => {
    expect(parseStartTime("2024-02-30T00:00:00Z")).toBeUndefined();
    expect(parseTimeBound("2024-02-30T00:00:00Z")).toBeUndefined();
    const inputs = {
      csv: "latency_ms,timestamp\n5,2024-02-29T00:00:00Z\n7,2024-02-30T00:00:00Z\n",
      jsonl: '{"latency_ms":5,"timestamp":"2024-02-29T00:00:00Z"}\n{"latency_ms":7,"timestamp":"2024-02-30T00:00:00Z"}\n',
    };
    for (const [name, text] of Object.entries(inputs)) {
      for (const fast of [true, false]) {
        const log = decodeBytes(findFormat(name)!, Buffer.from(text), {}, fast);
        expect(log.filter((entry) => "sample" in entry)).toEqual([{ sample: { latencyNs: 5e6, startNs: 19_782 * 86_400e9 } }]);
        expect(log.filter((entry) => "reject" in entry).map((entry) => (entry as { reject: string }).reject)).toEqual(["bad start time"]);
      }
    }
  });
});
