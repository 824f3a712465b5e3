import { describe, expect, it } from "vitest";
import { fixture, runCli } from "../helpers/run-cli.js";

const json = (stdout: string) => JSON.parse(stdout) as Record<string, any>;

/**
 * 160 requests over three minutes from 10:00 UTC; users amy, bob, cat, dan in turn but for the two slow ones
 * (amy, bob: 41 requests each; cat, dan: 39).
 *   10:00  100 requests: 99 × 100 ms, 1 × 900 ms (amy)   max over 500 ms, p99 not
 *   10:01   10 requests:  9 × 100 ms, 1 × 900 ms (bob)   p99 over too
 *   10:02   50 requests: 50 × 100 ms
 * Over 500 ms: 2 of 160 (1.25%).
 */
function log(): string {
  const rows = ["ts,user,latency_ms"];
  const users = ["amy", "bob", "cat", "dan"];
  let n = 0;
  const add = (minute: number, count: number, ms: number, user?: string) => {
    for (let i = 0; i < count; i++) rows.push(`2024-05-01T10:0${minute}:${String(i % 60).padStart(2, "0")}Z,${user ?? users[n++ % 4]},${ms}`);
  };
  add(0, 99, 100);
  add(0, 1, 900, "amy");
  add(1, 9, 100);
  add(1, 1, 900, "bob");
  add(2, 50, 100);
  return rows.join("\n") + "\n";
}
const LOG = log();

const report = (args: string[], stdin = LOG) => runCli([...args, "-f", "csv"], { stdin });

