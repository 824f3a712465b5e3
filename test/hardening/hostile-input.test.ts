/**
 * Inputs built to cost too much or to vanish silently: each is read, rejected with a true reason or refused with
 * a clear error — never an internal error, never a line that disappears without being counted.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { HDR_JAR, javaAvailable } from "../hlog/support/java.js";
import { runCli } from "../helpers/run-cli.js";
import { runProcess } from "../helpers/run-process.js";

const DEEP = "[".repeat(10_000) + "]".repeat(10_000);

describe("a JSON value nested 10,000 levels deep", () => {
  const lines = [
    ...Array.from({ length: 5 }, (_, i) => JSON.stringify({ latency_ms: i + 1, ep: "a" })),
    `{"latency_ms": 7, "ep": ${DEEP}}`,
    `{"latency_ms": 8, "ep": {"x": ${DEEP}}, "user": ${DEEP}}`,
    ...Array.from({ length: 5 }, (_, i) => JSON.stringify({ latency_ms: i + 1, ep: "b" })),
  ].join("\n");

  it("in the --group-by field: that line is rejected with a reason, the run goes on", async () => {
    const result = await runCli(["report", "-f", "jsonl", "--group-by", "ep", "-o", "json"], { stdin: lines });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.input.recorded).toBe(10);
    expect(report.input.rejectedByReason).toEqual({ "value nested too deeply": 2 });
    expect(result.stderr).toContain("latstat: (stdin):6: value nested too deeply\n");
    expect(result.stderr).toContain("latstat: (stdin):7: value nested too deeply\n");
  });

  it("in the --session and --per fields too; a shallow object is still a value", async () => {
    const sessions = [1, 2, 3, 4].map((i) => JSON.stringify({ latency_ms: i, user: `u${i % 2}` })).join("\n") + `\n{"latency_ms": 8, "user": ${DEEP}}\n`;
    const result = await runCli(["report", "-f", "jsonl", "--session", "user", "--threshold", "3ms", "-o", "json"], { stdin: sessions });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).input.rejectedByReason).toEqual({ "value nested too deeply": 1 });
    const shallow = await runCli(["report", "-f", "jsonl", "--group-by", "ep", "-o", "csv"], { stdin: '{"latency_ms": 3, "ep": {"a": [1, {"b": 2}]}}\n' });
    expect(shallow.stdout).toContain('"{""a"":[1,{""b"":2}]}",1,');
  });

  it("--strict stops at it with the line named", async () => {
    const result = await runCli(["report", "-f", "jsonl", "--group-by", "ep", "--strict"], { stdin: lines });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^latstat: \(stdin\):6: value nested too deeply/);
  });
});

describe("a stray quote in a CSV", () => {
  const csv = ["latency_ms,name", ...Array.from({ length: 20 }, (_, i) => `${i + 1},a`), '21,"oops', ...Array.from({ length: 483 }, (_, i) => `${i + 22},b`)].join("\n") + "\n";

  it("rejects its line as an unclosed quote and reads every line after it", async () => {
    const result = await runCli(["report", "-o", "json"], { stdin: csv });
    expect(result.code).toBe(0);
    const input = JSON.parse(result.stdout).input;
    expect(input).toMatchObject({ lines: 505, recorded: 503, skipped: 1, rejected: 1, rejectedByReason: { "unclosed quote": 1 } });
    expect(JSON.parse(result.stdout).raw.max).toBe(504);
    expect(result.stderr).toContain("latstat: (stdin):22: unclosed quote\n");
  });

  it("--strict stops at that line", async () => {
    const result = await runCli(["report", "--strict"], { stdin: csv });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^latstat: \(stdin\):22: unclosed quote \(--strict stops at the first line that cannot be read\)\n$/m);
  });
});

describe("a CSV header line over 1 MiB", () => {
  const rows = Array.from({ length: 50 }, (_, i) => `${i + 1},a`).join("\n");
  /** The text in 64 KiB chunks, as a file or pipe gives it (a longer line then spans chunks). */
  const chunked = (text: string) => {
    const bytes = Buffer.from(text);
    return Readable.from(Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536)));
  };

  it("is a clear error naming the line: the first data row does not become the header", async () => {
    for (const args of [["-f", "csv"], ["-f", "csv", "--column", "1"], ["-f", "tsv", "--column", "1"]]) {
      const result = await runCli(["report", ...args], { stdin: chunked(`latency_ms,${"x".repeat(1_100_000)}\n${rows}\n`) });
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe("latstat: (stdin):1: the header line is longer than 1 MiB, the longest line read (is this a CSV/TSV file? its first line names the columns)\n");
    }
  });

  it("a long line after the header is rejected as too long; a quote open before it is given up first", async () => {
    const csv = `latency_ms,name\n1,a\n2,"b\n3,c\n4,${"x".repeat(1_100_000)}\n5,a\n`;
    const result = await runCli(["report", "-f", "csv", "-o", "json"], { stdin: chunked(csv) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).input).toMatchObject({ lines: 6, recorded: 3, rejectedByReason: { "unclosed quote": 1, "line too long": 1 } });
    expect(result.stderr).toContain("latstat: (stdin):3: unclosed quote\n");
    expect(result.stderr).toContain("latstat: (stdin):5: line too long\n");
  });
});

