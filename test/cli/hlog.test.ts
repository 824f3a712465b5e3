import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixture, runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "latstat-hlog-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tagged = fixture("hlog", "tagged.hlog");
const lines = readFileSync(tagged, "utf8").split("\n");

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("reading HdrHistogram logs", () => {
  it("rejects a bad interval line with its line number and reads the rest", async () => {
    const log = file("bad.hlog", [...lines.slice(0, 6), "1.003,1.000,3.0,HISTFAAAAnot-base64", ...lines.slice(6)].join("\n"));
    const result = await runCli(["report", log, "--json"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${log}:7: bad histogram: invalid base64`);
    expect(JSON.parse(result.stdout).input.rejected).toBe(1);
  });

  it("stops at a double histogram with an error naming the line", async () => {
    const log = file("double.hlog", [...lines.slice(0, 6), "1.003,1.000,3.0,DHISTwAAAAMAAAAAAAAAAhxIaXN0b2dyYW0="].join("\n"));
    const result = await runCli(["report", log]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`latstat: ${log}:7: double histograms (DHIST…) are not supported (latstat reads integer HdrHistogram logs, as jHiccup and HistogramLogWriter write them)\n`);
  });

  it("--since/--until keep the intervals that start within them; --status and --label are refused, not ignored", async () => {
    // 1,200 requests, one every 0.1 s from 2025-11-02T09:00:00Z: 1 ms in the first minute, 100 ms in the second.
    const rows = Array.from({ length: 1200 }, (_, i) => `${(1762074000 + i * 0.1).toFixed(1)},${i < 600 ? 1 : 100}`);
    const csv = file("two-minutes.csv", ["timestamp,latency_ms", ...rows].join("\n") + "\n");
    const converted = await runCli(["convert", csv]);
    const log = file("two-minutes.hlog", converted.stdout);
    const since = ["--since", "2025-11-02T09:01:00Z", "--until", "2025-11-02T09:02:00Z"];
    const second = JSON.parse((await runCli(["report", log, ...since, "--json"])).stdout);
    expect(second.raw.count).toBe(600);
    expect(second.raw.min).toBeGreaterThan(99);
    expect(second.input.skippedByReason["--since/--until"]).toBe(60);
    // The budget a raw log breaks, its interval log breaks too.
    expect((await runCli(["check", log, ...since, "--budget", "p50 < 10ms"])).code).toBe(1);
    const status = await runCli(["report", log, "--status", "5xx"]);
    expect(status.code).toBe(2);
    expect(status.stderr).toBe(`latstat: ${log}: --label and --status pick requests by label and status, which an interval log's histograms do not hold (choose its histograms by tag with --tag, and by time with --since/--until)\n`);
    expect((await runCli(["report", log, "--label", "GET*"])).code).toBe(2);
  });

  it("--start/--end take one log: merging hosts that started at different times would cut each at its own time", async () => {
    for (const command of ["report", "merge"]) {
      const result = await runCli([command, tagged, fixture("hlog", "digits2.hlog"), "--start", "60", "--end", "119"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe("latstat: --start/--end are seconds after each log's own StartTime: with several logs, each would be cut at a time of its own (pick one wall-clock range in all of them with --since/--until)\n");
    }
  });

  it("--intervals lists one log's intervals: several logs' rows, each timed from its own StartTime, would run back in time", async () => {
    const result = await runCli(["report", tagged, fixture("hlog", "digits2.hlog"), "--intervals"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("latstat: --intervals lists the intervals of one log (merge several first: latstat merge A.hlog B.hlog -o AB.hlog, then latstat AB.hlog --intervals)\n");
  });

  it("--intervals needs interval logs, and CO correction after the fact", async () => {
    const plain = await runCli(["report", fixture("demo.log"), "--intervals"]);
    expect(plain.code).toBe(2);
    expect(plain.stderr.split("\n").at(-2)).toBe(`latstat: ${fixture("demo.log")}: not an HdrHistogram log (read as csv) (--intervals lists an interval log's intervals; latstat convert FILE writes one, or latstat timeline FILE shows windows)`);
    // A log whose selection keeps nothing is still said to be that.
    expect((await runCli(["report", tagged, "--tag", "NONE", "--intervals"])).stderr).toContain("no tagged NONE HdrHistogram log intervals in the selected range");
    expect((await runCli(["report", tagged, "--intervals", "--expected-interval", "10ms"])).stderr).toContain("use --expected-interval I --co-after");
    expect((await runCli(["report", tagged, "--expected-interval", "10ms"])).stderr).toContain(
      "--expected-interval cannot back-fill values already in a histogram at record time (add --co-after",
    );
  });
});

describe("latstat convert", () => {
  it("is what report -o hlog writes", async () => {
    const [convert, report] = await Promise.all([runCli(["convert", fixture("demo.log")]), runCli(["report", fixture("demo.log"), "-o", "hlog"])]);
    expect(convert.code).toBe(0);
    expect(convert.stdout).toBe(report.stdout);
    // One interval per second of the demo, from its first start to its last.
    const starts = readFileSync(fixture("demo.log"), "utf8").trim().split("\n").slice(1).map((row) => Date.parse(row.split(",")[0]!));
    const seconds = Math.floor((starts[starts.length - 1]! - starts[0]!) / 1000) + 1;
    expect(convert.stdout.split("\n").filter((line) => /^\d/.test(line))).toHaveLength(seconds);
  });

  it("makes one interval at time 0 of input without start times, and says so", async () => {
    const result = await runCli(["convert"], { stdin: "1ms\n2ms\n3ms\n" });
    expect(result.stderr).toBe("latstat: no start times in the input: one interval spanning all of it, at time 0\n");
    expect(result.stdout).toContain("#[StartTime: 0.000 (seconds since epoch), Thu Jan 01 00:00:00 UTC 1970]");
    expect(result.stdout).toMatch(/\n0\.000,0\.000,3\.000,HISTF/);
  });

  it("keeps a log's own intervals, or puts them on --interval windows", async () => {
    const own = await runCli(["convert", tagged, "--all-tags"]);
    expect(own.stdout.split("\n").filter((line) => /^(Tag=\w+,)?\d/.test(line))).toHaveLength(50);
    const coarse = await runCli(["convert", tagged, "--interval", "5s"]);
    expect(coarse.stdout.split("\n").filter((line) => /^\d/.test(line)).map((line) => line.split(",")[0])).toEqual(["0.000", "5.000", "10.000", "15.000"]);
  });

  it("--group-by writes each group under its own tag, with the group's own figures", async () => {
    const log = file("groups.hlog", (await runCli(["convert", fixture("demo.log"), "--group-by", "endpoint"])).stdout);
    expect((await runCli(["report", log, "--list-tags"])).stdout).toBe("/api/orders\n/api/search\n/api/users\n");
    const groups = JSON.parse((await runCli(["report", fixture("demo.log"), "--group-by", "endpoint", "--json"])).stdout).groups as { values: Record<string, string>; count: number; percentiles: Record<string, number> }[];
    for (const group of groups) {
      const tagged = JSON.parse((await runCli(["report", log, "--tag", group.values.endpoint!, "--json"])).stdout).raw;
      expect([tagged.count, tagged.percentiles["99"]]).toEqual([group.count, group.percentiles["99"]]);
    }
  });

  it("refuses coordinated-omission flags: the log holds histograms as recorded", async () => {
    const result = await runCli(["report", fixture("demo.log"), "-o", "hlog", "--expected-interval", "10ms"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("-o hlog writes the histograms as recorded");
  });

  it("takes --co off, which asks for no correction: the same log as without it", async () => {
    const off = await runCli(["report", fixture("demo.log"), "-o", "hlog", "--co", "off"]);
    expect(off.code).toBe(0);
    const plain = await runCli(["report", fixture("demo.log"), "-o", "hlog"]);
    expect(off.stdout).toBe(plain.stdout);
    expect(off.stdout).toMatch(/^#\[Histogram log format version 1\.3\]$/m);
  });
});

describe("latstat merge", () => {
  it("merges groups of hosts converted apart group by group, whatever other groups each host had (tags are the same for a value in every file)", async () => {
    // Host 1: "GET /a b" at 10 ms; host 2: "GET /a,b" (seen first) at 500 ms and "GET /a b" at 10 ms. Both values
    // make GET_/a_b once their space and comma go: a suffix by order of appearance named them apart in host 2
    // only, and merge added host 2's "GET /a,b" to host 1's "GET /a b".
    const rows = (pairs: [string, number][]) => ["timestamp,route,latency_ms", ...Array.from({ length: 100 }, (_, i) => pairs.map(([route, ms]) => `${1762074000 + i / 10},"${route}",${ms}`)).flat()].join("\n") + "\n";
    const one = file("host1.csv", rows([["GET /a b", 10]]));
    const two = file("host2.csv", rows([["GET /a,b", 500], ["GET /a b", 10]]));
    const logs = [];
    for (const [name, csv] of [["host1.hlog", one], ["host2.hlog", two]] as const) logs.push(file(name, (await runCli(["convert", csv, "--group-by", "route"])).stdout));
    const merged = join(dir, "hosts.hlog");
    expect((await runCli(["merge", ...logs, "--all-tags", "-o", merged])).code).toBe(0);
    const tags = (await runCli(["report", merged, "--list-tags"])).stdout.trim().split("\n").sort();
    expect(tags).toEqual(["GET_/a_b~22918913", "GET_/a_b~2aafaabf"]);
    const spaced = JSON.parse((await runCli(["report", merged, "--tag", "GET_/a_b~2aafaabf", "--json"])).stdout).raw;
    expect(spaced.count).toBe(200);
    expect(spaced.max).toBeCloseTo(10, 1);
    const comma = JSON.parse((await runCli(["report", merged, "--tag", "GET_/a_b~22918913", "--json"])).stdout).raw;
    expect(comma.count).toBe(100);
    expect(comma.min).toBeCloseTo(500, 0);
  });

  it("without -o prints the report of all the data", async () => {
    const result = await runCli(["merge", tagged, fixture("hlog", "absolute.hlog"), "--json"]);
    expect(JSON.parse(result.stdout).raw.count).toBe(20 * 150 + 1 + 8 * 200);
  });

  it("writes the merged log atomically, never over an input, and -o is a file name", async () => {
    const out = join(dir, "merged.hlog");
    const merged = await runCli(["merge", tagged, fixture("hlog", "absolute.hlog"), "-o", out]);
    expect(merged.code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^#\[Logged with latstat/);
    const over = await runCli(["merge", out, tagged, "-o", out]);
    expect(over.stderr).toBe(`latstat: ${out}: refusing to write over an input file (write the result to another file)\n`);
    expect((await runCli(["merge", tagged, "-o", "json"])).stderr).toContain('merge -o names the merged log\'s file, not a format ("json")');
  });

  it("says when histograms of other precision are added in the first log's", async () => {
    const result = await runCli(["merge", tagged, fixture("hlog", "digits2.hlog"), "-o", join(dir, "mixed.hlog")]);
    expect(result.stderr).toContain("digits2.hlog: histograms of 2 significant digits, lowest discernible value 1000 ns are added into 3 significant digits at each bucket's lowest value");
  });
});

describe("interval logs without dates (no StartTime or BaseTime, timed from their run's start) read with dated ones", () => {
  // absolute.hlog (8 intervals of 200 requests, dated 2023-11-14) timed from its first interval instead, as a tool
  // that counts from its run's start writes it.
  const absolute = readFileSync(fixture("hlog", "absolute.hlog"), "utf8");
  const undatedText = absolute.replace(/^1700000(\d{3}\.\d{3}),/gm, (_, rest: string) => `${(Number(rest) - 0.123).toFixed(3)},`);
  const undated = file("undated.hlog", undatedText);
  const other = file("undated-too.hlog", undatedText);
  const said = `undated.hlog has no StartTime or BaseTime: its times count from its run's start, in 1970, beside ${tagged}'s dates`;

  it("refuses a time line of them: a merged or converted log, a timeline", async () => {
    for (const args of [["merge", tagged, undated, "-o", join(dir, "both.hlog")], ["convert", tagged, undated], ["timeline", tagged, undated]]) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`latstat: ${dir}/${said}: placed in time, it would sit in 1970 (a #[StartTime: SECONDS] line`);
    }
  });

  it("adds them up, with a warning, where only the sum counts (merge without -o, report)", async () => {
    const alone = JSON.parse((await runCli(["report", tagged, "--json"])).stdout).raw.count;
    for (const command of ["merge", "report"]) {
      const result = await runCli([command, tagged, undated, "--json"]);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).raw.count).toBe(alone + 8 * 200);
      expect(result.stderr).toContain(`latstat: warning: ${dir}/${said}; the sum's figures are unaffected`);
    }
  });

  it("aligns undated logs with each other, and reads one dated by a StartTime line among dated ones", async () => {
    const both = await runCli(["merge", undated, other, "-o", join(dir, "undated-both.hlog")]);
    expect([both.code, both.stderr.includes("1970")]).toEqual([0, false]);
    // Its timestamps then count from the StartTime (more than a year before it: relative, as Java's reader takes them).
    const dated = file("dated.hlog", `#[StartTime: 1700000000.123 (seconds since epoch)]\n${undatedText}`);
    const merged = await runCli(["merge", fixture("hlog", "absolute.hlog"), dated, "--json"]);
    expect([merged.code, merged.stderr]).toEqual([0, ""]);
    // Dated as absolute.hlog is: their intervals fall together, 8 of them.
    const timeline = JSON.parse((await runCli(["timeline", fixture("hlog", "absolute.hlog"), dated, "--json"])).stdout) as { rows: unknown[] };
    expect(timeline.rows).toHaveLength(8);
  });
});

describe("latstat timeline", () => {
  it("has a row per window and a sparkline per column", async () => {
    const result = await runCli(["timeline", fixture("demo.log"), "--interval", "60s"]);
    expect(result.code).toBe(0);
    // After what was read (the input, then every line's fate), as a report starts.
    const [inputs, lines, rows] = result.stdout.split("\n");
    expect(inputs).toMatch(/demo\.log, format csv, /);
    expect(lines).toMatch(/^20,001 lines: 19,923 recorded, 78 skipped /);
    expect(rows).toBe("6 rows, windows of 60s, from 2026-11-02T09:00:00.000Z");
    expect(result.stdout.split("\n").filter((line) => /^(count|p50|p90|p99|max) +[▁-█]{6}$/.test(line))).toHaveLength(5);
  });

  it("as CSV and JSON carries the same columns, corrected ones with --expected-interval", async () => {
    const csv = await runCli(["timeline", fixture("demo.log"), "--interval", "60s", "-o", "csv", "--expected-interval", "20ms"]);
    expect(csv.stdout.split("\n")[0]).toBe("start_s,epoch_s,length_s,count,p50_ms,p90_ms,p99_ms,max_ms,corrected_count,corrected_p50_ms,corrected_p90_ms,corrected_p99_ms,corrected_max_ms,failed,failed_rate");
    const json = JSON.parse((await runCli(["timeline", fixture("demo.log"), "--interval", "60s", "--json", "--rate", "50/s"])).stdout);
    expect(json).toMatchObject({ schema: 1, unit: "ms", intervalMs: 60000, correctedLabel: "response time at one request per 20ms" });
    expect(json.rows).toHaveLength(6);
  });

  it("corrects HdrHistogram logs only after the fact", async () => {
    const result = await runCli(["timeline", tagged, "--expected-interval", "10ms"]);
    expect(result.stderr).toContain("needs samples with start times, not histograms");
    const after = await runCli(["timeline", tagged, "--expected-interval", "10ms", "--co-after", "--skip", "5s", "-o", "csv"]);
    expect(after.stdout.trim().split("\n")).toHaveLength(1 + 15);
  });
});
