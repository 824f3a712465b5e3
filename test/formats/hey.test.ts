import { describe, expect, it } from "vitest";
import { HEY_HEADER, heyFormat } from "../../src/formats/hey.js";
import { decodeAll, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, nearestRank, rejectsOf, samplesOf, tempFile } from "../helpers/formats.js";
import { runCli } from "../helpers/run-cli.js";

/** The fixture read independently: hey -o csv prints no summary, so this computes one from the file itself. */
function independent() {
  const rows = fixtureLines("hey/flaky.csv")
    .slice(1)
    .map((l) => l.split(","))
    .map((f) => ({ seconds: Number(f[0]), status: Number(f[6]), offset: Number(f[7]) }));
  const ok = rows.filter((r) => r.status < 400).map((r) => r.seconds * 1000).sort((a, b) => a - b);
  return { rows, ok, failed: rows.length - ok.length };
}

describe("hey (hey -o csv)", () => {
  it("response-time in s; 5xx counted as failed and left out", async () => {
    const { rows, ok, failed } = independent();
    expect(rows).toHaveLength(400); // hey -n 400
    const document = await latstatJson([ff("hey/flaky.csv"), "-p", "50,90,99,99.9"]);
    expect(document.input.format).toBe("hey");
    expect(document.raw.count).toBe(ok.length);
    expect(document.input.failed.count).toBe(failed);
    expect(failed).toBeGreaterThan(0);
    expect(document.raw.min).toBeCloseTo(ok[0]!, 9);
    expect(document.raw.max).toBeCloseTo(ok[ok.length - 1]!, 9);
    for (const p of ["50", "90", "99", "99.9"]) expectHdrClose(document.raw.percentiles[p], nearestRank(ok, Number(p)));
  });

  it("reads status-code and offset (seconds since the run began) as start", () => {
    const lines = fixtureLines("hey/flaky.csv");
    const decoded = decodeAll(heyFormat, lines);
    expect(decoded[0]).toEqual({ skip: undefined });
    expect(rejectsOf(decoded)).toEqual([]);
    const f = lines[1]!.split(",");
    expect(samplesOf(decoded)[0]).toEqual({ latencyNs: Math.round(Number(f[0]) * 1e9), status: Number(f[6]), startNs: Math.round(Number(f[7]) * 1e9) });
  });

  it("--since/--until take the run's seconds; --metric another timing column", async () => {
    const { rows } = independent();
    const within = rows.filter((r) => r.offset >= 0.2 && r.offset < 0.5).length;
    const document = await latstatJson([ff("hey/flaky.csv"), "--since", "0.2", "--until", "0.5", "--include-errors"]);
    expect(document.raw.count).toBe(within);
    expect(document.input.skippedByReason["--since/--until"]).toBe(rows.length - within);
    const delay = await latstatJson([ff("hey/flaky.csv"), "--metric", "Response-delay", "--include-errors"]);
    expect(delay.raw.max).toBeLessThanOrEqual((await latstatJson([ff("hey/flaky.csv"), "--include-errors"])).raw.max);
  });

  it("is detected by its header", async () => {
    expect(heyFormat.sniff([HEY_HEADER, "0.1,0,0,0,0.1,0,200,0"]).score).toBe(1);
    expect((await latstatJson([ff("hey/flaky.csv")])).input.format).toBe("hey");
  });

  it("rejects broken rows with their numbers", async () => {
    await expectRejected("hey/flaky.csv", {
      2: (l) => l.replace(/^[\d.]+/, "fast"),
      10: (l) => l.split(",").slice(0, 7).join(","),
      11: (l) => l.replace(/,\d+,([\d.]+)$/, ",OK,$1"),
    });
  });
});

