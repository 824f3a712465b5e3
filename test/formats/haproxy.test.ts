import { describe, expect, it } from "vitest";
import { haproxyFormat } from "../../src/formats/haproxy.js";
import { decodeAll, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, nearestRank, rejectsOf, samplesOf, tempFile } from "../helpers/formats.js";
import { runCli } from "../helpers/run-cli.js";

/** The HTTP log read independently: a regex per line, HAProxy's manual for what the fields mean. */
function httpRows() {
  return fixtureLines("haproxy/http.log").map((l) => {
    const m = /^\S+ \[[^\]]+\] \S+ (\S+)\/(\S+) (-?\d+)\/(-?\d+)\/(-?\d+)\/(-?\d+)\/(\d+) (-?\d+) \d+ \S+ \S+ (\S)\S* .* "(\S+)(?: (\S+))?[^"]*"$/.exec(l)!;
    const timers = [m[3], m[4], m[5], m[6], m[7]].map(Number);
    const status = Number(m[8]);
    const aborted = timers.includes(-1) && m[9] !== "L";
    return { backend: m[1]!, server: m[2]!, timers, status, failed: aborted || status < 200 || status >= 400, path: m[11]?.split("?")[0] };
  });
}

describe("haproxy log (made by HAProxy 2.6 on loopback)", () => {
  it("HTTP log: Ta in ms; -1 timers and non-2xx/3xx failed; HAProxy's own redirects (LR--) are not", async () => {
    const rows = httpRows();
    expect(rows.some((r) => r.timers.includes(-1) && !r.failed)).toBe(true); // the 302s HAProxy answered itself
    expect(rows.some((r) => r.status === 504 && r.timers[3] === -1)).toBe(true); // server timeouts
    const ok = rows.filter((r) => !r.failed).map((r) => r.timers[4]!).sort((a, b) => a - b);
    const document = await latstatJson([ff("haproxy/http.log"), "-p", "50,90,99"]);
    expect(document.input.format).toBe("haproxy");
    expect(document.raw.count).toBe(ok.length);
    expect(document.input.failed.count).toBe(rows.filter((r) => r.failed).length);
    expect(document.raw.max).toBe(ok.at(-1));
    for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], nearestRank(ok, Number(p)));
  });

  it("--metric Tr: an aborted Tr (-1) is a failed request with no latency", async () => {
    const rows = httpRows();
    const ok = rows.filter((r) => !r.failed && r.timers[3] !== -1).map((r) => r.timers[3]!).sort((a, b) => a - b);
    const document = await latstatJson([ff("haproxy/http.log"), "--metric", "Tr", "-p", "50,99"]);
    expect(document.raw.count).toBe(ok.length);
    expect(document.input.failed.count).toBe(rows.filter((r) => r.failed).length);
    expect(document.input.skippedByReason["no Tr (-1: answered by HAProxy)"]).toBe(rows.filter((r) => !r.failed && r.timers[3] === -1).length);
    for (const p of ["50", "99"]) expectHdrClose(document.raw.percentiles[p], nearestRank(ok, Number(p)));
    const included = await latstatJson([ff("haproxy/http.log"), "--metric", "Tr", "--include-errors"]);
    expect(included.raw.count).toBe(rows.filter((r) => r.timers[3] !== -1).length);
    expect(included.input.skippedByReason.failed).toBe(rows.filter((r) => r.failed && r.timers[3] === -1).length);
  });

  it("--group-by backend, server, path count the requests of each", async () => {
    const rows = httpRows();
    const document = await latstatJson([ff("haproxy/http.log"), "--group-by", "backend", "--group-by", "server"]);
    const counts = Object.fromEntries(document.groups.map((g: any) => [`${g.values.backend}/${g.values.server}`, g.count]));
    const expected: Record<string, number> = {};
    for (const r of rows) expected[`${r.backend}/${r.server}`] = (expected[`${r.backend}/${r.server}`] ?? 0) + (r.failed ? 0 : 1);
    expect(counts).toEqual(expected);
    const byPath = await latstatJson([ff("haproxy/http.log"), "--group-by", "path", "--include-errors"]);
    expect(byPath.groups.find((g: any) => g.values.path === "/api/users").count).toBe(httpRows().filter((r) => r.path === "/api/users").length);
  });

  it("reads the request's start, label, key and status; the syslog prefix of the TCP log; Tt of TCP sessions", async () => {
    const lines = fixtureLines("haproxy/http.log");
    const decoded = decodeAll(haproxyFormat, lines);
    expect(rejectsOf(decoded)).toEqual([]);
    const line = lines.find((l) => l.includes('"GET /api/users '))!;
    const [, ip, port, d, mon, y, h, mi, s, ms, ta, status] = /^(\S+):(\d+) \[(\d+)\/(\w+)\/(\d+):(\d+):(\d+):(\d+)\.(\d+)\] .*\/(\d+) (\d+) /.exec(line)!;
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    expect(samplesOf(decodeAll(haproxyFormat, [line]))[0]!.key).toBeUndefined();
    const sample = samplesOf(decodeAll(haproxyFormat, [line], { key: "connection" }))[0]!;
    expect(sample).toEqual({ latencyNs: Number(ta) * 1e6, startNs: Date.UTC(Number(y), months.indexOf(mon!), Number(d), Number(h), Number(mi), Number(s), Number(ms)) * 1e6, key: `${ip}:${port}`, status: Number(status), method: "GET", label: "GET /api/users" });
    const tcp = fixtureLines("haproxy/tcp.log");
    expect(tcp[0]).toMatch(/^<\d+>\w+ +\d+ [\d:]+ \S+ haproxy\[\d+\]: /);
    const tt = tcp.map((l) => Number(/ \d+\/\d+\/(\d+) \d+ /.exec(l)![1])).sort((a, b) => a - b);
    const document = await latstatJson([ff("haproxy/tcp.log"), "-p", "50"]);
    expect(document.raw.count).toBe(tt.length);
    expectHdrClose(document.raw.percentiles["50"], nearestRank(tt, 50));
  });

  it("option httpslog (TLS fields after the request line) and RFC 5424 syslog lines read as the plain HTTP log", () => {
    // HAProxy's default_https_log_format (src/log.c): the httplog format, then
    // %[fc_err]/%[ssl_fc_err,hex]/%[ssl_c_err]/%[ssl_c_ca_err]/%[ssl_fc_is_resumed] %[ssl_fc_sni]/%sslv/%sslc.
    const plain = '192.168.50.1:61818 [27/Jan/2021:21:52:56.086] fe_main be_servers/s1 0/0/1/1/2 200 517 - - ---- 1/1/0/0/0 0/0 {1wt.eu} {} "GET /a?b=1 HTTP/1.1"';
    const expected = { latencyNs: 2e6, startNs: Date.UTC(2021, 0, 27, 21, 52, 56, 86) * 1e6, status: 200, method: "GET", label: "GET /a" };
    const lines = [
      `${plain} 0/0/0/0/0 1wt.eu/TLSv1.3/TLS_AES_256_GCM_SHA384`,
      `${plain} 0/0000000000000000/0/0/1 -/-/-`,
      // log … format rfc5424: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID, then "-" for the MSGID and the structured data.
      `<134>1 2021-01-27T21:52:56.088812+00:00 lb haproxy 3098 - - ${plain}`,
      `<134>1 2021-01-27T21:52:56.088812+00:00 lb haproxy 3098 - [exampleSDID@32473 iut="3"] ${plain}`,
    ];
    for (const line of lines) expect(samplesOf(decodeAll(haproxyFormat, [line])), line).toEqual([expected]);
    // Two words after the quote that are not the TLS fields leave the line unread.
    expect(decodeAll(haproxyFormat, [`${plain} 0/0/0/0 1wt.eu/TLSv1.3`])).toEqual([{ reject: "not an HAProxy HTTP or TCP log line" }]);
  });

  it("one syslog file of HTTP and TCP frontends: each line is read as its own kind, whichever comes first", async () => {
    // A TCP session first, then the HTTP log with a TCP session after every 50th line: the mix one syslog file of
    // several frontends (option httplog and option tcplog) holds.
    const http = fixtureLines("haproxy/http.log");
    const tcp = fixtureLines("haproxy/tcp.log");
    const mixed = [tcp[0]!];
    http.forEach((line, i) => {
      mixed.push(line);
      if (i % 50 === 49) mixed.push(tcp[mixed.length % tcp.length]!);
    });
    const tcpLines = mixed.filter((l) => l.includes(" tcpin "));
    expect(tcpLines.length).toBeGreaterThan(5);
    // Tt, the last of the three TCP timers, of sessions with no timer of -1 (none failed in this capture).
    const tt = tcpLines.map((l) => / (-?\d+)\/(-?\d+)\/(\d+) \d+ /.exec(l)!.slice(1).map(Number));
    expect(tt.every((t) => !t.includes(-1))).toBe(true);
    const rows = httpRows();
    const ok = [...rows.filter((r) => !r.failed).map((r) => r.timers[4]!), ...tt.map((t) => t[2]!)].sort((a, b) => a - b);
    const file = tempFile("haproxy-mixed.log", mixed);
    const document = await latstatJson([file, "-p", "50,90,99"]);
    expect(document.input.format).toBe("haproxy");
    expect(document.input.lines).toBe(mixed.length);
    expect(document.raw.count).toBe(ok.length);
    expect(document.input.failed.count).toBe(rows.filter((r) => r.failed).length);
    expect(document.input.rejected).toBe(0);
    for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], nearestRank(ok, Number(p)));
    const byFrontend = await latstatJson([file, "--group-by", "frontend", "--include-errors"]);
    const counts = Object.fromEntries(byFrontend.groups.map((g: any) => [g.values.frontend, g.count]));
    expect(counts).toEqual({ web: http.length, tcpin: tcpLines.length });
    const said = await runCli([file]);
    expect(said.stderr).toContain("the log holds HTTP (option httplog) and TCP (option tcplog) lines: each is read as its own kind (Ta of HTTP requests and Tt of TCP sessions)");
  });

  it("a timer the line's kind lacks skips it, logasap's +Ta too; bad metrics and group-by names are refused", () => {
    const http = '127.0.0.1:1 [02/Nov/2026:09:00:00.000] web app/s1 0/0/0/5/+9 200 10 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"';
    const tcp = "127.0.0.1:2 [02/Nov/2026:09:00:00.000] tcpin app/s1 0/0/40 10 -- 1/1/0/0/0 0/0";
    expect(decodeAll(haproxyFormat, [http, tcp])).toEqual([{ skip: "Ta logged before the end (option logasap)" }, { sample: { latencyNs: 40e6, startNs: Date.UTC(2026, 10, 2, 9) * 1e6 } }]);
    expect(decodeAll(haproxyFormat, [tcp], { metric: "Tr" })).toEqual([{ skip: "no Tr (TCP log line)" }]);
    expect(() => haproxyFormat.createDecoder({ metric: "tr" })).toThrow(/not a timer of HAProxy logs/);
    expect(() => haproxyFormat.createDecoder({ groupBy: ["target"] })).toThrow(/--group-by target: HAProxy logs have no such field/);
  });

  it("rejects broken lines with their numbers: a date or a timer missing, a timer below -1 or beyond 10^15 ns", async () => {
    const document = await expectRejected("haproxy/http.log", {
      10: (l) => l.replace(/\[[^\]]+\]/, "[yesterday]"),
      20: (l) => l.replace(/ (\d+)\/(\d+)\/(\d+)\/(\d+)\/(\d+) /, " $1/$2/$3/$4 "),
      30: (l) => l.slice(0, 40),
      40: (l) => l.replace(/ (-?\d+)\/(-?\d+)\/(-?\d+)\/(-?\d+)\/(-?\d+) /, " $1/$2/$3/-5/$5 "),
      50: (l) => l.replace(/ (-?\d+)\/(-?\d+)\/(-?\d+)\/(-?\d+)\/(-?\d+) /, ` $1/$2/$3/$4/${"9".repeat(400)} `),
    });
    expect(Object.keys(document.input.rejectedByReason).sort()).toEqual(["negative timer", "not an HAProxy HTTP or TCP log line", "too large"]);
  });
});
