import { describe, expect, it } from "vitest";
import { fixture, runCli } from "../helpers/run-cli.js";

const json = (stdout: string) => JSON.parse(stdout) as Record<string, any>;
// The HdrHistogram README example: 10,000 responses of 1 ms and one 100 s stall, sent every 10 ms.
const readmeExample = "1ms\n".repeat(10_000) + "100s\n";

describe("coordinated omission: expected-interval back-fill", () => {
  it("reproduces the HdrHistogram README example", async () => {
    const document = json((await runCli(["--expected-interval", "10ms", "--json"], { stdin: readmeExample })).stdout);
    expect(document.raw.count).toBe(10_001);
    expect(document.raw.percentiles["99"]).toBeCloseTo(1, 2);
    expect(document.corrected).toMatchObject({ method: "expected-interval", expectedIntervalNs: 10_000_000, syntheticCount: 9_999, count: 20_000 });
    expect(document.corrected.percentiles["99"]).toBeGreaterThan(97_000);
    expect(document.corrected.percentiles["99"]).toBeLessThan(99_000);
  });

  it("--co-after corrects the recorded buckets, as copyCorrectedForCoordinatedOmission does", async () => {
    const document = json((await runCli(["--expected-interval", "10ms", "--co-after", "--json"], { stdin: readmeExample })).stdout);
    expect(document.corrected.method).toBe("expected-interval-after");
    // Java back-fills from the 100 s bucket's highest equivalent value (100.0593 s at 3 digits): 10,004 synthetic
    // samples where the exact value gives 9,999.
    expect(document.corrected.syntheticCount).toBe(10_004);
    expect(document.corrected.count).toBe(20_005);
    // Every synthetic value starts from that highest equivalent value, so p99 sits ~67 ms above at-record's 98.046 s.
    expect(document.corrected.percentiles["99"]).toBeCloseTo(98_113, 0);
  });

  it("shows raw and corrected side by side with their ratio and a footnote", async () => {
    const result = await runCli(["--expected-interval", "10ms", "--out-unit", "ms"], { stdin: readmeExample });
    expect(result.stdout).toMatch(/│ +│ +raw │ corrected │ corrected \/ raw │/);
    expect(result.stdout).toMatch(/│ count +│ +10001 │ +20000 │ +│/);
    expect(result.stdout).toMatch(/│ p99 +│ +1\.00 │ +98000 │ +9\d{4}\.\d\d× │/);
    expect(result.stdout).toMatch(/Corrected adds 9,999 synthetic samples \(HdrHistogram back-fill at an expected interval of 10ms\)/);
  });

  it("adds a corrected row to csv", async () => {
    const rows = (await runCli(["--expected-interval", "10ms", "-o", "csv"], { stdin: readmeExample })).stdout.trim().split("\n");
    expect(rows.map((r) => r.split(",")[0])).toEqual(["input", "(stdin) (raw)", "(stdin) (corrected)"]);
  });
});

describe("coordinated omission: detection", () => {
  const stalled = fixture("co/stalled-sender.csv");

  it("warns on stderr, never changes the raw figures, and says what back-fill would do", async () => {
    const plain = await runCli([stalled, "--per", "connection", "--co", "off", "--json"]);
    const detected = await runCli([stalled, "--per", "connection", "--json"]);
    expect(json(detected.stdout).raw).toEqual(json(plain.stdout).raw);
    expect(json(plain.stdout).coordinatedOmission).toBeUndefined();
    expect(json(detected.stdout).coordinatedOmission).toEqual({
      detected: true,
      expectedIntervalNs: 20_000_000,
      stalls: 2,
      longestStallNs: 1_200_000_000,
      omittedEstimate: 98,
    });
    expect(detected.stderr).toMatch(
      /^latstat: warning: likely coordinated omission — 2 sender stalls \(longest 1\.2s\); corrected p99 would be \d+\.\d× raw; see --expected-interval$/m,
    );
    expect(plain.stderr).not.toMatch(/coordinated omission/);
  });

  it("points at --per when back-fill matters but interleaved connections hide every stall", async () => {
    const mixed = await runCli([stalled, "--no-color"]);
    expect(mixed.stdout).toMatch(/0 sender stalls; back-fill would make p99 \d+\.\d× .* name the column that tells them apart with --per/);
    const apart = await runCli([stalled, "--per", "connection", "--no-color"]);
    expect(apart.stdout).not.toMatch(/--per/);
  });

  it("stays quiet about a sender that kept its schedule", async () => {
    const result = await runCli([fixture("co/steady-sender.csv"), "--per", "connection", "--json"]);
    expect(json(result.stdout).coordinatedOmission).toMatchObject({ detected: false, stalls: 0 });
    expect(result.stderr).not.toMatch(/warning/);
  });

  it("--apply corrects at the inferred interval", async () => {
    const document = json((await runCli([stalled, "--per", "connection", "--apply", "--json"])).stdout);
    expect(document.corrected).toMatchObject({ method: "inferred-interval", expectedIntervalNs: 20_000_000 });
    // 1.2 s back-filled at 20 ms: 59 synthetic; 0.8 s: 39.
    expect(document.corrected.syntheticCount).toBe(98);
  });

  it("is off without start times", async () => {
    const document = json((await runCli(["--json"], { stdin: readmeExample })).stdout);
    expect(document.coordinatedOmission).toBeUndefined();
  });
});

