/**
 * `latstat timeline`'s failed requests per window: a log whose failures are known per window (counted here from
 * the generated records, not by latstat), in the table, CSV and JSON; no failure columns when the log says nothing
 * about failures.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

const T0_MS = Date.UTC(2024, 4, 1, 10, 0, 0);
const WINDOW_MS = 10_000;

interface Request {
  startMs: number;
  latencyMs: number;
  status: number;
}

/**
 * Six windows of 10 s: a request every 100 ms from T0 (a success first), every 7th, and more of them in window 3
 * (a burst of load shedding), a fast 503; then one 503 in the window after the last success: a window of its own.
 */
function requests(): Request[] {
  const made: Request[] = [];
  for (let i = 0; i < 600; i++) {
    const startMs = T0_MS + i * 100;
    const shed = Math.floor(i / 100) === 3 && i % 3 === 0;
    made.push({ startMs, latencyMs: 10 + (i % 37), status: i > 0 && (i % 7 === 0 || shed) ? 503 : 200 });
  }
  made.push({ startMs: T0_MS + 6 * WINDOW_MS + 500, latencyMs: 5, status: 503 });
  return made;
}

const csv = (withStatus: boolean) =>
  `${withStatus ? "timestamp,latency_ms,status" : "timestamp,latency_ms"}\n` +
  requests()
    .map((r) => `${new Date(r.startMs).toISOString()},${r.latencyMs}${withStatus ? `,${r.status}` : ""}`)
    .join("\n") +
  "\n";

/**
 * Per window of the grid from T0: requests and failures, counted from the records: 7 windows, the last holding
 * only the last 503 (recorded with --include-errors, else a window of no recorded request).
 */
function expected(windowCount = 7): { requests: number; failed: number }[] {
  const windows = Array.from({ length: windowCount }, () => ({ requests: 0, failed: 0 }));
  for (const r of requests()) {
    const w = windows[Math.floor((r.startMs - T0_MS) / WINDOW_MS)];
    if (w === undefined) continue;
    w.requests++;
    if (r.status >= 400) w.failed++;
  }
  return windows;
}