describe("report --threshold", () => {
  it("counts requests over the threshold, and the chance per session assuming independence", async () => {
    const r = await report(["--threshold", "500ms", "--co", "off"]);
    expect(r.code).toBe(0);
    // A CSV without a status says nothing about failures: no failed column, no failed count.
    expect(r.stdout).toContain("Misery: 2 of 160 (1.25%) requests took 500ms or longer.\n");
    expect(r.stdout).toContain("A session of 1 / 10 / 100 requests meets at least one that took 500ms or longer: 1.25% / 11.8% / 71.6% (assuming independence).");
    expect(r.stdout).toMatch(/│ input\s+│ count │.*│ over 500ms │\n/);
    expect(r.stdout).toMatch(/│ \(stdin\) │\s+160 │.*│\s+2 \(1\.25%\) │\n/);
    const m = json((await report(["--threshold", "500ms", "--session-size", "2,1", "--json"])).stdout).misery;
    expect(m).toEqual({ threshold: 500, requests: 160, over: 2, overPercent: 1.25, failed: null, failedPercent: null, sessionChance: [{ requests: 2, percent: 2.484375 }, { requests: 1, percent: 1.25 }] });
  });

  it("--interval: share of windows whose max and whose p99 were over, and the worst window", async () => {
    const r = await report(["--threshold", "500ms", "--interval", "1m"]);
    expect(r.stdout).toContain(
      "Windows of 60s: 2 of 3 (66.7%) had a request that took 500ms or longer, 1 (33.3%) a p99 of 500ms or longer. " +
        "Worst: 2024-05-01T10:01:00Z, p99 900ms, max 900ms, 1 of 10 requests over.",
    );
    const w = json((await report(["--threshold", "500ms", "--interval", "1m", "--json"])).stdout).misery.windows;
    expect(w).toMatchObject({ interval: 60000, windows: 3, untimed: 0, maxOver: 2, p99Over: 1, withFailed: null, worst: { start: "2024-05-01T10:01:00Z", requests: 10, over: 1, max: 900 } });
  });

  it("--session: share of sessions that met a request over, and the worst sessions (--top)", async () => {
    const r = await report(["--threshold", "500ms", "--session", "user", "--top", "3"]);
    expect(r.stdout).toContain("Sessions by user: 2 of 4 (50.0%) met a request that took 500ms or longer. Worst sessions:");
    expect(r.stdout).not.toContain("assuming independence");
    const rows = r.stdout.split("\n").filter((l) => /^│ (user|amy|bob|cat|dan) /.test(l)).map((l) => l.split("│").map((c) => c.trim()).slice(1, 5));
    expect(rows).toEqual([
      ["user", "requests", "≥ 500ms", "worst"],
      ["amy", "41", "1", "900ms"],
      ["bob", "41", "1", "900ms"],
      ["cat", "39", "0", "100ms"],
    ]);
    const s = json((await report(["--threshold", "500ms", "--session", "user", "--json"])).stdout).misery.sessions;
    expect(s).toMatchObject({ field: "user", sessions: 4, missing: 0, withOver: 2, withOverPercent: 50 });
    expect(s.worst.map((t: any) => t.id)).toEqual(["amy", "bob", "cat", "dan"]);
  });

  it("--session: a session whose requests all failed has no worst latency: '-' in the table, null in JSON", async () => {
    const stdin = "session,latency_ms,status\na,5,200\nb,7,500\n";
    const r = await runCli(["--threshold", "1ms", "--session", "session", "-f", "csv"], { stdin });
    const row = r.stdout.split("\n").find((l) => l.startsWith("│ b "))!;
    expect(row.split("│").map((c) => c.trim()).slice(1, 6)).toEqual(["b", "1", "0", "1", "-"]);
    const worst = json((await runCli(["--threshold", "1ms", "--session", "session", "-f", "csv", "--json"], { stdin })).stdout).misery.sessions.worst;
    expect(worst).toEqual([
      { id: "a", requests: 1, over: 1, failed: 0, worst: 5 },
      { id: "b", requests: 1, over: 0, failed: 1, worst: null },
    ]);
  });

  it("per group: requests over and their share in the group's row", async () => {
    const d = json((await report(["--threshold", "500ms", "--group-by", "user", "--json"])).stdout);
    expect(d.groups.map((g: any) => [g.name, g.count, g.misery.over, g.misery.overPercent])).toEqual([
      ["amy", 41, 1, 2.439024],
      ["bob", 41, 1, 2.439024],
      ["cat", 39, 0, 0],
      ["dan", 39, 0, 0],
    ]);
    // 1 − (40/41)^10
    expect(d.groups[0].misery.sessionChance[1]).toEqual({ requests: 10, percent: 21.88016 });
  });

  it.each([
    [["--session", "user"], /--session needs --threshold/],
    [["--session-size", "5"], /--session-size needs --threshold/],
    [["--interval", "1m"], /--interval needs --threshold or --slo/],
    [["--threshold", "1s", "--session", "user", "--session-size", "5"], /--session-size estimates what --session measures/],
    [["--threshold", "0ms"], /--threshold.*must be a positive duration/],
    [["--threshold", "1s", "--session-size", "1,x"], /--session-size.*must be a positive integer/],
    // Decimal digits only, as every other number of the command line: Number() would read 3 and 10 here.
    [["--top", "0x3"], /--top.*must be a positive integer/],
    [["--threshold", "1s", "--session-size", "1e1"], /--session-size.*must be a positive integer/],
    [["--threshold", "1s", "--session", "nobody"], /no column "nobody" in the header/],
  ])("2 for %j", async (args, stderr) => {
    const r = await report(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
  });

  it("2 when --interval meets no start times, or --session no values", async () => {
    const plain = await runCli(["--threshold", "1s", "--interval", "1m"], { stdin: "1\n2\n" });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/--interval needs request start times/);
    const blank = await report(["--threshold", "1s", "--session", "user"], "user,latency_ms\n,1\n");
    expect(blank.code).toBe(2);
    expect(blank.stderr).toMatch(/--session user: no request had a value for it/);
  });

  it("warns about requests no session holds", async () => {
    const r = await report(["--threshold", "1s", "--session", "user"], "user,latency_ms\namy,1\n,2\n");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("latstat: 1 request without a user value is in no --session");
  });
});

