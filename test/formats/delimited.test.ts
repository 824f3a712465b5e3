import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvFormat, tsvFormat } from "../../src/formats/delimited.js";
import { splitDelimited } from "../../src/formats/delimited-fields.js";
import { decodeLines, decodeSamples } from "../helpers/decode.js";
import { decodeBytes } from "../helpers/fast-slow.js";

describe("splitDelimited", () => {
  it("follows RFC 4180 quoting", () => {
    expect(splitDelimited('a,"b,c","say ""hi""",', ",").fields).toEqual(["a", "b,c", 'say "hi"', ""]);
    expect(splitDelimited('a,"open', ",")).toEqual({ fields: ["a", "open"], open: true, textAfterQuote: false });
  });

  it("tells text after a closing quote, which is not how a field is quoted", () => {
    expect(splitDelimited('"a"b,c', ",")).toEqual({ fields: ["ab", "c"], open: false, textAfterQuote: true });
    expect(splitDelimited('"a",b', ",").textAfterQuote).toBe(false);
    expect(splitDelimited('x"y",z', ",").textAfterQuote).toBe(false);
  });
});

describe("csv", () => {
  it("picks a latency-like column, takes its unit from the name and says so", () => {
    const decoder = csvFormat.createDecoder({});
    const lines = ["ts,path,latency_us", "1,/a,250", "2,/b,1000"];
    const values: number[] = [];
    let skipped = 0;
    for (const line of lines) {
      decoder.line(line, { value: (ns) => values.push(ns), values: () => {}, sample: (s) => values.push(s.latencyNs), skip: () => skipped++, reject: () => {} });
    }
    expect(values).toEqual([250e3, 1000e3]);
    expect(skipped).toBe(1);
    expect(decoder.unitChoice()).toEqual({ unit: "us", source: "column name" });
    expect(decoder.takeNotices()).toEqual([
      'using column "latency_us" (column 3) as the latency; choose another with --column',
      'using column "ts" as the request start time; choose another with --time-column',
    ]);
  });

  it("takes a column named `time` as the latency only when no other name looks like one (it is often a start time)", () => {
    const picked = (header: string) => decodeLines(csvFormat, [header, header.split(",").map((_, i) => String(i + 1)).join(",")]).at(-1);
    // Column 2 holds 2 (ms, or the unit its name says).
    for (const header of ["time,response_time_ms", "time,latency_seconds", "time,duration_seconds", "time,elapsed_time_ms", "time,latency_millis", "time,resp_time_ms", "time,Response Time (ms)"]) {
      const unit = /seconds/.test(header) ? 1e9 : 1e6;
      expect(picked(header), header).toEqual({ value: 2 * unit });
    }
    expect(picked("status,time")).toEqual({ value: 2e6 });
    // `time` with a unit is one too, in its unit.
    expect(picked("ts,time_us")).toEqual({ value: 2e3 });
    expect(picked("id,time_seconds")).toEqual({ value: 2e9 });
    // `timestamp` is no latency, even when nothing else is.
    expect(() => decodeLines(csvFormat, ["timestamp,status", "1,200"])).toThrow(/no column looks like a latency/);
  });

  it("takes --column by name or 1-based index, and --unit over the name", () => {
    expect(decodeLines(csvFormat, ["a,b", "1,2"], { column: "b" })).toEqual([{ skip: true }, { value: 2e6 }]);
    expect(decodeLines(csvFormat, ["a,b", "1,2"], { column: "1", unit: "s" })).toEqual([{ skip: true }, { value: 1e9 }]);
  });

  it("fails clearly when the column does not exist", () => {
    expect(() => decodeLines(csvFormat, ["a,b", "1,2"], { column: "c" })).toThrow(/no column "c".*/);
    expect(() => decodeLines(csvFormat, ["a,b", "1,2"], { column: "3" })).toThrow(/has 2 columns/);
    expect(() => decodeLines(csvFormat, ["a,b", "1,2"])).toThrow(/no column looks like a latency/);
  });

  it("joins a quoted field across lines and counts the record once", () => {
    expect(decodeLines(csvFormat, ["note,latency", '"two', 'lines",5', "x,6"])).toEqual([
      { skip: true },
      { skip: true },
      { value: 5e6 },
      { value: 6e6 },
    ]);
  });

  it("reads a header in another order (files of two writers concatenated) as a new header, its columns by name", () => {
    const lines = ["ts,latency_ms,status,host", "1,10,200,a", "ts,status,latency_ms,host", "2,503,20,b", "3,200,30,c", "ts,latency_ms,status,host", "4,40,200,d"];
    expect(decodeSamples(csvFormat, lines, { groupBy: ["host"] })).toEqual([
      { latencyNs: 10e6, startNs: 1e9, status: 200, groupValues: ["a"] },
      { latencyNs: 20e6, startNs: 2e9, status: 503, groupValues: ["b"] },
      { latencyNs: 30e6, startNs: 3e9, status: 200, groupValues: ["c"] },
      { latencyNs: 40e6, startNs: 4e9, status: 200, groupValues: ["d"] },
    ]);
    const outcomes = decodeLines(csvFormat, lines, { groupBy: ["host"] });
    expect([outcomes[2], outcomes[5]]).toEqual([{ skip: true }, { skip: true }]);
    // A header that names a column twice, again in another order.
    const twice = ["ts,latency_ms,status,tag,tag", "1,10,200,a,b", "latency_ms,ts,status,tag,tag", "20,2,200,c,d"];
    expect(decodeSamples(csvFormat, twice, {})).toEqual([
      { latencyNs: 10e6, startNs: 1e9, status: 200 },
      { latencyNs: 20e6, startNs: 2e9, status: 200 },
    ]);
    // Names that are not all the header's stay a record (rejected here: not a number).
    expect(decodeLines(csvFormat, ["ts,latency_ms", "1,10", "latency_ms,other"]).at(-1)).toEqual({ reject: "not a number" });
  });

  it("skips a repeated header and rejects short or bad records", () => {
    expect(decodeLines(csvFormat, ["name,latency", "a,1", "name,latency", "b", "c,x"])).toEqual([
      { skip: true },
      { value: 1e6 },
      { skip: true },
      { reject: "missing column" },
      { reject: "not a number" },
    ]);
  });

  it("captures --group-by and --session columns, trimmed, \"\" when the record is short", () => {
    const lines = ["endpoint,region,user,latency", "/a, eu ,amy,1", "/b,,bob,2", "/c"];
    expect(decodeSamples(csvFormat, lines, { groupBy: ["region", "1"], session: "user", column: "latency" })).toEqual([
      { latencyNs: 1e6, groupValues: ["eu", "/a"], session: "amy" },
      { latencyNs: 2e6, groupValues: ["", "/b"], session: "bob" },
    ]);
  });

  it("fails clearly when a --group-by or --session column does not exist", () => {
    expect(() => decodeLines(csvFormat, ["a,latency", "1,2"], { groupBy: ["label"] })).toThrow(/no column "label" in the header/);
    expect(() => decodeLines(csvFormat, ["a,latency", "1,2"], { session: "9" })).toThrow(/--session 9: the header has 2 columns/);
  });

  it("reads a CSV delimited by semicolons (a locale whose decimal mark is the comma), its decimal commas as points", () => {
    const lines = ["timestamp;latency_ms;status", "1700000000,5;12,5;200", "1700000001;7;200", "1700000002;1.5;200", "1700000003;1.234,5;200", "1700000004;1,500,000;200"];
    expect(decodeSamples(csvFormat, lines, {})).toEqual([
      { latencyNs: 12.5e6, startNs: 1_700_000_000.5e9, status: 200 },
      { latencyNs: 7e6, startNs: 1_700_000_001e9, status: 200 },
      { latencyNs: 1.5e6, startNs: 1_700_000_002e9, status: 200 },
    ]);
    // A thousands separator is not guessed at: such values are refused, not read as something else.
    expect(decodeLines(csvFormat, lines, {}).slice(4)).toEqual([{ reject: "ambiguous thousands separator" }, { reject: "not a number" }]);
    // `1.234` and `2.500` are 1234 and 2500 to a German spreadsheet, 1.234 and 2.5 to others: refused. `1.5` is not
    // a thousands separator: a decimal point.
    expect(decodeLines(csvFormat, ["latency_ms;status", "1.234;200", "2.500;200", "12.345.678;200", "1.234,5;200", "1.5;200", "1234;200", "0.123;200"])).toEqual([
      { skip: true },
      { reject: "ambiguous thousands separator" },
      { reject: "ambiguous thousands separator" },
      { reject: "ambiguous thousands separator" },
      { reject: "ambiguous thousands separator" },
      { value: 1.5e6 },
      { value: 1234e6 },
      // No thousands grouping starts with 0.
      { value: 0.123e6 },
    ]);
    const decoder = csvFormat.createDecoder({});
    decoder.line(lines[0]!, { value: () => {}, values: () => {}, sample: () => {}, skip: () => {}, reject: () => {} }, 1);
    expect(decoder.takeNotices()[0]).toBe('the header is separated by ";": read as the delimiter, and a comma in a number as its decimal point (12,5)');
  });

  it("keeps the comma when the header holds as many commas as semicolons, or its semicolons are quoted", () => {
    expect(decodeLines(csvFormat, ['"a;b;c",latency', "x;y,5"])).toEqual([{ skip: true }, { value: 5e6 }]);
    expect(decodeLines(csvFormat, ["a;b,latency", "x;y,5"])).toEqual([{ skip: true }, { value: 5e6 }]);
    expect(csvFormat.sniff(["ts;latency_ms", "1;2", "3;4,5"]).score).toBeGreaterThan(0.5);
  });

  it("sniffs a header row with consistent records", () => {
    expect(csvFormat.sniff(["ts,latency_ms", "1,2", "3,4"]).score).toBeGreaterThan(0.5);
    expect(csvFormat.sniff(["1,2", "3,4"]).score).toBe(0);
    // Records that each end in a delimiter the header lacks.
    expect(csvFormat.sniff(["ts,latency_ms", "1,2,", "3,4,"]).score).toBeGreaterThan(0.5);
    expect(tsvFormat.sniff(["ts\tlatency", "1\t2"]).score).toBeGreaterThan(0.5);
  });
});