describe("latstat timeline: failed requests per window", () => {
  it("gives each window's failed count and failed ÷ its requests in CSV, leaving failures out of count", async () => {
    const result = await runCli(["timeline", "-o", "csv"], { stdin: csv(true) });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse((await runCli(["timeline", "--json"], { stdin: csv(true) })).stdout).failedUnplaced).toBe(0);
    const [header, ...lines] = result.stdout.trim().split("\n");
    const columns = header!.split(",");
    expect(columns.slice(-2)).toEqual(["failed", "failed_rate"]);
    const rows = lines.map((line) => line.split(",").map(Number));
    const want = expected();
    expect(want[3]!.failed).toBeGreaterThan(want[2]!.failed * 2);
    expect(rows.map((row) => row[columns.indexOf("failed")])).toEqual(want.map((w) => w.failed));
    expect(rows.map((row) => row[columns.indexOf("count")])).toEqual(want.map((w) => w.requests - w.failed));
    rows.forEach((row, i) => expect(row[columns.indexOf("failed_rate")]).toBeCloseTo(want[i]!.failed / want[i]!.requests, 6));
  });

  it("accounts for every line: rejected ones counted with their reasons, a failure without a start time in no window", async () => {
    // The 601 requests, then: a 503 with an empty start (refused before it was timed), a 200 with an empty start and
    // a 503 whose start is no time (both rejected: bad start time), and a line with no latency (rejected).
    const extra = [",3,503", ",7,200", "yesterday,4,503", `${new Date(T0_MS).toISOString()},,200`];
    const text = csv(true) + extra.join("\n") + "\n";
    const result = await runCli(["timeline", "--json"], { stdin: text });
    expect(result.code, result.stderr).toBe(0);
    const all = requests();
    const failed = all.filter((r) => r.status >= 400).length + 1;
    expect(result.stderr).toMatch(/:604: bad start time/);
    expect(result.stderr).toMatch(/:605: bad start time/);
    const document = JSON.parse(result.stdout);
    expect(document.input).toMatchObject({
      files: ["(stdin)"],
      format: "csv",
      lines: 1 + all.length + extra.length,
      recorded: all.length + 1 - failed,
      skipped: 1 + failed,
      skippedByReason: { "blank, comment or header": 1, failed },
      rejected: 3,
      rejectedByReason: { "bad start time": 2, "missing value": 1 },
      failed: { count: failed, excluded: failed, known: true },
    });
    // The windows hold the timed failures; the untimed one is in none.
    expect(document.failedUnplaced).toBe(1);
    const at = document.columns.indexOf("failed");
    expect(document.rows.reduce((n: number, row: number[]) => n + row[at]!, 0)).toBe(failed - 1);
    const table = (await runCli(["timeline", "--no-color"], { stdin: text })).stdout.split("\n");
    expect(table[0]).toBe("(stdin), format csv, unsuffixed numbers read as ms (from column name)");
    expect(table[1]).toBe(`${1 + all.length + extra.length} lines: ${all.length + 1 - failed} recorded, ${1 + failed} skipped (blank, comment or header: 1, failed: ${failed}), 3 rejected (bad start time: 2, missing value: 1); ${failed} of ${all.length + 1} requests failed (${((100 * failed) / (all.length + 1)).toFixed(2)}%), left out (--include-errors puts them in)`);
    expect(table[2]).toContain("1 failed request in no window");
  });

  it("reads JSON lines' failures without a start time (absent, null or \"\") into no window; a success without one is rejected", async () => {
    const at = (sec: number) => new Date(T0_MS + sec * 1000).toISOString();
    const records = [
      { ts: at(0), latency_ms: 5, status: 200 },
      { ts: at(1), latency_ms: 6, status: 503 },
      { latency_ms: 7, status: 503 },
      { ts: null, latency_ms: 8, status: 500 },
      { ts: "", latency_ms: 9, status: 502 },
      { latency_ms: 10, status: 200 },
      { ts: at(12), latency_ms: 11, status: 200 },
    ];
    const result = await runCli(["timeline", "--json", "--time-field", "ts"], { stdin: records.map((r) => JSON.stringify(r)).join("\n") + "\n" });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/:6: bad start time/);
    const document = JSON.parse(result.stdout);
    expect(document.input).toMatchObject({ format: "jsonl", lines: 7, recorded: 2, skipped: 4, rejected: 1, rejectedByReason: { "bad start time": 1 }, failed: { count: 4, excluded: 4 } });
    expect(document.failedUnplaced).toBe(3);
    const failed = document.columns.indexOf("failed");
    expect(document.rows.map((row: number[]) => row[failed])).toEqual([1, 0]);
  });

  it("gives the same failures with --include-errors, the failed ones now in count", async () => {
    const result = await runCli(["timeline", "--json", "--include-errors"], { stdin: csv(true) });
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    const at = (name: string) => document.columns.indexOf(name);
    const want = expected(7);
    expect(document.rows.map((row: number[]) => [row[at("count")], row[at("failed")]])).toEqual(want.map((w) => [w.requests, w.failed]));
    document.rows.forEach((row: number[], i: number) => expect(row[at("failed_rate")]).toBeCloseTo(want[i]!.failed / want[i]!.requests, 6));
    expect(document.failedUnplaced).toBe(0);
  });

  it("shows failed and failed % in the table; a failure outside the recorded requests' windows gets one, not 'no window'", async () => {
    const result = await runCli(["timeline", "--no-color"], { stdin: csv(true) });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split("\n");
    expect(result.stdout).not.toContain("in no window");
    expect(lines.some((l) => /^│ +1m0s │ +0 │/.test(l) || /^│ +60s │ +0 │/.test(l))).toBe(true);
    const header = lines.find((l) => l.startsWith("│ start"))!.split("│").map((c) => c.trim());
    expect(header.slice(-3, -1)).toEqual(["failed", "failed %"]);
    const want = expected()[3]!;
    const row = lines.find((l) => /^│ +30s │/.test(l))!.split("│").map((c) => c.trim());
    expect(row.slice(-3, -1)).toEqual([String(want.failed), `${(100 * want.failed / want.requests).toPrecision(3)}%`]);
    expect(lines.some((l) => /^failed % +[▁-█ ]+$/.test(l))).toBe(true);
  });

  it("has the failed columns in the --html page's table of windows", async () => {
    const page = path.join(mkdtempSync(path.join(tmpdir(), "latstat-timeline-failures-")), "timeline.html");
    const result = await runCli(["timeline", "--html", page], { stdin: csv(true) });
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(page, "utf8");
    expect(html).toMatch(/<th[^>]*>failed<\/th>\s*<th[^>]*>failed %<\/th>/);
  });

  it("sums the failures of a moving window as it sums its latencies", async () => {
    const result = await runCli(["timeline", "-o", "csv", "--window", "20s"], { stdin: csv(true) });
    expect(result.code, result.stderr).toBe(0);
    const [header, ...lines] = result.stdout.trim().split("\n");
    const failedAt = header!.split(",").indexOf("failed");
    const want = expected();
    expect(lines.map((line) => Number(line.split(",")[failedAt]))).toEqual(want.map((w, i) => w.failed + (i > 0 ? want[i - 1]!.failed : 0)));
  });

  it("has no failure columns when the log says nothing about failures (no misleading 0%)", async () => {
    for (const [args, input] of [
      [[], csv(false)],
      [["--status-column", "none"], csv(true)],
    ] as [string[], string][]) {
      const table = await runCli(["timeline", "--no-color", ...args], { stdin: input });
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).not.toMatch(/failed/);
      const json = JSON.parse((await runCli(["timeline", "--json", ...args], { stdin: input })).stdout);
      expect(json.columns).not.toContain("failed");
      expect(json).not.toHaveProperty("failedUnplaced");
      expect((await runCli(["timeline", "-o", "csv", ...args], { stdin: input })).stdout.split("\n")[0]).not.toMatch(/failed/);
    }
  });

  it("failures before the first recorded request get windows of their own (a run that failed from its start)", async () => {
    const log = "timestamp,status,latency_ms\n1793610000.5,503,5\n1793610001.5,503,5\n1793610002.5,200,10\n1793610003.5,200,11\n";
    const result = await runCli(["timeline", "--interval", "1s", "-o", "csv"], { stdin: log });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split("\n").map((line) => line.split(",").filter((_, i) => [1, 3, 8].includes(i)).join(","))).toEqual([
      "epoch_s,count,failed",
      "1793610000,0,1",
      "1793610001,0,1",
      "1793610002,1,0",
      "1793610003,1,0",
    ]);
    expect(JSON.parse((await runCli(["timeline", "--interval", "1s", "--json"], { stdin: log })).stdout).failedUnplaced).toBe(0);
  });
});

