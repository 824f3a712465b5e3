/**
 * Hostile HdrHistogram interval logs through HlogReader (src/hlog), until an hlog input format joins the registry
 * (then the generic decoder fuzzing in fuzz.test.ts covers it too): corrupt base64 and wrong cookies are rejected
 * with their line number, and no line, however damaged, makes the reader throw, stall or skip a line.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeHistogramV2 } from "../../src/hlog/codec.js";
import { encodeCountsV2 } from "../../src/hlog/encode.js";
import { type HlogEvent, HlogReader } from "../../src/hlog/log-reader.js";
import { craftedLongLines, mutatedDocument, numRuns } from "../helpers/fuzz.js";
import { REPO_ROOT } from "../helpers/run-cli.js";
import { histogramOf } from "../hlog/support/histograms.js";

const h = histogramOf({ digits: 3, lowest: 1, highest: 3_600_000_000_000, values: [[1_000_000, 5], [2_500_000, 1]] });
const V2 = encodeHistogramV2(h);

const LOG = [
  "#[Logged with jHiccup version 2.0.7-SNAPSHOT]",
  "#[Histogram log format version 1.2]",
  "#[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 08:24:39 PDT 2015]",
  '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"',
  `0.127,1.007,2.769,${V2}`,
  `1.134,0.999,0.442,${V2}`,
  `Tag=db,2.133,1.001,0.426,${V2}`,
];

/** Real logs from the shared interop directory when it is there (it is not in the repository). */
function interopLogs(): string[][] {
  const dir = path.resolve(REPO_ROOT, "../../shared/interop");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".hlog"))
    .map((f) => readFileSync(path.join(dir, f), "utf8").split("\n").slice(0, 12).map((l) => l.replace(/\r$/, "")));
}

function readAll(lines: readonly string[]): HlogEvent[] {
  const reader = new HlogReader();
  return lines.map((line, i) => reader.accept(line, i + 1));
}

/** What every line's event must satisfy. */
function checkEvents(lines: readonly string[], events: HlogEvent[]): void {
  expect(events).toHaveLength(lines.length);
  events.forEach((event, i) => {
    expect(event.lineNo).toBe(i + 1);
    if (event.kind === "rejected") {
      expect(event.message).toBe(`line ${i + 1}: ${event.reason}`);
      expect(event.message).not.toMatch(/[\r\n]/);
      expect(event.reason.length).toBeLessThan(300);
    }
    if (event.kind === "interval") {
      expect(Number.isFinite(event.interval.startSec)).toBe(true);
      expect(Number.isFinite(event.interval.lengthSec)).toBe(true);
      expect(Number.isSafeInteger(event.interval.histogram.totalCount)).toBe(true);
    }
  });
}

describe("hlog: damaged interval lines are rejected with their line number", () => {
  it("corrupt base64", () => {
    const lines = [...LOG];
    lines[5] = lines[5]!.replace(/HISTF(....)/, "HISTF$1!");
    const events = readAll(lines);
    expect(events[5]).toMatchObject({ kind: "rejected", message: 'line 6: bad histogram: invalid base64: unexpected character "!"' });
    expect(events.filter((e) => e.kind === "interval")).toHaveLength(2);
  });

  it("a wrong cookie, and a truncated payload", () => {
    const bytes = Buffer.from(V2, "base64");
    bytes[0] = 0x12;
    const lines = [...LOG, `3.1,1.0,0.4,${bytes.toString("base64")}`, `4.1,1.0,0.4,${V2.slice(0, 20)}`];
    const events = readAll(lines);
    expect(events[7]).toMatchObject({ kind: "rejected" });
    expect((events[7] as { message: string }).message).toMatch(/^line 8: bad histogram: not an HdrHistogram encoding \(cookie 0x12/);
    expect((events[8] as { message: string }).message).toMatch(/^line 9: bad histogram: /);
    checkEvents(lines, events);
  });
});

describe("hlog: fuzzing the reader", () => {
  const seeds = [LOG, ...interopLogs()];
  // Each log decodes a few histograms (milliseconds): npm run fuzz's 10^5 becomes 2·10^4 logs here.
  const runs = Math.max(400, Math.round(numRuns(400) / 5));

  it(`damaged logs: one event per line, never an exception (${runs} logs)`, { timeout: Math.max(60_000, runs * 15) }, () => {
    fc.assert(
      fc.property(mutatedDocument(seeds), (lines) => checkEvents(lines, readAll(lines))),
      { numRuns: runs, endOnFailure: true },
    );
  });

  it("arbitrary lines: one event per line, never an exception", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 200 }), { maxLength: 20 }), (lines) => checkEvents(lines, readAll(lines))),
      { numRuns: Math.max(100, Math.round(runs / 2)), endOnFailure: true },
    );
  });

  it("crafted 10^5-character lines each take well under a second", () => {
    const format = { example: LOG[4]! } as Parameters<typeof craftedLongLines>[0];
    for (const line of [...craftedLongLines(format), `0.1,1.0,1.0,HISTF${"A".repeat(100_000)}`, `#[StartTime: ${"1".repeat(100_000)}]`]) {
      const started = performance.now();
      checkEvents([...LOG, line], readAll([...LOG, line]));
      expect(performance.now() - started, JSON.stringify(line.slice(0, 60))).toBeLessThan(1_000);
    }
  });
});

describe("counts past 2^53", () => {
  /** An interval histogram of `count` values of about 1 ms (2^52 + 1 is valid in a log; two of them are not countable). */
  const huge = (count: number) => encodeCountsV2({ digits: 3, lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000_000, forEachCount: (visit) => visit(1_500, count) });
  const header = ["#[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 08:24:39 PDT 2015]", '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"'];

  it("one interval of 2^52 + 1 is read; two, or two inputs of one, are refused in one line naming where", async () => {
    const { runCli } = await import("../helpers/run-cli.js");
    const { tempFile } = await import("../helpers/formats.js");
    const one = tempFile("c52.hlog", [...header, `0.000,1.000,1.000,${huge(2 ** 52 + 1)}`].join("\n") + "\n");
    const two = tempFile("c52x2.hlog", [...header, `0.000,1.000,1.000,${huge(2 ** 52 + 1)}`, `1.000,1.000,1.000,${huge(2 ** 52 + 1)}`].join("\n") + "\n");
    const read = await runCli([one, "--json"]);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout).raw.count).toBe(2 ** 52 + 1);
    const refused = await runCli([two]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split("\n")).toEqual([`latstat: ${two}:4: more than 9,007,199,254,740,991 values in all: too many to count exactly (read fewer histograms at once)`]);
    const together = await runCli([one, tempFile("c52-again.hlog", readFileSync(one))]);
    expect(together.code).toBe(2);
    expect(together.stderr.trim().split("\n").at(-1)).toBe("latstat: more than 9,007,199,254,740,991 values in all: too many to count exactly (read fewer histograms at once)");
  });
});