/** A cell of a generated record: mostly numbers and times, with everything the fast path must leave alone. */
const cell = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^\d{1,17}(\.\d{0,4})?$/) },
  { weight: 2, arbitrary: fc.constantFrom("2026-11-02T09:00:00Z", "2026-11-02T09:00:00.123456Z", "2026-02-30 23:59:59+01:00", "1730538000", "1730538000123", "2026-11-02T09:00:00.1234567891Z") },
  fc.constantFrom("", " 12", "12ms", "12,5", "1,5s", "1.234,5", "1730538000,25", "1e3", "-4", ".5", "12.", "abc", "NaN", "#x", "µ", "a\rb", "x\0y", "latency", "ts"),
  fc.constantFrom('"q,uoted"', '"open', 'x"y', '""', '"12"'),
  // Statuses, read by the status column's guess (named "status"): the fast path keeps what each text tells.
  fc.constantFrom("200", "503", " 404 ", "0", "-", "1000", "OK"),
);

describe("csv and tsv block fast path", () => {
  it("gives exactly what the line path gives, wherever the chunks are cut", () => {
    fc.assert(
      fc.property(
        fc.constantFrom([csvFormat, ","] as const, [csvFormat, ";"] as const, [tsvFormat, "\t"] as const),
        fc.shuffledSubarray(["latency_ms", "ts", "key", "x", "status"], { minLength: 1 }),
        fc.array(fc.oneof({ weight: 8, arbitrary: fc.array(cell, { minLength: 0, maxLength: 5 }) }, fc.constantFrom(["#c"], [""], ["HEADER"])), { maxLength: 25 }),
        fc.record({
          column: fc.constantFrom(undefined, "latency_ms", "2"),
          time: fc.constantFrom(undefined, "ts"),
          key: fc.constantFrom(undefined, "key"),
          unit: fc.constantFrom(undefined, "us" as const),
          groupBy: fc.constantFrom(undefined, ["x"], ["key", "x"]),
          session: fc.constantFrom(undefined, "x"),
        }),
        fc.constantFrom("\n", "\r\n"),
        fc.array(fc.nat(2000), { maxLength: 4 }),
        ([format, delimiter], header, records, options, eol, cuts) => {
          const lines = [header.join(delimiter), ...records.map((r) => (r[0] === "HEADER" ? header : r).join(delimiter))];
          const bytes = Buffer.from(lines.join(eol) + eol);
          const slow = decodeBytes(format, bytes, options, false, cuts);
          expect(decodeBytes(format, bytes, options, true, cuts)).toEqual(slow);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("reads each status text as the line path does, however often it repeats", () => {
    const rows = ["200", "503", "abc", "200", "abc", " 404 ", "-", "503", "1000", "1000"].map((status, i) => `${i + 1},${status}`);
    const bytes = Buffer.from(["latency_ms,status", ...rows].join("\n") + "\n");
    const counts = { slowLines: 0 };
    const fast = decodeBytes(csvFormat, bytes, {}, true, [], counts);
    expect(fast).toEqual(decodeBytes(csvFormat, bytes, {}, false));
    expect(fast.filter((o) => !("notice" in o) && !("skip" in o))).toEqual([
      { sample: { latencyNs: 1e6, status: 200 } },
      { sample: { latencyNs: 2e6, status: 503 } },
      { reject: "bad status", line: 4 },
      { sample: { latencyNs: 4e6, status: 200 } },
      { reject: "bad status", line: 6 },
      { sample: { latencyNs: 6e6, status: 404 } },
      { sample: { latencyNs: 7e6 } },
      { sample: { latencyNs: 8e6, status: 503 } },
      { reject: "bad status", line: 10 },
      { reject: "bad status", line: 11 },
    ]);
    // The header, the first record (which confirms the guessed column) and the four bad statuses.
    expect(counts.slowLines).toBe(6);
  });

  it("reads --session values on the fast path as the line path does: trimmed, any characters", () => {
    const bytes = Buffer.from("latency_ms,user\n1,bob\n2,  amy  \n3,\n4,   \n5,é\n6,a\tb\n7,\tc \n8,x y\n");
    const sessions = (fast: boolean) => decodeBytes(csvFormat, bytes, { session: "user" }, fast).flatMap((o) => ("sample" in o ? [o.sample.session] : []));
    expect(sessions(true)).toEqual(["bob", "amy", "", "", "é", "a\tb", "c", "x y"]);
    expect(sessions(false)).toEqual(sessions(true));
  });

  it("reads plain records on the fast path", () => {
    const bytes = Buffer.from("ts,latency_ms,key\n2026-11-02T09:00:00Z,12.5,a\n2026-11-02T09:00:01Z,7,b\n");
    const outcomes = decodeBytes(csvFormat, bytes, { key: "key" }, true);
    expect(outcomes.filter((o) => "sample" in o)).toEqual([
      { sample: { latencyNs: 12.5e6, startNs: Date.parse("2026-11-02T09:00:00Z") * 1e6, key: "a" } },
      { sample: { latencyNs: 7e6, startNs: Date.parse("2026-11-02T09:00:01Z") * 1e6, key: "b" } },
    ]);
  });
});
