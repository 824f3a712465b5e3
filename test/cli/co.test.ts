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
    expect(result.stdout).toMatch(/│ p99 +│ +1\.00 │ +98000\* │ +9\d{4}\.\d\d× │/);
    // The corrected tail rests on one real request: marked, whatever the back-fill added.
    expect(result.stdout).toMatch(/insufficient data \(fewer than 10 real requests at or beyond; back-filled ones are not data\): .*p99 rests on 1 real request/);
    expect(result.stdout).toMatch(/Corrected adds 9,999 synthetic samples \(HdrHistogram back-fill at an expected interval of 10ms\)/);
  });

  it("adds a corrected row to csv", async () => {
    const rows = (await runCli(["--expected-interval", "10ms", "-o", "csv"], { stdin: readmeExample })).stdout.trim().split("\n");
    expect(rows.map((r) => r.split(",")[0])).toEqual(["input", "(stdin) (raw)", "(stdin) (corrected)"]);
  });
});

describe("coordinated omission: detection with a sender column", () => {
  const stalled = fixture("co/stalled-sender.csv");

  it("says the senders' intervals when they run at rates of their own, not one median for all", async () => {
    // Thread group a: 2 senders every 5 ms; b: 2 every 200 ms; each waits; a 1 s stall at 2 s holds all four.
    const rows = ["start_ms,thread,latency_ms"];
    for (const [thread, every] of [["a1", 5], ["a2", 5], ["b1", 200], ["b2", 200]] as const) {
      for (let t = 0; t < 6000; ) {
        const latency = t >= 2000 && t < 3000 ? 3000 - t + 2 : 2;
        rows.push(`${1_762_074_000_000 + t},${thread},${latency}`);
        t += Math.max(every, latency);
      }
    }
    const result = await runCli(["-f", "csv"], { stdin: rows.join("\n") + "\n" });
    expect(result.stdout).toMatch(/4 senders in the sender column, each on its own interval, from ~5\.0ms to ~200ms \(median \d+ms\)/);
  });

  it("warns on stderr, never changes the raw figures, and says what it found per sender", async () => {
    const plain = await runCli([stalled, "--per", "connection", "--co", "off", "--json"]);
    const detected = await runCli([stalled, "--per", "connection", "--json"]);
    expect(json(detected.stdout).raw).toEqual(json(plain.stdout).raw);
    expect(json(plain.stdout).coordinatedOmission).toBeUndefined();
    expect(json(detected.stdout).coordinatedOmission).toEqual({
      detected: true,
      loop: "closed",
      evidence: "the sender column names 2 senders, and none sent again before its response ended",
      senders: 2,
      sendersFrom: "column",
      expectedIntervalNs: 20_000_000,
      stalls: 2,
      longestStallNs: 1_200_000_000,
      omittedEstimate: 98,
      // By hand: the 1.2 s and 0.8 s responses back-filled at 20 ms add 59 and 39 values.
      backfillCount: 98,
    });
    expect(detected.stderr).toMatch(
      /^latstat: warning: coordinated omission — a closed loop of 2 senders stalled 2 times \(longest 1\.2s\), ~98 requests not sent in them; back-fill would add 98; corrected p99 would be \d+\.\d× raw, p99\.9 \d+\.\d×; --apply corrects$/m,
    );
    expect(plain.stderr).not.toMatch(/coordinated omission/);
  });

  it("says how many requests overlapped their sender's previous one when a few did (the loop still closed)", async () => {
    const { tempFile } = await import("../helpers/formats.js");
    // One sender every 20 ms; request 150 takes 25 ms, so request 151 starts before it ended: 1 overlap of 299.
    const rows = Array.from({ length: 300 }, (_, i) => `${1_762_074_000_000 + i * 20},c1,${i === 150 ? 25 : 2}`);
    const log = tempFile("one-overlap.csv", ["start_ms,connection,latency_ms", ...rows]);
    const { coordinatedOmission } = json((await runCli([log, "--json"])).stdout) as { coordinatedOmission: { loop: string; evidence: string } };
    expect(coordinatedOmission.loop).toBe("closed");
    expect(coordinatedOmission.evidence).toBe("the sender column names 1 sender, and only 1 request started before its sender's previous response had ended");
  });

  it("finds a column named like a sender by itself and says so; --per none reconstructs the senders instead", async () => {
    const found = await runCli([stalled, "--json"]);
    expect(found.stderr).toMatch(/using column "connection" as the sender of each request: coordinated omission is judged per sender \(--per none ignores it\)/);
    expect(json(found.stdout).coordinatedOmission).toMatchObject({ sendersFrom: "column", senders: 2, stalls: 2, omittedEstimate: 98 });
    // Without it: two connections 10 ms apart on a 20 ms schedule, with times in whole 10 ms, are one start every
    // 10 ms, and neither stall stopped the other: nothing tells who waited for whom.
    const none = await runCli([stalled, "--per", "none", "--json"]);
    expect(none.stderr).not.toMatch(/as the sender/);
    expect(json(none.stdout).coordinatedOmission).toMatchObject({ detected: false, loop: "unknown", sendersFrom: "inferred", omittedEstimate: 0 });
  });

  it("stays quiet about a sender that kept its schedule", async () => {
    const result = await runCli([fixture("co/steady-sender.csv"), "--json"]);
    expect(json(result.stdout).coordinatedOmission).toMatchObject({ detected: false, loop: "closed", stalls: 0, omittedEstimate: 0 });
    expect(result.stderr).not.toMatch(/warning/);
  });

  it("--apply corrects at each sender's inferred interval", async () => {
    const document = json((await runCli([stalled, "--apply", "--json"])).stdout);
    expect(document.corrected).toMatchObject({ method: "inferred-interval", expectedIntervalNs: 20_000_000 });
    // 1.2 s back-filled at 20 ms: 59 synthetic; 0.8 s: 39.
    expect(document.corrected.syntheticCount).toBe(98);
  });

  it("is off without start times", async () => {
    const document = json((await runCli(["--json"], { stdin: readmeExample })).stdout);
    expect(document.coordinatedOmission).toBeUndefined();
  });
});