describe("hlog intervals the selection leaves out", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "latstat-hlog-early-"));
  let log = "";
  /** Histograms of 10, 20, 30, 40 samples; the fourth is written 5 s before the first (clock jitter, a concatenation). */
  beforeAll(async () => {
    const jsonl = [10, 20, 30, 40].flatMap((n, w) => Array.from({ length: n }, (_, i) => JSON.stringify({ ts: 1_700_000_000 + w + i / (n + 1), latency_ms: 1 + i }))).join("\n");
    const converted = await runCli(["convert", "-f", "jsonl", "--interval", "1s"], { stdin: jsonl });
    const histograms = converted.stdout.split("\n").filter((line) => /^\d/.test(line)).map((line) => line.split(",")[3]!);
    expect(histograms).toHaveLength(4);
    const line = (t: number, h: string, tag = "") => `${tag}${t.toFixed(3)},1.000,40.000,${h}`;
    log = [
      "#[Histogram log format version 1.3]",
      '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"',
      line(1_700_000_000, histograms[0]!),
      line(1_700_000_001, histograms[1]!),
      line(1_700_000_002, histograms[2]!, "Tag=b,"),
      line(1_699_999_995, histograms[3]!),
      line(1_700_000_003, histograms[1]!),
    ].join("\n") + "\n";
    writeFileSync(path.join(dir, "early.hlog"), log);
  });

  it("before the log's start time: skipped under that reason, said on stderr with the samples, as Java leaves it out", async () => {
    const result = await runCli(["report", "early.hlog", "-o", "json"], { cwd: dir });
    expect(result.code).toBe(0);
    const input = JSON.parse(result.stdout).input;
    expect(input.recorded).toBe(3);
    expect(input.skippedByReason).toEqual({ "blank, comment or header": 2, "before the log's start time": 1, "other tag": 1 });
    expect(JSON.parse(result.stdout).raw.count).toBe(10 + 20 + 20);
    expect(result.stderr).toContain("latstat: early.hlog: 1 interval (40 samples) starts before the log's StartTime: left out, as HistogramLogProcessor does (--include-early reads them)\n");
    expect(result.stderr).toContain("latstat: early.hlog: 1 tagged interval left out (--tag NAME reads one tag, --all-tags reads every tag; --list-tags lists them)\n");
  });

  it("--include-early reads them; --all-tags the tagged one", async () => {
    const result = await runCli(["report", "early.hlog", "--include-early", "--all-tags", "-o", "json"], { cwd: dir });
    expect(JSON.parse(result.stdout).raw.count).toBe(10 + 20 + 30 + 40 + 20);
    expect(JSON.parse(result.stdout).input.skippedByReason).toEqual({ "blank, comment or header": 2 });
    expect(result.stderr).not.toMatch(/left out/);
    const refused = await runCli(["report", "early.hlog", "--include-early", "--start", "1"], { cwd: dir });
    expect(refused.code).toBe(2);
  });

  it("outside --start/--end: skipped under that reason and counted", async () => {
    const result = await runCli(["report", "early.hlog", "--start", "0.5", "--end", "1.5", "-o", "json"], { cwd: dir });
    const input = JSON.parse(result.stdout).input;
    expect(input.recorded).toBe(1);
    // The first interval is before --start, the tagged one past --end ends the reading: all later ones are outside too.
    expect(input.skippedByReason).toEqual({ "blank, comment or header": 2, "outside --start/--end": 4 });
    expect(result.stderr).toContain("latstat: early.hlog: 4 intervals (100 samples) outside --start/--end: left out\n");
  });

  it.skipIf(!javaAvailable)("-o hgrm stays the Java reference's", async () => {
    const out = path.join(dir, "java");
    const java = await runProcess("java", ["-Duser.timezone=UTC", "-cp", HDR_JAR, "org.HdrHistogram.HistogramLogProcessor", "-i", path.join(dir, "early.hlog"), "-o", out]);
    expect(java.status).toBe(0);
    const ours = await runCli(["report", "early.hlog", "-o", "hgrm"], { cwd: dir });
    expect(ours.stdout).toBe(readFileSync(`${out}.hgrm`, "utf8"));
  });
});