describe("latstat timeline: window edges", () => {
  it("a start written to the millisecond on a window's edge is in the window it begins, for every interval length", async () => {
    // Epoch ms × 10^6 is not exact in a double for three ms values in four: floor(start / length) put ~1 in 20
    // starts of a 10 ms grid in the window before. Truth by integer arithmetic on the ms.
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const startsMs = Array.from({ length: 400 }, () => 1_700_000_000_000 + (next() % 5_000));
    const log = "timestamp,latency_ms\n" + startsMs.map((t) => `${t},5`).join("\n") + "\n";
    for (const lengthMs of [7, 10, 30, 250]) {
      const origin = Math.floor(Math.min(...startsMs) / lengthMs) * lengthMs;
      const counts = new Map<number, number>();
      for (const t of startsMs) counts.set(Math.floor((t - origin) / lengthMs), (counts.get(Math.floor((t - origin) / lengthMs)) ?? 0) + 1);
      const result = await runCli(["timeline", "--interval", `${lengthMs}ms`, "-o", "csv", "--co", "off"], { stdin: log });
      expect(result.code, result.stderr).toBe(0);
      const rows = result.stdout.trim().split("\n").slice(1).map((line) => line.split(","));
      const got = rows.map((row, k) => [k, Number(row[3])]).filter(([, count]) => count! > 0);
      expect(got, `${lengthMs} ms`).toEqual([...counts].sort((a, b) => a[0]! - b[0]!));
    }
  });
});