describe("report --slo", () => {
  it("SLI, error budget and budget used; burn rate per window, flagging those over 1×", async () => {
    const r = await report(["--slo", "99% < 500ms", "--interval", "1m"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("SLO 99% < 500ms: SLI 98.75% (158 of 160 requests under 500ms); error budget 1.6 requests, 2 used (125%) — objective missed.");
    expect(r.stdout).toContain("(a 99% objective needs ≥ 1,000 requests to rest on 10 bad ones; have 160)");
    expect(r.stdout).toContain("Burn rate per 60s window (bad share ÷ the share the SLO allows): 1 of 3 windows burned faster than 1×; fastest:");
    expect(r.stdout).toMatch(/│ 2024-05-01T10:01:00Z │\s+10 │\s+1 │\s+10\.0× │/);
    const slo = json((await report(["--slo", "99% < 500ms", "--interval", "1m", "--json"])).stdout).slo;
    expect(slo).toEqual({
      objective: "99% < 500ms",
      targetPercent: 99,
      threshold: 500,
      minimumSamples: 1000,
      errors: "unknown",
      requests: 160,
      good: 158,
      bad: 2,
      sliPercent: 98.75,
      errorBudget: 1.6,
      budgetUsedPercent: 125,
      windows: {
        interval: 60000,
        burning: 1,
        burnRates: [
          { start: "2024-05-01T10:00:00Z", requests: 100, bad: 1, burnRate: 1 },
          { start: "2024-05-01T10:01:00Z", requests: 10, bad: 1, burnRate: 10 },
          { start: "2024-05-01T10:02:00Z", requests: 50, bad: 0, burnRate: 0 },
        ],
      },
    });
  });

  it("markdown says the same", async () => {
    const r = await report(["--slo", "99% < 500ms", "--threshold", "500ms", "-o", "markdown"]);
    expect(r.stdout).toContain("\nSLO 99% &lt; 500ms: SLI 98.75% (158 of 160 requests under 500ms); error budget 1.6 requests, 2 used (125%) — objective missed.\n");
    expect(r.stdout).toContain("\nMisery: 2 of 160 (1.25%) requests took 500ms or longer.\n");
  });

  it.each([
    [["--slo", "p99 < 5ms"], /--slo "p99 < 5ms": not one objective of the form PCT% < DUR/],
    [["--slo", "endpoint=/a: 99% < 5ms"], /not one objective/],
    [["--slo", "99% < 5xs"], /--slo "99% < 5xs": unknown unit "xs" at column 8/],
  ])("2 for %j", async (args, stderr) => {
    const r = await report(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
  });
});

describe("failures as misery", () => {
  // vegeta: 400 requests, 36 failed (24 × 500 and 2 network errors on /api/flaky, 10 × 404 on /missing).
  const vegeta = fixture("formats", "vegeta", "results.csv");

  it("counts failed requests beside the latency misery, overall and per group, though they are left out of the histogram", async () => {
    const r = await runCli([vegeta, "--threshold", "5ms", "--group-by", "endpoint", "--json"]);
    const d = json(r.stdout);
    expect(d.raw.count).toBe(364);
    expect(d.misery).toMatchObject({ requests: 364, failed: 36, failedPercent: 9 });
    // Worst p99 first, failures counted in: /missing failed every request, /api/flaky's p99 falls among its 13.7%.
    expect(d.groups.map((g: any) => [g.name, g.count, g.misery.failed, g.misery.failedPercent])).toEqual([
      ["/missing", 0, 10, 100],
      ["/api/flaky", 164, 26, 13.684211],
      ["/api/users", 200, 0, 0],
    ]);
    const table = await runCli([vegeta, "--threshold", "5ms", "--group-by", "endpoint", "-p", "50"]);
    expect(table.stdout).toMatch(/│ \/missing\s+│\s+0 │\s+- │.*│\s+0 \(0%\) │\s+10 \(100%\) │/);
    expect(table.stdout).toContain("; 36 (9.00%) failed.");
  });

  it("with --include-errors the failed requests are recorded too, and still counted as failed", async () => {
    const d = json((await runCli([vegeta, "--threshold", "5ms", "--group-by", "endpoint", "--include-errors", "--json"])).stdout);
    expect(d.misery).toMatchObject({ requests: 400, failed: 36, failedPercent: 9 });
    expect(d.groups.find((g: any) => g.name === "/missing")).toMatchObject({ count: 10, misery: { failed: 10, failedPercent: 100 } });
  });

  it("counts the windows that met a failure", async () => {
    const w = json((await runCli([vegeta, "--threshold", "5ms", "--interval", "1s", "--json"])).stdout).misery.windows;
    expect(w).toMatchObject({ windows: 4, withFailed: 4, withFailedPercent: 100 });
  });
});