describe("hey's CSV leaves out the requests that got no response", () => {
  // hey -n 1200 -t 1: report.go counts a request that ended in an error (a timeout) in its summary's error
  // distribution only; -o csv prints a row, "%4.4f,…,%d,%4.4f", for each request that got a response.
  const rows: string[] = [];
  const written: { ms: number; status: number }[] = [];
  for (let i = 0; i < 1200; i++) {
    if (i % 3 === 1) continue; // timed out: no row (400 of them)
    const status = i % 50 === 7 ? 503 : 200;
    const seconds = status === 503 ? 0.0011 : 0.002 + ((i * 7919) % 200) / 10000;
    written.push({ ms: Number(seconds.toFixed(4)) * 1000, status });
    rows.push([seconds, 0.0003, 0, 0.0001, seconds - 0.0006, 0.0002].map((s) => s.toFixed(4)).join(",") + `,${status},${(i * 0.005).toFixed(4)}`);
  }
  const file = tempFile("hey-timeouts.csv", [HEY_HEADER, ...rows]);
  const failedWritten = written.filter((w) => w.status === 503).length;

  it("counts the failures it wrote but says the failure rate is unknown, naming why", async () => {
    expect(rows).toHaveLength(800);
    const document = await latstatJson([file]);
    expect(document.input.failed).toEqual({ count: failedWritten, rate: null, excluded: failedWritten, known: false });
    expect(document.raw.count).toBe(800 - failedWritten);
    const text = await runCli([file]);
    expect(text.stdout.split("\n")[1]).toBe(
      `801 lines: ${800 - failedWritten} recorded, ${failedWritten + 1} skipped (blank, comment or header: 1, failed: ${failedWritten}), 0 rejected; failure rate unknown: hey -o csv writes no row for a request that got no response (a timeout, a refused connection); of the 800 requests written, ${failedWritten} failed, left out (--include-errors puts them in)`,
    );
    // No "with failures" percentiles: they would count only the failures written.
    expect(document.withFailures).toBeUndefined();
  });

  it("check refuses a budget on failures, saying why, and judges latency budgets on the responses", async () => {
    for (const budget of ["failed < 5%", "p90! < 100ms"]) {
      const run = await runCli(["check", file, "--budget", budget, "--budget", "p90 < 100ms"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `latstat: budget "${budget}": the input holds only some of the failed requests: hey -o csv writes no row for a request that got no response (a timeout, a refused connection) (the failure rate is unknown; count the errors in the tool's own summary)\n`,
      );
    }
    const latency = await runCli(["check", file, "--budget", "p90 < 100ms", "--json"]);
    const ok = written.filter((w) => w.status === 200).map((w) => w.ms).sort((a, b) => a - b);
    const [budget] = JSON.parse(latency.stdout).budgets as { status: string; actual: number; samples: number }[];
    expect([latency.code, budget!.status, budget!.samples]).toEqual([0, "pass", ok.length]);
    expectHdrClose(budget!.actual, nearestRank(ok, 90));
  });

  it("read with -f csv, its header still says the rows leave out what got no response: the rate is unknown, not 0%", async () => {
    const document = await latstatJson(["-f", "csv", file]);
    expect(document.input.format).toBe("csv");
    expect(document.input.failed).toEqual({ count: failedWritten, rate: null, excluded: failedWritten, known: false });
    const run = await runCli(["check", "-f", "csv", file, "--budget", "failed < 5%"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the input holds only some of the failed requests: hey -o csv writes no row for a request that got no response");
    // Not another CSV with a status column: the same rows under other names are a whole record of the requests.
    const renamed = tempFile("not-hey.csv", ["latency_s,dial,dns,write,delay,read,status,start", ...rows]);
    const other = await latstatJson(["-f", "csv", renamed]);
    expect(other.input.failed).toEqual({ count: failedWritten, rate: failedWritten / 800, excluded: failedWritten, known: true });
  });

  it("compare refuses a gate on failures, naming the input", async () => {
    const run = await runCli(["compare", ff("hey/flaky.csv"), file, "--fail-if", "failed > +1pp"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`gate "failed > +1pp": ${ff("hey/flaky.csv")} holds only some of the failed requests`);
  });
});