describe("coordinated omission: a load tester's own sender field", () => {
  it.each(["header.csv", "default-2.13.csv", "results.xml"])("JMeter's threadName is each request's sender, said on stderr; --per none reconstructs them instead (%s)", async (name) => {
    const jtl = fixture(`formats/jtl/${name}`);
    const byThread = await runCli([jtl, "--json"]);
    expect(byThread.stderr).toMatch(/using JMeter's threadName as the sender of each request/);
    const column = json(byThread.stdout).coordinatedOmission;
    expect(column).toMatchObject({ loop: "closed", sendersFrom: "column", senders: 2 });
    // Reconstructed from starts and ends alone (2 JMeter threads, times to the millisecond): the same senders, and
    // the omitted estimate within 15% of the threads'.
    const none = await runCli([jtl, "--per", "none", "--json"]);
    expect(none.stderr).not.toMatch(/as the sender/);
    const inferred = json(none.stdout).coordinatedOmission;
    expect(inferred).toMatchObject({ loop: "closed", sendersFrom: "inferred", senders: 2 });
    expect(Math.abs(inferred.omittedEstimate - column.omittedEstimate)).toBeLessThanOrEqual(0.15 * column.omittedEstimate);
  });
});

describe("coordinated omission: senders reconstructed from a real hey capture (8 workers, no sender column)", () => {
  it("without a server stall: 8 senders sending as fast as they can, a handful of stalls (the old check saw hundreds)", async () => {
    const result = await runCli([fixture("formats/hey/c8-search.csv"), "--json"]);
    const co = json(result.stdout).coordinatedOmission;
    expect(co).toMatchObject({ loop: "closed", senders: 8, sendersFrom: "inferred" });
    expect(co.evidence).toMatch(/of the requests started as soon as another request ended/);
    // Tail latencies of 3× the median are this sender's stalls: about 0.3% of 4,000 with a lognormal of σ 0.4.
    expect(co.stalls).toBeLessThan(40);
    expect(co.omittedEstimate).toBeLessThan(100);
  });

  it("with a 1.2 s server stall: each of the 8 workers held up for 1.2 s, ~60 sends each at its ~20 ms cycle", async () => {
    const result = await runCli([fixture("formats/hey/c8-search-stall.csv"), "--json"]);
    const co = json(result.stdout).coordinatedOmission;
    expect(co).toMatchObject({ detected: true, loop: "closed", senders: 8 });
    expect(co.stalls).toBeGreaterThanOrEqual(8);
    expect(co.omittedEstimate).toBeGreaterThan(400);
    expect(co.omittedEstimate).toBeLessThan(620);
    const applied = json((await runCli([fixture("formats/hey/c8-search-stall.csv"), "--apply", "--json"])).stdout);
    expect(applied.corrected.percentiles["50"]).toBeGreaterThanOrEqual(applied.raw.percentiles["50"]);
  });
});

describe("coordinated omission: a real hey -q capture (4 workers, each with a ticker of 25 ms; no sender column)", () => {
  // hey starts every worker's ticker at once: each tick is a burst of 4 starts a fraction of a millisecond apart.
  it("without a server stall: 4 senders every 25 ms, and too little to tell closed from open", async () => {
    const co = json((await runCli([fixture("formats/hey/c4-q40-users.csv"), "--json"])).stdout).coordinatedOmission;
    expect(co).toMatchObject({ detected: false, loop: "unknown", senders: 4 });
    expect(co.reason).toMatch(/^requests start on a schedule \(4 senders every 25ms\)/);
  });

  it("with a 1 s server stall: closed, each worker every 25 ms held up once, ~39 sends each not made", async () => {
    const co = json((await runCli([fixture("formats/hey/c4-q40-users-stall.csv"), "--json"])).stdout).coordinatedOmission;
    expect(co).toMatchObject({ detected: true, loop: "closed", senders: 4, stalls: 4 });
    expect(Math.abs(co.expectedIntervalNs - 25e6)).toBeLessThanOrEqual(0.5e6);
    // Each worker waited ~1 s where it would have sent every 25 ms: 1000 / 25 − 1 = 39 sends, 156 in all.
    expect(Math.abs(co.omittedEstimate - 156)).toBeLessThanOrEqual(8);
  });
});

describe("coordinated omission: a real hey -c 16 -q 10 capture woken in ragged bursts, through a 1 s server stall", () => {
  it("16 senders every 100 ms, each held up once for ~1 s: ~9 sends each not made", async () => {
    const co = json((await runCli([fixture("formats/hey/c16-q10-stall.csv"), "--json"])).stdout).coordinatedOmission;
    expect(co).toMatchObject({ detected: true, loop: "closed", senders: 16, stalls: 16 });
    expect(Math.abs(co.expectedIntervalNs - 100e6)).toBeLessThanOrEqual(2e6);
    // Each worker waited ~1 s where it would have sent every 100 ms: 1000 / 100 − 1 = 9 sends, 144 in all.
    expect(Math.abs(co.omittedEstimate - 144)).toBeLessThanOrEqual(0.15 * 144);
  });
});

describe("coordinated omission: --apply refuses what it cannot correct", () => {
  /** Start and latency of each request, one schedule every 10 ms that a 1 s stall does not stop (open loop). */
  function openLoop(): string {
    const rows = ["start_us,latency_ms"];
    for (let i = 0; i < 3000; i++) {
      const startMs = i * 10;
      const stalled = startMs >= 15_000 && startMs < 16_000;
      rows.push(`${(1_762_074_000_000 + startMs) * 1000 + (i % 7)},${stalled ? 16_000 - startMs + 2 : 2 + (i % 5) / 2}`);
    }
    return rows.join("\n") + "\n";
  }

  it("an open loop: nothing omitted, no warning; --apply is an error that says why (exit 2)", async () => {
    const report = await runCli(["--json"], { stdin: openLoop() });
    expect(json(report.stdout).coordinatedOmission).toMatchObject({ detected: false, loop: "open", omittedEstimate: 0 });
    expect(report.stderr).not.toMatch(/warning/);
    const applied = await runCli(["--apply"], { stdin: openLoop() });
    expect(applied.code).toBe(2);
    expect(applied.stderr).toMatch(/^latstat: --apply: nothing to correct: open loop — up to [\d,]+ requests were in flight at once/m);
    expect(applied.stdout).toBe("");
  });

  it("a log that tells nothing: the reason, in the report and in --apply's error", async () => {
    const rows = ["start_ms,latency_ms", ...Array.from({ length: 20 }, (_, i) => `${1_762_074_000_000 + i * 10},2`)].join("\n");
    const report = json((await runCli(["--json"], { stdin: rows })).stdout);
    expect(report.coordinatedOmission).toMatchObject({ detected: false, loop: "unknown", reason: "only 20 requests with start times: too few to tell how they were sent" });
    const applied = await runCli(["--apply"], { stdin: rows });
    expect(applied.code).toBe(2);
    expect(applied.stderr).toMatch(/--apply: cannot tell closed from open loop — only 20 requests with start times/);
  });

  it("start times in whole seconds (ab -g): said, not skipped", async () => {
    const result = await runCli([fixture("formats/ab/users.tsv"), "--json"]);
    expect(json(result.stdout).coordinatedOmission).toMatchObject({ loop: "unknown" });
    expect(json(result.stdout).coordinatedOmission.reason).toMatch(/start times are in steps of 1s while requests start every ~/);
  });
});

describe("coordinated omission: intended schedule", () => {
  it("reports service and response times per connection", async () => {
    const result = await runCli([fixture("co/stalled-sender.csv"), "--per", "connection", "--rate", "50/s", "--json"]);
    const document = json(result.stdout);
    expect(document.corrected.method).toBe("schedule");
    expect(document.corrected.expectedIntervalNs).toBe(20_000_000);
    expect(document.corrected.count).toBe(1000);
    // Each connection went on on its 20 ms grid after its stall, 60 and 40 slots later (by hand from the fixture:
    // gaps of 1,200 and 800 ms): the 59 and 39 sends due meanwhile were never made, and are said; counted from t0,
    // every request after them would have read 1.18 s (and 0.78 s) late.
    expect(document.corrected.skippedSends).toBe(59 + 39);
    expect(document.corrected.max).toBeCloseTo(1200, 0);
    expect(document.corrected.percentiles["99"]).toBe(document.raw.percentiles["99"]);
    expect(result.stderr).toContain("98 sends of the schedule were never made");
    const table = (await runCli([fixture("co/stalled-sender.csv"), "--per", "connection", "--rate", "50/s"])).stdout;
    expect(table).toMatch(/service time │ response time │/);
  });

  it("judges response times by the usual rule: each is a real request's, none back-filled", async () => {
    // Queued behind each other at 1,000/s, the 1,000 requests' response times all exceed every service time.
    const document = json((await runCli([fixture("co/stalled-sender.csv"), "--per", "connection", "--rate", "1000/s", "--json"])).stdout);
    expect(document.corrected.count).toBe(1000);
    expect(document.corrected.percentiles["50"]).toBeGreaterThan(document.raw.max);
    const details = document.corrected.percentileDetails;
    expect(details["50"].insufficient).toBeUndefined();
    expect(details["99"].insufficient).toBeUndefined();
    expect(details["99.9"].insufficient).toEqual({ needed: 10_000, have: 1000 });
  });
});

describe("coordinated omission: several inputs", () => {
  it("senders of the same name in two files are two senders: two JMeter injectors' threads TG 1-1…5", async () => {
    const { tempFile } = await import("../helpers/formats.js");
    // Each injector: 5 threads, each a 20 ms request every 50 ms, both running at once; injector B 7 ms later.
    const jtl = (offsetMs: number) => {
      const rows = ["timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success"];
      for (let i = 0; i < 400; i++) for (let t = 1; t <= 5; t++) rows.push(`${1795779576000 + offsetMs + i * 50 + t},20,GET users,200,OK,TG 1-${t},text,true`);
      return rows;
    };
    const a = tempFile("injector-a.jtl", jtl(0));
    const b = tempFile("injector-b.jtl", jtl(7));
    for (const threads of ["1", "2"]) {
      const result = await runCli([a, b, "--json", "--threads", threads], { spawn: threads !== "1" });
      // Read as one sender per thread name, each of A's threads overlapped B's: an open loop, nothing to correct.
      expect(json(result.stdout).coordinatedOmission, `--threads ${threads}`).toMatchObject({ loop: "closed", senders: 10, sendersFrom: "column" });
    }
  });
});

describe("coordinated omission: failed requests hold their senders too", () => {
  const T0 = 1_762_074_000_000;
  const csv = (header: string, rows: string[]) => [header, ...rows].join("\n") + "\n";

  it("--rate: a failed request took its slot; the requests after it keep theirs", async () => {
    // One connection, a request due every 10 ms, 5 ms each. The one due at 50 ms failed after 35 ms (a timeout): the
    // next four went out late, at 85, 90, 95 and 99 ms, and the one due at 100 ms was on time again.
    const starts = [0, 10, 20, 30, 40, 50, 85, 90, 95, 99, ...Array.from({ length: 10 }, (_, k) => 100 + 10 * k)];
    const rows = starts.map((start, i) => `${T0 + start},${i === 5 ? 35 : 5},${i === 5 ? 504 : 200}`);
    const result = await runCli(["-f", "csv", "--rate", "100/s", "--co", "off", "--json"], { stdin: csv("start_ms,latency_ms,status", rows) });
    const { corrected } = json(result.stdout);
    // By hand: due at 60, 70, 80 and 90 ms, they ended at 90, 95, 100 and 104 ms (30, 25, 20, 14); the other 15 took
    // 5 ms each, so p50 is 5 and p90 (the 18th of 19) 25. Numbered without the failed one, every request after it
    // was due a slot early (up to 40 ms, then 15 each).
    expect(corrected.count).toBe(19);
    expect(corrected.max).toBeCloseTo(30, 3); // epoch ms in a double: to ~256 ns
    expect(corrected.percentiles["90"]).toBeCloseTo(25, 1);
    expect(corrected.percentiles["50"]).toBeCloseTo(5, 2);
    expect(result.stderr).not.toContain("warning");
  });

  it("--rate: sends never made (a sender that went on 100 slots later) are said, and do not make every later request late", async () => {
    // One sender due every 10 ms, 5 ms each; the 100 sends due from 3 s to 3.99 s were dropped (k6's
    // dropped_iterations), and it went on on time at 4 s. By construction every request's response time is 5 ms.
    const slots = Array.from({ length: 900 }, (_, i) => i).filter((i) => i < 300 || i >= 400);
    const rows = slots.map((i) => `${T0 + 10 * i},5,200`);
    const result = await runCli(["-f", "csv", "--rate", "100/s", "--json"], { stdin: csv("start_ms,latency_ms,status", rows) });
    const { corrected } = json(result.stdout);
    expect(corrected).toMatchObject({ method: "schedule", skippedSends: 100, count: 800 });
    // Numbered on from t0, each of the last 500 would read 1,005 ms.
    expect(corrected.max).toBeCloseTo(5, 3);
    expect(result.stderr).toContain("warning: --rate: 100 sends of the schedule were never made (dropped or skipped");
  });

  it("--apply: a timeout that held its sender is a stall; the requests it kept from being sent are back-filled, not the failure", async () => {
    // A closed loop: one connection, a 2 ms request every 10 ms; the 101st hung until its 500 ms timeout (504).
    const rows = [
      ...Array.from({ length: 100 }, (_, i) => `${T0 + i * 10},c1,2,200`),
      `${T0 + 1000},c1,500,504`,
      ...Array.from({ length: 99 }, (_, k) => `${T0 + 1500 + k * 10},c1,2,200`),
    ];
    const stdin = csv("start_ms,conn,latency_ms,status", rows);
    const detected = json((await runCli(["-f", "csv", "--json"], { stdin })).stdout).coordinatedOmission;
    expect(detected).toMatchObject({ detected: true, loop: "closed", stalls: 1, longestStallNs: 500e6, omittedEstimate: 49 });
    const { corrected } = json((await runCli(["-f", "csv", "--apply", "--json"], { stdin })).stdout);
    // HdrHistogram's back-fill of 500 ms at 10 ms without the 500 itself: 490, 480, … 10 ms (49 values), beside the
    // 199 successes of 2 ms. Of 248 values, p90 is the 224th (the 25th back-filled, 250 ms), p99 the 246th (470 ms).
    expect(corrected).toMatchObject({ count: 248, syntheticCount: 49, max: 490 });
    expect(corrected.percentiles["90"]).toBeCloseTo(250, -1);
    expect(corrected.percentiles["99"]).toBeCloseTo(470, -1);
    // --include-errors records the timeout itself too, and back-fills it as any slow response.
    const included = json((await runCli(["-f", "csv", "--apply", "--include-errors", "--json"], { stdin })).stdout).corrected;
    expect(included).toMatchObject({ count: 249, syntheticCount: 49, max: 500 });
  });

  it("past a block of start times, in parts and in files read apart: the same stall and back-fill", async () => {
    const { tempFile } = await import("../helpers/formats.js");
    // Four connections, each a 2 ms request every 10 ms (phases 2.5 ms apart), 9,000 each; connection c0's 4,500th
    // timed out after 500 ms. 36,000 requests: more than detection keeps one by one.
    const rows: [number, string][] = [];
    for (let c = 0; c < 4; c++) {
      for (let i = 0, t = c * 2.5; i < 9000; i++) {
        const timeout = c === 0 && i === 4500;
        rows.push([t, `${T0 + t},c${c},${timeout ? 500 : 2},${timeout ? 504 : 200}`]);
        t += timeout ? 510 : 10;
      }
    }
    const lines = rows.sort((a, b) => a[0] - b[0]).map(([, line]) => line);
    const header = "start_ms,conn,latency_ms,status";
    const whole = tempFile("four-connections.csv", [header, ...lines]);
    const first = tempFile("first-half.csv", [header, ...lines.slice(0, 18000)]);
    const second = tempFile("second-half.csv", [header, ...lines.slice(18000)]);
    for (const [inputs, threads] of [[[whole], "1"], [[whole], "2"], [[first, second], "1"], [[first, second], "2"]] as const) {
      const run = json((await runCli([...inputs, "--apply", "--json", "--threads", threads], { spawn: threads !== "1" })).stdout);
      const label = `${inputs.length} input(s), --threads ${threads}`;
      expect(run.coordinatedOmission, label).toMatchObject({ detected: true, stalls: 1, longestStallNs: 510e6 });
      // 35,999 successes of 2 ms, and 490, 480, … 10 ms back-filled for the timeout.
      expect(run.corrected, label).toMatchObject({ count: 35_999 + 49, syntheticCount: 49 });
      expect(run.corrected.max, label).toBeCloseTo(490, -1);
    }
  });

  it("--expected-interval back-fills what a failed request held up, without the failure", async () => {
    const rows = [`${T0},20,200`, `${T0 + 100},50,503`, `${T0 + 200},5,200`];
    const { corrected } = json((await runCli(["-f", "csv", "--expected-interval", "10ms", "--json"], { stdin: csv("start_ms,latency_ms,status", rows) })).stdout);
    // 20 ms: itself and 10; the failed 50 ms: 40, 30, 20, 10; 5 ms: itself.
    expect(corrected).toMatchObject({ count: 7, syntheticCount: 5, min: 5, max: 40 });
  });
});

describe("coordinated omission: the corrected low end", () => {
  it("back-filled values below every latency logged are the corrected min and low percentiles (a send interval shorter than the fastest response)", async () => {
    // 990 responses of 50 ms and 10 of 1 s, sent every 10 ms. HdrHistogram's back-fill: 40, 30, 20, 10 ms for each
    // 50 and 990 … 10 ms for each 1 s, 5,950 values in all. By an exact sort: min 10, p25 20, p50 30, p90 410, p99 950.
    const stdin = [...Array<string>(990).fill("50"), ...Array<string>(10).fill("1000")].join("\n") + "\n";
    const { corrected } = json((await runCli(["--unit", "ms", "--expected-interval", "10ms", "-p", "25,50,90,99", "--json"], { stdin })).stdout);
    expect(corrected.count).toBe(5950);
    expect(corrected.min).toBe(10);
    for (const [p, exact] of [["25", 20], ["50", 30], ["90", 410], ["99", 950]] as const) expect(Math.abs(corrected.percentiles[p] - exact) / exact, `p${p}`).toBeLessThan(0.001);
    const check = await runCli(["check", "-", "--unit", "ms", "--expected-interval", "10ms", "--budget", "p50 < 40ms"], { stdin });
    expect(check.code, check.stdout).toBe(0);
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
  /**
   * One request a millisecond per worker; every 20,000th waits 100 ms, and its worker with it (a gap of ~100
   * intervals: 99 omitted, 98.9 at the interval of 1.001 ms). The last request of each worker is one of them: a
   * stall the log's end cut short.
   */
  async function log(workers: number): Promise<string> {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    // Start times to the microsecond (a few µs after the response, as a client's loop takes).
    const rows = [workers > 1 ? "start_us,worker,latency_ms" : "start_us,latency_ms"];
    for (let w = 0; w < workers; w++) {
      let startUs = 1_762_074_000_000_000;
      for (let i = 1; i <= 200_000 / workers; i++) {
        const stalled = i % 20_000 === 0;
        rows.push(workers > 1 ? `${startUs},w${w},${stalled ? 100 : 1}` : `${startUs},${stalled ? 100 : 1}`);
        startUs += (stalled ? 100_000 : 1000) + (i % 3);
      }
    }
    const file = path.join(mkdtempSync(path.join(tmpdir(), "latstat-co-")), "steady.csv");
    writeFileSync(file, rows.join("\n") + "\n");
    return file;
  }

  it("one sender without a column: reconstructed from every request kept one by one", async () => {
    const result = await runCli([await log(1), "--json"]);
    expect(result.code).toBe(0);
    expect(json(result.stdout).coordinatedOmission).toMatchObject({ loop: "closed", senders: 1, expectedIntervalNs: 1_001_000, stalls: 10, omittedEstimate: 989 });
    expect(result.stderr).not.toMatch(/blocks/);
  });

  it("one sender without a column read in parts: the note says why it went block by block, and how to check one by one", async () => {
    const result = await runCli([await log(1), "--json", "--threads", "2"], { spawn: true });
    expect(result.code).toBe(0);
    expect(json(result.stdout).coordinatedOmission).toMatchObject({ loop: "closed", senders: 1, expectedIntervalNs: 1_001_000 });
    // Not "more than 262,144 requests": there are 200,000.
    expect(result.stderr).toMatch(/note: coordinated-omission check in blocks: the input was read in parts on several threads.*--threads 1 checks these 200,000 requests one by one/);
    expect(result.stderr).not.toMatch(/more than/);
  });

  /** `requests` starts three to a millisecond, stamped to the millisecond: too coarse to tell who waited for whom. */
  async function coarseLog(requests: number): Promise<string> {
    const { tempFile } = await import("../helpers/formats.js");
    const rows = ["start_ms,latency_ms"];
    for (let i = 0; i < requests; i++) rows.push(`${1_762_074_000_000 + Math.floor(i / 3)},${1 + (i % 7)}`);
    return tempFile(`coarse-${requests}.csv`, rows);
  }

  // Past the first 32,768 such starts, the rest are only counted: no note of blocks checked (none were), and not
  // one of threads that were not used.
  it.each([
    [100_000, "1"],
    [300_000, "1"],
    [100_000, "2"],
  ])("start times too coarse, %i requests on %s thread(s): the verdict says why, and no note of blocks", async (requests, threads) => {
    const { DETECTION_BLOCK } = await import("../../src/core/timed-samples.js");
    expect(requests).toBeGreaterThan(DETECTION_BLOCK);
    const result = await runCli([await coarseLog(requests), "--json", "--threads", threads], { spawn: threads !== "1" });
    expect(result.code).toBe(0);
    expect(json(result.stdout).coordinatedOmission).toMatchObject({ loop: "unknown" });
    expect(result.stdout).toMatch(/too coarse/);
    expect(result.stderr).not.toMatch(/blocks|block at a time|several threads/);
  });

  it("a worker column: gaps counted per worker block by block, the same figures, said on stderr", async () => {
    const { DETECTION_BLOCK } = await import("../../src/core/timed-samples.js");
    expect(200_000).toBeGreaterThan(DETECTION_BLOCK);
    const result = await runCli([await log(2), "--json"]);
    expect(result.code).toBe(0);
    // Each worker: 100,000 requests, 5 stalled, the last of them at the end.
    expect(json(result.stdout).coordinatedOmission).toMatchObject({ loop: "closed", senders: 2, expectedIntervalNs: 1_001_000, stalls: 10, omittedEstimate: 989 });
    expect(result.stderr).toMatch(/note: coordinated-omission check on more than [\d,]+ requests with start times: requests taken a block at a time/);
    expect(result.stderr).not.toMatch(/out of order/);
  });
});
