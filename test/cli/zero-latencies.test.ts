// Latencies of 0 are shorter than the log can write: said on stderr when a percentile shown reads 0 because of them.
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempFile } from "../helpers/formats.js";

/** nginx's `combined` with `$request_time` appended (seconds, ms resolution), one line per request time. */
function nginxLog(name: string, requestTimes: readonly string[]): string {
  return tempFile(
    name,
    requestTimes.map((t, i) => `127.0.0.1 - - [27/Nov/2026:12:10:0${i % 10} +0000] "GET /static/app.css HTTP/1.1" 200 512 "-" "ApacheBench/2.3" ${t}`),
  );
}

describe("latencies of 0", () => {
  it("an nginx log whose $request_time is 0.000 for most requests: p50 reads 0, and stderr says why", async () => {
    const log = nginxLog("mostly-zero.log", ["0.000", "0.000", "0.000", "0.012"]);
    const result = await runCli([log, "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).raw.percentiles["50"]).toBe(0);
    // 3 of 4: p75's rank is ceil(0.75 × 4) = 3, a zero's; p75.1's would be the fourth.
    expect(result.stderr).toContain("mostly-zero.log: 3 of 4 latencies (75.0%) are 0, shorter than the input's resolution: percentiles up to p75 read 0");
  });

  it("every request time 0.000: said as such, in words for one, two and more", async () => {
    const said = async (times: string[]) => (await runCli([nginxLog("all-zero.log", times)])).stderr;
    expect(await said(["0.000"])).toContain("all-zero.log: its one latency is 0, shorter than the input's resolution: the figures say only that the request took less than it");
    expect(await said(["0.000", "0.000"])).toContain("all-zero.log: both latencies are 0, shorter than the input's resolution: the figures say only that the requests took less than it");
    expect(await said(["0.000", "0.000", "0.000"])).toContain("all-zero.log: all 3 latencies are 0, shorter");
  });

  it("only when a percentile shown falls on a zero (its rank ceil(p × 15 / 100) is 1), never for p0 (the minimum)", async () => {
    const plain = tempFile("one-zero.txt", ["0", ...Array.from({ length: 14 }, (_, i) => String(i + 1))]);
    // 1 of 15 is 6.666…%: p6.66 is the highest percentile of 3 digits at or below it.
    const said = "one-zero.txt: 1 of 15 latencies (6.67%) is 0, shorter than the input's resolution: percentiles up to p6.66 read 0";
    // The default percentiles start at p50: its rank is 8, not a zero's.
    expect((await runCli([plain])).stderr).not.toContain("is 0");
    // p6.66: ceil(0.999) = 1, the zero; p6.7: ceil(1.005) = 2, the value 1.
    expect((await runCli([plain, "-p", "6.66,50"])).stderr).toContain(said);
    expect((await runCli([plain, "-p", "6.7,50"])).stderr).not.toContain("is 0");
    expect((await runCli([plain, "-p", "0,50"])).stderr).not.toContain("is 0");
  });

  it("several inputs: the figures shown are their total, so the notice is the total's (each input's with --per-file)", async () => {
    const zeros = nginxLog("zeros.log", ["0.000", "0.000", "0.000"]);
    const timed = nginxLog("timed.log", ["0.004", "0.005", "0.006"]);
    // 3 of 6: p50's rank is 3, a zero's.
    const together = await runCli([zeros, timed]);
    expect(together.code).toBe(0);
    expect(together.stderr).toContain("all inputs together: 3 of 6 latencies (50.0%) are 0, shorter than the inputs' resolution: percentiles up to p50 read 0");
    expect(together.stderr).not.toMatch(/zeros\.log: .* 0, shorter/);
    const perFile = await runCli([zeros, timed, "--per-file"]);
    expect(perFile.stderr).toContain("zeros.log: all 3 latencies are 0, shorter");
    expect(perFile.stderr).not.toMatch(/timed\.log: .* 0, shorter|all inputs together/);
  });

  it("an input of zeros among many timed requests: the total's p50 is 5 ms, so nothing is said unless its own row is shown", async () => {
    const one = nginxLog("one.log", ["0.000"]);
    const many = nginxLog("many.log", Array.from({ length: 100 }, () => "0.005"));
    expect((await runCli([one, many])).stderr).not.toMatch(/shorter than/);
    expect((await runCli([one, many, "--per-file"])).stderr).toContain("one.log: its one latency is 0, shorter");
  });

  it("compare: a side whose compared percentiles read 0 is named, the other is not", async () => {
    const base = nginxLog("base-zeros.log", ["0.000", "0.000", "0.000", "0.001"]);
    const candidate = nginxLog("candidate.log", ["0.004", "0.005", "0.006", "0.007"]);
    const result = await runCli(["compare", base, candidate]);
    // 3 of 4: p50's rank is 2 and p75's 3, zeros' (the comparison's percentiles start at p50).
    expect(result.stderr).toContain("base-zeros.log: 3 of 4 latencies (75.0%) are 0, shorter than the input's resolution: percentiles up to p75 read 0");
    expect(result.stderr).not.toMatch(/candidate\.log: .* 0, shorter/);
  });

  it("check: a budget's percentile, mean or max judged 0 because the latencies are 0 is said; min or stddev says nothing", async () => {
    // 30 requests: enough for p50 (10 beyond it), so the budget is met.
    const log = nginxLog("check-zeros.log", Array.from({ length: 30 }, () => "0.000"));
    const met = await runCli(["check", log, "--budget", "p50 < 1ms"]);
    expect(met.code).toBe(0);
    expect(met.stderr).toContain("check-zeros.log: all 30 latencies are 0, shorter than the input's resolution");
    for (const budget of ["max < 1ms", "mean < 1ms"]) expect((await runCli(["check", log, "--budget", budget])).stderr).toContain("all 30 latencies are 0");
    for (const budget of ["min < 1ms", "stddev < 1ms"]) expect((await runCli(["check", log, "--budget", budget])).stderr).not.toMatch(/shorter than/);
  });

  it("check: an SLO met only because its zeros were counted below the threshold is said; one met without them is not", async () => {
    // 1,000 requests, 1% may be over: 10. With 995 zeros and 5 over, the zeros decide; with 3 zeros and the rest
    // at 0.5 ms, `< 1ms` holds whatever they were, and `< 100us` fails (997 over), so nothing is said of either.
    const decided = tempFile("slo-zeros.csv", ["latency_ms", ...Array.from({ length: 995 }, () => "0"), ...Array.from({ length: 5 }, () => "2")]);
    const met = await runCli(["check", decided, "--budget", "99% < 100us"]);
    expect(met.code).toBe(0);
    expect(met.stderr).toContain("slo-zeros.csv: 995 of 1,000 latencies (99.5%) are 0, shorter than the input's resolution");
    const undecided = tempFile("slo-few-zeros.csv", ["latency_ms", ...Array.from({ length: 3 }, () => "0"), ...Array.from({ length: 997 }, () => "0.5")]);
    const held = await runCli(["check", undecided, "--budget", "99% < 1ms"]);
    expect(held.code).toBe(0);
    const failed = await runCli(["check", undecided, "--budget", "99% < 100us"]);
    expect(failed.code).toBe(1);
    for (const result of [held, failed]) expect(result.stderr).not.toMatch(/shorter than/);
  });

  it("check: an SLO whose threshold is at or above the smallest latency that is not 0 says nothing of the zeros", async () => {
    // An nginx log in ms: half 0.000, half 0.001-0.005 s. Its resolution is at most 1 ms, so every 0.000 is under
    // 500 ms for certain; under 100 us it may not be.
    const log = nginxLog("half-zeros.log", [...Array.from({ length: 500 }, () => "0.000"), ...Array.from({ length: 500 }, (_, i) => `0.00${1 + (i % 5)}`)]);
    const coarse = await runCli(["check", log, "--budget", "95% < 500ms"]);
    expect(coarse.code).toBe(0);
    expect(coarse.stderr).not.toMatch(/shorter than/);
    const fine = await runCli(["check", log, "--budget", "50% < 100us"]);
    expect(fine.code).toBe(0);
    expect(fine.stderr).toContain("half-zeros.log: 500 of 1,000 latencies (50.0%) are 0, shorter than the input's resolution");
  });

  it("check: a group's budget judged 0 names the group, not the other group or the whole input", async () => {
    const rows = ["endpoint,latency_ms", ...Array.from({ length: 30 }, () => "/static,0"), ...Array.from({ length: 30 }, () => "/api,5")];
    const csv = tempFile("grouped.csv", rows);
    // The whole input's p75 is 5 ms (rank 45 of 60, past the 30 zeros): met, and not 0, so nothing is said of it.
    const budgets = ["endpoint=/static: p50 < 1ms", "endpoint=/api: p50 < 10ms", "p75 < 10ms"].flatMap((b) => ["--budget", b]);
    const result = await runCli(["check", csv, ...budgets]);
    expect(result.code).toBe(0);
    const said = result.stderr.split("\n").filter((line) => line.includes("shorter than"));
    expect(said).toEqual([`latstat: ${csv}: endpoint=/static: all 30 latencies are 0, shorter than the input's resolution: the figures say only that the requests took less than it`]);
  });
});
