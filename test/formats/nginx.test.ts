import { describe, expect, it } from "vitest";
import { nginxFormat, tokenizeNginx, unwrapNginxLogFormat } from "../../src/formats/nginx.js";
import { parseClfNs } from "../../src/formats/time-fields.js";
import { decodeBytes } from "../helpers/fast-slow.js";
import { runCli } from "../helpers/run-cli.js";
import { decodeLines } from "../helpers/decode.js";
import { decodeAll, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, nearestRank, rejectsOf, samplesOf, tempFile } from "../helpers/formats.js";

const TIMING = '$time_iso8601 $connection "$request" $status rt=$request_time urt="$upstream_response_time" uct="$upstream_connect_time"';

/** The logs read independently, with nothing but split and a regex per line. */
function combined() {
  return fixtureLines("nginx/combined-request-time.log").map((l) => ({ seconds: Number(l.split(" ").at(-1)), status: Number(/" (\d{3}) /.exec(l)![1]) }));
}
function timing() {
  return fixtureLines("nginx/timing.log").map((l) => {
    const m = /" (\d{3}) rt=([\d.]+) urt="([^"]*)"/.exec(l)!;
    const upstream = m[3]!.split(/[,:]/).map((t) => t.trim()).filter((t) => t !== "-");
    return { status: Number(m[1]), rt: Number(m[2]), urt: upstream.length === 0 ? undefined : upstream.reduce((a, t) => a + Number(t), 0), raw: m[3]! };
  });
}
const okMs = (rows: { status: number; ms: number | undefined }[]) =>
  rows.filter((r) => r.status < 400 && r.ms !== undefined).map((r) => r.ms!).sort((a, b) => a - b);

describe("nginx access log", () => {
  it("combined + $request_time (the default layout): seconds, non-2xx/3xx failed", async () => {
    const rows = combined();
    const ok = okMs(rows.map((r) => ({ status: r.status, ms: r.seconds * 1000 })));
    const document = await latstatJson([ff("nginx/combined-request-time.log"), "-p", "50,90,99"]);
    expect(document.input.format).toBe("nginx");
    expect(document.raw.count).toBe(ok.length);
    expect(document.input.failed.count).toBe(rows.filter((r) => r.status >= 400).length);
    expect(document.raw.min).toBeCloseTo(ok[0]!, 9);
    expect(document.raw.max).toBeCloseTo(ok.at(-1)!, 9);
    for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], nearestRank(ok, Number(p)));
  });

  it("--log-format reads a custom layout; --metric upstream_response_time sums retries and skips '-'", async () => {
    const rows = timing();
    expect(rows.some((r) => r.raw.includes(","))).toBe(true); // nginx retried on the dead peer
    const rt = okMs(rows.map((r) => ({ status: r.status, ms: r.rt * 1000 })));
    const byRequestTime = await latstatJson([ff("nginx/timing.log"), "--log-format", TIMING, "-p", "50,99"]);
    expect(byRequestTime.input.format).toBe("nginx");
    expect(byRequestTime.raw.count).toBe(rt.length);
    for (const p of ["50", "99"]) expectHdrClose(byRequestTime.raw.percentiles[p], nearestRank(rt, Number(p)));
    const urt = okMs(rows.map((r) => ({ status: r.status, ms: r.urt === undefined ? undefined : r.urt * 1000 })));
    const pasted = `log_format timing '${TIMING.replace('"$request" ', `"$request" '\n    '`)}';`;
    const byUpstream = await latstatJson([ff("nginx/timing.log"), "--log-format", pasted, "--metric", "upstream_response_time", "-p", "50,99"]);
    expect(byUpstream.raw.count).toBe(urt.length);
    expect(byUpstream.input.skippedByReason["no upstream_response_time (-)"]).toBe(rows.filter((r) => r.urt === undefined && r.status < 400).length);
    // Failures are a share of all requests, whatever the metric.
    expect(byUpstream.input.failed).toEqual(byRequestTime.input.failed);
    expect(byUpstream.raw.max).toBeCloseTo(urt.at(-1)!, 9);
    for (const p of ["50", "99"]) expectHdrClose(byUpstream.raw.percentiles[p], nearestRank(urt, Number(p)));
  });

  it("reads a list of upstream times that a space-delimited field follows (nginx's ', ' and ' : ' hold spaces)", async () => {
    const layout = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time $msec';
    const lines = [
      ["0.008", "0.000, 0.007", "1796496060.307"],
      ["0.004", "0.003", "1796496061.104"],
      ["0.030", "0.010, 0.002 : 0.015", "1796496062.530"],
      ["0.001", "-", "1796496063.000"],
    ].map(([rt, urt, msec], i) => `127.0.0.1 - - [05/Dec/2026:18:41:0${i} +0000] "GET /${i} HTTP/1.1" 200 2 "-" "curl/7.88.1" ${rt} ${urt} ${msec}`);
    const file = tempFile("upstream-lists.log", lines.join("\n") + "\n");
    const byRequestTime = await latstatJson([file, "--log-format", layout, "-p", "100"]);
    expect(byRequestTime.input).toMatchObject({ recorded: 4, rejected: 0 });
    expect(byRequestTime.raw.max).toBeCloseTo(30, 9);
    const byUpstream = await latstatJson([file, "--log-format", layout, "--metric", "upstream_response_time", "-p", "100"]);
    expect(byUpstream.input).toMatchObject({ recorded: 3, rejected: 0 });
    // 0.010 + 0.002 + 0.015 s; 0.000 + 0.007 s; and 0.003 s.
    expect([byUpstream.raw.min, byUpstream.raw.max]).toEqual([3, 27]);
    expect(byUpstream.raw.mean).toBeCloseTo((7 + 3 + 27) / 3, 2);
  });

  it("reads the other upstream lists a space follows: statuses and addresses of each upstream tried", async () => {
    const layout = '$remote_addr [$time_local] "$request" $status $upstream_addr $upstream_status $upstream_response_time $request_time "$http_user_agent"';
    const lines = [
      '1.2.3.4 [10/Oct/2026:13:55:00 +0000] "GET /x HTTP/1.1" 200 10.0.0.1:80, 10.0.0.2:80 502, 200 0.100, 0.200 0.350 "curl/8"',
      '1.2.3.4 [10/Oct/2026:13:55:02 +0000] "GET /x HTTP/1.1" 200 10.0.0.1:80 200 0.010 0.020 "curl/8"',
    ];
    const file = tempFile("upstream-addr-status.log", lines.join("\n") + "\n");
    const byRequestTime = await latstatJson([file, "--log-format", layout, "-p", "100"]);
    expect(byRequestTime.input).toMatchObject({ recorded: 2, rejected: 0 });
    expect([byRequestTime.raw.min, byRequestTime.raw.max]).toEqual([20, 350]);
    const byUpstream = await latstatJson([file, "--log-format", layout, "--metric", "upstream_response_time", "-p", "100"]);
    expect([byUpstream.raw.min, byUpstream.raw.max]).toEqual([10, 300]);
  });

  it("counts a failed request without an upstream time as failed, and every request in the share", async () => {
    // 7 requests, 2 failed: a 502 from the upstream, and a 503 nginx answered itself (limit_req: no upstream, `-`);
    // a 200 from nginx's cache has no upstream time either.
    const log = [
      ["200", "0.010", "0.009"],
      ["200", "0.020", "0.019"],
      ["502", "0.030", "0.030"],
      ["200", "0.040", "0.039"],
      ["503", "0.000", "-"],
      ["200", "0.001", "-"],
      ["200", "0.050", "0.049"],
    ].map(([status, rt, urt], i) => `2026-11-27T12:10:0${i}+00:00 1 "GET /api HTTP/1.1" ${status} rt=${rt} urt="${urt}" uct="0.000"`);
    const stdin = log.join("\n") + "\n";
    const args = (metric: string) => ["-", "-f", "nginx", "--log-format", TIMING, "--metric", metric, "--json"];
    const byRequestTime = JSON.parse((await runCli(args("request_time"), { stdin })).stdout);
    const byUpstream = JSON.parse((await runCli(args("upstream_response_time"), { stdin })).stdout);
    expect(byRequestTime.input.failed).toEqual({ count: 2, rate: 2 / 7, known: true, excluded: 2 });
    expect(byUpstream.input.failed).toEqual({ count: 2, rate: 2 / 7, known: true, excluded: 2 });
    expect(byUpstream.raw.count).toBe(4);
    expect(byUpstream.input.skippedByReason).toEqual({ failed: 2, "no upstream_response_time (-)": 1 });
    const text = await runCli(args("upstream_response_time").slice(0, -1), { stdin });
    expect(text.stdout).toContain("2 of 7 requests failed (28.57%)");
  });

  it("tells from the lines which of two trailing times is $request_time in a guessed layout", async () => {
    // combined + two times, in either order: $request_time is never "-" nor a list, and never less than
    // $upstream_response_time, which it includes (ngx_http_log_module, ngx_http_upstream_module).
    const line = (times: string, second = 1) => `10.0.0.1 - - [05/Dec/2026:09:00:${String(second).padStart(2, "0")} +0000] "GET /api/x HTTP/1.1" 200 12 "-" "curl/8.5.0" ${times}`;
    const upstreamFirst = Array.from({ length: 30 }, (_, i) => line("0.010 0.500", i));
    expect(decodeLines(nginxFormat, upstreamFirst)).toEqual(Array(30).fill({ value: 500e6 }));
    const requestFirst = Array.from({ length: 30 }, (_, i) => line("0.500 0.010", i));
    expect(decodeLines(nginxFormat, requestFirst)).toEqual(Array(30).fill({ value: 500e6 }));
    // "-" (no upstream) or a list in the first place settles it at once: the earlier equal lines are read so too.
    const settled = [line("0.004 0.004"), line("-, 0.006 0.007"), line("- 0.002"), line("0.003, 0.004 0.008"), line("0.001 0.001")];
    expect(decodeLines(nginxFormat, settled)).toEqual([{ value: 4e6 }, { value: 7e6 }, { value: 2e6 }, { value: 8e6 }, { value: 1e6 }]);
    const file = tempFile("urt-rt.log", settled);
    const read = await runCli([file, "-f", "nginx", "--json"]);
    expect(JSON.parse(read.stdout).input).toMatchObject({ recorded: 5, skipped: 0, rejected: 0 });
    expect(read.stderr).toContain('reading the nginx log as "combined + $upstream_response_time $request_time"');
    // Lines that cannot tell (equal times): the first order, said to be assumed.
    const equal = await runCli([tempFile("equal.log", [line("0.005 0.005"), line("0.007 0.007")]), "--json"]);
    expect(equal.stderr).toContain('reading the nginx log as "combined + $request_time $upstream_response_time": $remote_addr');
    expect(equal.stderr).toContain("(assumed: its first 2 lines do not tell which field is which; give yours with --log-format)");
    // A real capture's two times differ by a ms or so either way (nginx measures them apart, each to the ms): such
    // lines do not vote. Five such lines, then a request slow for the client and quick upstream: $request_time first.
    const near = [...["0.004 0.005", "0.005 0.004", "0.004 0.005", "0.003 0.004", "0.004 0.005"].map((t, i) => line(t, i)), ...Array.from({ length: 6 }, (_, i) => line("2.000 0.005", 10 + i))];
    expect(decodeLines(nginxFormat, near).map((o) => ("value" in o ? o.value / 1e6 : o))).toEqual([4, 5, 4, 3, 4, 2000, 2000, 2000, 2000, 2000, 2000]);
    // A line held back is booked as its own line: its rejection names it.
    const held = await runCli([tempFile("held.log", [line("0.005 0.005"), line("0.005 0.005").replace("05/Dec", "35/Dec"), line("- 0.002")])]);
    expect(held.stderr).toContain("held.log:2: bad time");
    // The byte path gives what the string path gives.
    const bytes = Buffer.from([...settled, ...upstreamFirst].join("\n") + "\n");
    expect(decodeBytes(nginxFormat, bytes, {}, true)).toEqual(decodeBytes(nginxFormat, bytes, {}, false));
  });

  it("starts a request at $msec − request time ($time_local: its second less the latency's), labels it method + path without the query", () => {
    const lines = fixtureLines("nginx/combined-request-time.log");
    const decoded = decodeAll(nginxFormat, lines);
    expect(rejectsOf(decoded)).toEqual([]);
    const first = samplesOf(decoded)[0]!;
    expect(first.startNs).toBe(parseClfNs(/\[([^\]]+)\]/.exec(lines[0]!)![1]!));
    const [msec] = samplesOf(decodeAll(nginxFormat, ["1795781400.250 200 0.040"], { logFormat: "$msec $status $request_time" }));
    expect(msec!.startNs).toBe(1795781400.25e9 - 40e6);
    expect(first.label).toBe("GET /api/users");
    // $time_local is when the line was written, to the second: a 2.7 s request logged at :13 started at :10 (the
    // second less the latency rounded to whole seconds); one of 0.4 s in the second it was logged in.
    const slow = (rt: string) => `127.0.0.1 - - [27/Nov/2026:12:10:13 +0000] "GET /slow HTTP/1.1" 200 14 "-" "hey/0.0.1" ${rt}`;
    const [long, short] = samplesOf(decodeAll(nginxFormat, [slow("2.700"), slow("0.400")]));
    expect(long!.startNs).toBe(Date.UTC(2026, 10, 27, 12, 10, 10) * 1e6);
    expect(short!.startNs).toBe(Date.UTC(2026, 10, 27, 12, 10, 13) * 1e6);
    // The same on the byte path, which reads long logs (past the first line, which settles the layout).
    const bytes = Buffer.from([slow("0.400"), slow("2.700"), slow("0.400")].join("\n") + "\n");
    const counts = { slowLines: 0 };
    expect(decodeBytes(nginxFormat, bytes, {}, true, [], counts)).toEqual(decodeBytes(nginxFormat, bytes, {}, false));
    expect(counts.slowLines).toBe(1);
    const retry = samplesOf(decodeAll(nginxFormat, fixtureLines("nginx/timing.log"), { logFormat: TIMING, key: "connection" })).find((s) => s.label?.startsWith("GET /retry"))!;
    expect(retry.label).toBe("GET /retry/api/search");
    expect(retry.key).toMatch(/^\d+$/);
  });

  it("is detected on the default layout; a custom layout is named by --log-format", async () => {
    expect(nginxFormat.sniff(fixtureLines("nginx/combined-request-time.log").slice(0, 200)).score).toBeGreaterThanOrEqual(0.9);
    const undetected = await runCli([ff("nginx/timing.log")]);
    expect(undetected.code).toBe(2);
    expect(undetected.stderr).toMatch(/cannot tell the input format \(.*nginx: 0 of 200 lines are nginx combined \+ \$request_time \(another layout needs --log-format\).*\(name it with -f FORMAT/);
  });

  it("pasted log_format directives are unwrapped; fields with nothing between them are refused", () => {
    expect(unwrapNginxLogFormat(`log_format main escape=json '$remote_addr "$request" '\n '$request_time';`)).toBe('$remote_addr "$request" $request_time');
    expect(unwrapNginxLogFormat("$status $request_time")).toBe("$status $request_time");
    expect(tokenizeNginx("${status}x$request_time").map((t) => ("literal" in t ? t.literal : t.field.directive))).toEqual(["${status}", "x", "$request_time"]);
    expect(() => nginxFormat.createDecoder({ logFormat: "$status$request_time" })).toThrow(/\$status and \$request_time have nothing between them/);
    expect(() => nginxFormat.createDecoder({ logFormat: "$remote_addr $status" })).toThrow(/has no request-time field/);
    expect(() => nginxFormat.createDecoder({ metric: "upstream_connect_time" })).toThrow(/not a timing of this log format/);
  });

  it("rejects broken lines with their numbers", async () => {
    await expectRejected("nginx/combined-request-time.log", {
      1: (l) => l.replace(/ [\d.]+$/, " 0,004"),
      2: (l) => l.replace(/^(\S+) /, "$1"),
      3: (l) => l.replace(/\[[^\]]+\]/, "[yesterday]"),
    });
  });
});