describe("an hlog of 5-digit histograms up to 2^62", () => {
  it("decodes to a histogram sized to its counts, with the encoded shape kept, and encodes back to the same bytes", async () => {
    const { createShapedHistogram, forEachCount } = await import("../../src/core/histogram.js");
    const { encodeHistogramV2 } = await import("../../src/hlog/encode.js");
    const { decodeHistogram } = await import("../../src/hlog/decode.js");
    const wide = createShapedHistogram({ digits: 5, lowestDiscernibleValue: 1, highestTrackableValue: 2 ** 62 });
    const values = [1_000, 1_234_567, 98_765_432, 148_411_390];
    for (const v of values) wide.recordValueWithCount(v, 3);
    const full = wide.countsArrayLength;
    const encoded = encodeHistogramV2(wide);
    const decoded = decodeHistogram(encoded);
    expect(decoded.highestTrackableValue).toBe(2 ** 62);
    expect(decoded.numberOfSignificantValueDigits).toBe(5);
    expect(decoded.countsArrayLength).toBeLessThan(full / 2);
    expect(decoded.totalCount).toBe(12);
    expect(decoded.maxValue).toBe(wide.highestEquivalentValue(wide.maxValue)); // as Java decodes it
    expect(decoded.minNonZeroValue).toBe(wide.minNonZeroValue);
    const visited: number[] = [];
    forEachCount(decoded, (index, count) => visited.push(index, count));
    expect(visited).toEqual(values.flatMap((v) => [wide.countsArrayIndex(v), 3]));
    expect(encodeHistogramV2(decoded)).toBe(encoded);
    for (const p of [50, 90, 99.9]) expect(decoded.getValueAtPercentile(p)).toBe(wide.getValueAtPercentile(p));
  });

  it.skipIf(!javaAvailable)("-o hgrm is the Java reference's, down to the bucket count Java caps at 2^62", async () => {
    const { createShapedHistogram } = await import("../../src/core/histogram.js");
    const { encodeHistogramV2 } = await import("../../src/hlog/encode.js");
    const wide = createShapedHistogram({ digits: 5, lowestDiscernibleValue: 1, highestTrackableValue: 2 ** 62 });
    for (const v of [1_000, 1_234_567, 98_765_432, 148_411_390]) wide.recordValueWithCount(v, 3);
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-wide-"));
    const header = '#[StartTime: 1700000000.000 (seconds since epoch)]\n"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"\n';
    writeFileSync(path.join(dir, "wide.hlog"), `${header}0.000,1.000,0.148,${encodeHistogramV2(wide)}\n`);
    const java = await runProcess("java", ["-Duser.timezone=UTC", "-cp", HDR_JAR, "org.HdrHistogram.HistogramLogProcessor", "-i", path.join(dir, "wide.hlog"), "-o", path.join(dir, "java")]);
    expect(java.status).toBe(0);
    const ours = await runCli(["report", "wide.hlog", "-o", "hgrm"], { cwd: dir });
    expect(ours.stdout).toBe(readFileSync(path.join(dir, "java.hgrm"), "utf8"));
    expect(ours.stdout).toMatch(/#\[Buckets = +46,/);
  });
});
