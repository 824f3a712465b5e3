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
    expect(result.stderr).toContain("mostly-zero.log: 3 of 4 latencies (75%) are 0, shorter than the input's resolution: percentiles up to p75 read 0");
  });

  it("every request time 0.000: said as such", async () => {
    const result = await runCli([nginxLog("all-zero.log", ["0.000", "0.000"])]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("all-zero.log: all 2 latencies are 0, shorter than the input's resolution: the figures say only that the requests took less");
  });

  it("only when the lowest percentile shown falls on a zero (its rank ceil(p × 15 / 100) is 1)", async () => {
    const plain = tempFile("one-zero.txt", ["0", ...Array.from({ length: 14 }, (_, i) => String(i + 1))]);
    const said = /one-zero\.txt: 1 of 15 latencies \(6\.6%\) are 0/;
    // The default percentiles start at p50: its rank is 8, not a zero's.
    expect((await runCli([plain])).stderr).not.toMatch(said);
    // p6.6: ceil(0.99) = 1, the zero; p6.7: ceil(1.005) = 2, the value 1.
    expect((await runCli([plain, "-p", "6.6,50"])).stderr).toMatch(said);
    expect((await runCli([plain, "-p", "6.7,50"])).stderr).not.toMatch(said);
  });

  it("each input on its own: a file without zeros is not named", async () => {
    const zeros = nginxLog("zeros.log", ["0.000", "0.000", "0.000"]);
    const timed = nginxLog("timed.log", ["0.004", "0.005", "0.006"]);
    const result = await runCli([zeros, timed]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("zeros.log: all 3 latencies are 0");
    expect(result.stderr).not.toMatch(/timed\.log: .*are 0/);
  });
});