describe("coordinated omission: intended schedule", () => {
  it("reports service and response times per connection", async () => {
    const result = await runCli([fixture("co/stalled-sender.csv"), "--per", "connection", "--rate", "50/s", "--json"]);
    const document = json(result.stdout);
    expect(document.corrected.method).toBe("schedule");
    expect(document.corrected.expectedIntervalNs).toBe(20_000_000);
    expect(document.corrected.count).toBe(1000);
    // Connection c1's stalled request holds up the next one by 1.2 s − 20 ms.
    expect(document.corrected.max).toBeCloseTo(1200, 0);
    expect(document.corrected.percentiles["99.9"]).toBeGreaterThan(document.raw.percentiles["99.9"]);
    const table = (await runCli([fixture("co/stalled-sender.csv"), "--per", "connection", "--rate", "50/s"])).stdout;
    expect(table).toMatch(/service time │ response time │/);
  });
});

describe("coordinated omission: bad flags", () => {
  it.each([
    [["--expected-interval", "0"], /--expected-interval <duration>' argument '0' is invalid/],
    [["--expected-interval", "soon"], /must be a positive duration/],
    [["--rate", "-5"], /must be a rate such as 1000\/s/],
    [["--rate", "10/fortnight"], /must be a rate/],
    [["--co-after"], /--co-after needs --expected-interval/],
    [["--rate", "100", "--expected-interval", "1ms"], /two ways to correct the same thing/],
    [["--co", "off", "--apply"], /--apply goes with --co auto alone/],
    [["--co", "maybe"], /argument 'maybe' is invalid/],
    [["--rate", "100/s"], /--rate needs request start times/],
    [["--corrected", "-o", "csv"], /--corrected needs a coordinated-omission correction/],
  ])("%j → exit 2", async (args, message) => {
    const result = await runCli(args, { stdin: "1\n2\n" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });
});

describe("coordinated-omission detection past a block of start times", () => {
  it("counts gaps block by block: the same interval, stalls and omitted requests, said on stderr", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { DETECTION_BLOCK } = await import("../../src/core/timed-samples.js");
    // One request a millisecond; every 20,000th waits 100 ms, and the sender with it: 9 gaps of 100 ms follow one.
    const rows = ["start_ms,latency_ms"];
    let startMs = 1_762_074_000_000;
    for (let i = 1; i <= 200_000; i++) {
      const stalled = i % 20_000 === 0;
      rows.push(`${startMs},${stalled ? 100 : 1}`);
      startMs += stalled ? 100 : 1;
    }
    expect(rows.length - 1).toBeGreaterThan(DETECTION_BLOCK);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "latstat-co-")), "steady.csv");
    writeFileSync(file, rows.join("\n") + "\n");
    const result = await runCli([file, "--json"]);
    expect(result.code).toBe(0);
    expect(json(result.stdout).coordinatedOmission).toMatchObject({ expectedIntervalNs: 1_000_000, stalls: 9, longestStallNs: 100_000_000, omittedEstimate: 891 });
    expect(result.stderr).toMatch(/note: coordinated-omission check on more than [\d,]+ requests with start times: gaps between starts counted in blocks/);
    expect(result.stderr).not.toMatch(/out of order/);
  });
});
