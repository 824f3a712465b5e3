import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jtlFormat } from "../../src/formats/jtl.js";
import { decodeBytes } from "../helpers/fast-slow.js";
import { runCli } from "../helpers/run-cli.js";
import { decodeAll, expectRejected, ff, fixtureLines, fixtureText, latstatJson, rejectsOf, samplesOf, tempFile } from "../helpers/formats.js";

/** JMeter's own `summary =` line for the run that wrote a fixture. */
function summary(name: string) {
  const m = /summary =\s+(\d+) in .* Avg:\s+(\d+) Min:\s+(\d+) Max:\s+(\d+) Err:\s+(\d+)/.exec(fixtureText(name))!;
  const [count, avg, min, max, errors] = m.slice(1).map(Number) as [number, number, number, number, number];
  return { count, avg, min, max, errors };
}

const FIXTURES = [
  ["jtl/default-2.13.csv", "jtl/default-2.13.summary.txt"],
  ["jtl/header.csv", "jtl/header.summary.txt"],
  ["jtl/results.xml", "jtl/results.summary.txt"],
] as const;

describe("jtl (JMeter results)", () => {
  for (const [name, summaryName] of FIXTURES) {
    it(`${name} agrees with JMeter's summary: count, errors, min, max, average`, async () => {
      const jmeter = summary(summaryName);
      const all = await latstatJson([ff(name), "--include-errors"]);
      expect(all.input.format).toBe("jtl");
      expect(all.raw.count).toBe(jmeter.count);
      expect(all.input.failed.count).toBe(jmeter.errors);
      expect(all.raw.min).toBe(jmeter.min);
      expect(all.raw.max).toBe(jmeter.max);
      // JMeter's Avg is the integer part of the mean.
      expect(Math.floor(all.raw.mean)).toBe(jmeter.avg);
      const okOnly = await latstatJson([ff(name)]);
      expect(okOnly.raw.count).toBe(jmeter.count - jmeter.errors);
      expect(okOnly.input.skippedByReason.failed).toBe(jmeter.errors);
    });
  }

  it("reads timeStamp as start, label, responseCode, success and threadName; sub-samples are skipped", () => {
    const csv = fixtureLines("jtl/header.csv");
    const header = csv[0]!.split(",");
    const row = csv[1]!.split(",");
    const col = (n: string) => row[header.indexOf(n)]!;
    const decoded = decodeAll(jtlFormat, csv);
    expect(rejectsOf(decoded)).toEqual([]);
    expect(samplesOf(decoded)[0]).toEqual({
      latencyNs: Number(col("elapsed")) * 1e6,
      startNs: Number(col("timeStamp")) * 1e6,
      ok: col("success") === "true",
      status: Number(col("responseCode")),
      label: col("label"),
      key: col("threadName"),
    });
    const xml = decodeAll(jtlFormat, fixtureLines("jtl/results.xml"));
    expect(rejectsOf(xml)).toEqual([]);
    const redirects = samplesOf(xml).filter((s) => s.label === "GET redirect");
    expect(redirects).toHaveLength(60);
    expect(xml.filter((d) => "skip" in d && d.skip === "JMeter sub-sample")).toHaveLength(120);
    expect(samplesOf(xml).some((s) => s.label?.startsWith("http://"))).toBe(false);
  });

  it("--metric Latency and Connect read those columns, and say how to save them when missing", async () => {
    const csv = fixtureLines("jtl/header.csv");
    const header = csv[0]!.split(",");
    const latency = samplesOf(decodeAll(jtlFormat, csv, { metric: "Latency" }));
    expect(latency[0]!.latencyNs).toBe(Number(csv[1]!.split(",")[header.indexOf("Latency")]) * 1e6);
    const connect = samplesOf(decodeAll(jtlFormat, fixtureLines("jtl/results.xml"), { metric: "connect" }));
    expect(connect[0]!.latencyNs).toBe(Number(/ ct="(\d+)"/.exec(fixtureLines("jtl/results.xml")[2]!)![1]) * 1e6);
    const missing = await runCli([ff("jtl/default-2.13.csv"), "--metric", "Connect"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--metric Connect: the file has no Connect column \(save it with jmeter\.save\.saveservice\.connect_time=true\)/);
  });

  it("is detected with and without a header, and as XML", async () => {
    for (const [name] of FIXTURES) expect(jtlFormat.sniff(fixtureLines(name).slice(0, 200)).score).toBeGreaterThanOrEqual(0.9);
    const tabs = fixtureLines("jtl/header.csv").map((l) => l.replace(/,/g, "\t"));
    expect(samplesOf(decodeAll(jtlFormat, tabs))).toHaveLength(360);
  });

  it("reads the other delimiters jmeter.save.saveservice.default_delimiter is set to (; and |), with and without a header", () => {
    for (const name of ["jtl/header.csv", "jtl/default-2.13.csv"]) {
      const commas = fixtureLines(name);
      const expected = decodeAll(jtlFormat, commas);
      for (const delimiter of [";", "|"]) {
        const lines = commas.map((l) => l.replace(/,/g, delimiter));
        expect(jtlFormat.sniff(lines.slice(0, 200)).score, `${name} ${delimiter}`).toBeGreaterThanOrEqual(0.9);
        expect(decodeAll(jtlFormat, lines), `${name} ${delimiter}`).toEqual(expected);
      }
    }
  });

  it("refuses a headerless file whose columns are not one of JMeter's default sets", () => {
    const lines = fixtureLines("jtl/default-2.13.csv").map((l) => `${l},extra`);
    expect(() => decodeAll(jtlFormat, lines)).toThrow(/JMeter's default column sets \(12, 14, 16 or 17 columns\), not 13/);
  });

  const HEADER17 = "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect";

  it("reads a failureMessage with line breaks (a Response Assertion's comparison), quoted as JMeter's CSVSaveService writes it", async () => {
    // 20 samples 100 ms apart, every 5th failed with the message ResponseAssertion.equalsComparisonText makes.
    const message = '"Test failed: code expected to equal /\n\n****** received  : [[[500]]]\n\n****** comparison: [[[200]]]\n\n/"';
    const rows = Array.from({ length: 20 }, (_, i) => {
      const failed = i % 5 === 2;
      return `${1795779576126 + i * 100},${10 + i},GET users,${failed ? "500,Internal Server Error" : "200,OK"},TG 1-1,text,${!failed},${failed ? message : ""},171,118,1,1,http://h/api/users,9,0,1`;
    });
    const file = tempFile("assert.jtl", [HEADER17, ...rows]);
    const document = await latstatJson([file]);
    // 1 header + 16 one-line records + 4 records of 7 lines each.
    expect(document.input).toMatchObject({ lines: 45, recorded: 16, rejected: 0, skippedByReason: { "blank, comment or header": 1, failed: 4, "line of a record of several lines": 24 } });
    expect(document.input.failed).toMatchObject({ count: 4, rate: 0.2 });
    expect(document.raw.max).toBe(29);
    // The same records on several threads: a part never starts inside one.
    const threads = await runCli([file, "--json", "--threads", "3"], { spawn: true });
    expect(JSON.parse(threads.stdout).input).toEqual(document.input);
  });

  it("a stray quote that a later quoted field closes swallows no rows: its line is rejected, the lines after it read", async () => {
    const row = (i: number, label: string, message = "") => `${1795779576000 + i * 100},${10 + i},${label},200,OK,TG 1-1,text,true,${message},171,118,1,1,http://h/api/users,9,0,1`;
    const rows = [row(0, '"GET users'), ...Array.from({ length: 10 }, (_, i) => row(i + 1, "GET users")), row(11, "GET users", '"a, quoted message"')];
    const document = await latstatJson([tempFile("stray.jtl", [HEADER17, ...rows])]);
    expect(document.input).toMatchObject({ lines: 13, recorded: 11, rejected: 1, rejectedByReason: { "unclosed quote": 1 } });
  });

  it("skips JMeter 5's sub-result rows (label-N, within their parent's time): a thread is one closed loop, not an open one", async () => {
    // One thread, 10 iterations of 100 ms: a redirect of 20 ms (its sub-results -0 of 8 ms and -1 of 12 ms after it), then users of 5 ms.
    const row = (ts: number, elapsed: number, label: string) => `${ts},${elapsed},${label},200,OK,TG 1-1,text,true,,500,100,1,1,http://h/x,${elapsed},0,1`;
    const rows = Array.from({ length: 10 }, (_, i) => {
      const t = 1795779576000 + i * 100;
      return [row(t, 20, "GET redirect"), row(t, 8, "GET redirect-0"), row(t + 8, 12, "GET redirect-1"), row(t + 30, 5, "GET users")];
    }).flat();
    const document = await latstatJson([tempFile("subresults.jtl", [HEADER17, ...rows]), "--json"]);
    expect(document.input).toMatchObject({ lines: 41, recorded: 20, skippedByReason: { "JMeter sub-sample": 20 } });
    expect(document.raw.max).toBe(20);
    expect(document.coordinatedOmission.loop).not.toBe("open");
    // Samplers of their own named X and X-2 on two threads, one's request within the other's time: both counted.
    const two = (ts: number, elapsed: number, label: string, thread: string) => `${ts},${elapsed},${label},200,OK,${thread},text,true,,500,100,1,1,http://h/x,${elapsed},0,1`;
    const threads = [two(1795779576000, 50, "Search", "TG 1-1"), two(1795779576010, 20, "Search-2", "TG 1-2"), two(1795779576100, 5, "Search-2", "TG 1-1")];
    expect((await latstatJson([tempFile("two-samplers.jtl", [HEADER17, ...threads])])).input).toMatchObject({ recorded: 3, skippedByReason: { "blank, comment or header": 1 } });
  });

  it("reads a date-formatted timeStamp with the zone SimpleDateFormat writes (Z, X, XXX), and one without as UTC", async () => {
    const csv = fixtureLines("jtl/header.csv");
    const epochMs = csv.slice(1).map((l) => Number(l.split(",")[0]));
    /** `ms` as SimpleDateFormat writes it in a zone `offsetMinutes` east of UTC: the local time, then `zone`. */
    const formatted = (ms: number, offsetMinutes: number, separator: string, zone: string) => {
      const local = new Date(ms + offsetMinutes * 60_000).toISOString(); // 2026-11-27T11:39:36.126Z, of the local time
      return `${local.slice(0, 10).replace(/-/g, separator === "/" ? "/" : "-")}${separator === "/" ? " " : "T"}${local.slice(11, 23)}${zone}`;
    };
    const forms: [string, number, string, string][] = [
      ["yyyy-MM-dd'T'HH:mm:ss.SSSZ in UTC", 0, "-", "+0000"],
      ["yyyy-MM-dd'T'HH:mm:ss.SSSZ in New York", -300, "-", "-0500"],
      ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX in UTC", 0, "-", "Z"],
      ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX in India", 330, "-", "+05:30"],
      ["yyyy-MM-dd'T'HH:mm:ss.SSSX in Berlin", 60, "-", "+01"],
      ["yyyy/MM/dd HH:mm:ss.SSS Z in Berlin", 60, "/", " +0100"],
    ];
    for (const [name, offset, separator, zone] of forms) {
      const lines = [csv[0]!, ...csv.slice(1).map((l, i) => l.replace(/^\d+/, formatted(epochMs[i]!, offset, separator, zone)))];
      const samples = samplesOf(decodeAll(jtlFormat, lines));
      expect(samples.map((s) => s.startNs), name).toEqual(epochMs.map((ms) => ms * 1e6));
      const run = await runCli([tempFile("zoned.jtl", lines)]);
      expect(run.code, name).toBe(0);
      expect(run.stderr, name).not.toMatch(/without a zone/);
    }
    // Without a zone JMeter wrote the JVM's local time, which the file does not say: read as UTC, and said.
    const local = [csv[0]!, ...csv.slice(1).map((l, i) => l.replace(/^\d+/, formatted(epochMs[i]!, 0, "/", "")))];
    expect(samplesOf(decodeAll(jtlFormat, local)).map((s) => s.startNs)).toEqual(epochMs.map((ms) => ms * 1e6));
    expect((await runCli([tempFile("local.jtl", local)])).stderr).toMatch(/timeStamp is a date without a zone: read as UTC/);
    // A zone SimpleDateFormat does not write as a number (z: "CET") is no timeStamp read.
    const named = [csv[0]!, csv[1]!.replace(/^\d+/, `${formatted(epochMs[0]!, 60, "/", "")} CET`)];
    expect(rejectsOf(decodeAll(jtlFormat, named))).toEqual([{ line: 2, reason: "bad timeStamp" }]);
  });

  it("rejects broken samples with their numbers", async () => {
    await expectRejected("jtl/header.csv", {
      2: (l) => l.replace(/^(\d+),(\d+)/, "$1,slow"),
      3: (l) => l.replace(/,(true|false),/, ",maybe,"),
      4: (l) => l.split(",").slice(0, 8).join(","),
    });
    await expectRejected("jtl/results.xml", {
      3: (l) => l.replace(/ t="\d+"/, ""),
      4: (l) => l.replace(/ ts="\d+"/, ' ts="soon"'),
      5: (l) => l.replace(/\/?>$/, ""),
    });
  });
});

describe("jtl block fast path", () => {
  const cell = fc.oneof(
    { weight: 5, arbitrary: fc.stringMatching(/^\d{1,16}$/) },
    fc.constantFrom("", "1.0", "12.5", "-3", "true", "false", "TRUE", "200", "2000", "GET users", "GET users-0", "users 1-1", '"q,uoted"', '"two\n\nlines"', '"open', "x\0y", "2026/11/02 09:00:00.123", "elapsed", "Number of samples in transaction : 1", '"Number of samples in transaction : 2, number of failing samples : 1"', "Number of samples"),
  );
  const header = "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success";
  const record = fc.array(cell, { minLength: 7, maxLength: 9 });
  it("gives exactly what the line path gives, wherever the chunks are cut", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.oneof({ weight: 9, arbitrary: record.map((r) => r.join(",")) }, fc.constantFrom("", header, "  ")), { maxLength: 20 }),
        fc.constantFrom(undefined, "Latency"),
        fc.constantFrom("\n", "\r\n"),
        fc.array(fc.nat(2000), { maxLength: 3 }),
        (withHeader, lines, metric, eol, cuts) => {
          const head = withHeader ? [metric === undefined ? header : `${header},Latency`] : ["1795779576126,5,a,200,OK,t 1-1,text,true,,171,2,2"];
          const bytes = Buffer.from([...head, ...lines].join(eol) + eol);
          expect(decodeBytes(jtlFormat, bytes, { metric }, true, cuts)).toEqual(decodeBytes(jtlFormat, bytes, { metric }, false, cuts));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
