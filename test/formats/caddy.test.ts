import { describe, expect, it } from "vitest";
import { caddyFormat } from "../../src/formats/caddy.js";
import { decodeAll, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, nearestRank, rejectsOf, samplesOf } from "../helpers/formats.js";

/** The log read independently: JSON.parse per line, Caddy's documented fields. */
const records = () => fixtureLines("caddy/access.log").map((l) => JSON.parse(l));

describe("caddy access log (made by Caddy 2.6 on loopback)", () => {
  it("duration in s, non-2xx/3xx failed", async () => {
    const rows = records();
    const ok = rows.filter((r) => r.status < 400).map((r) => r.duration * 1000).sort((a, b) => a - b);
    const document = await latstatJson([ff("caddy/access.log"), "-p", "50,90,99"]);
    expect(document.input.format).toBe("caddy");
    expect(document.raw.count).toBe(ok.length);
    expect(document.input.failed.count).toBe(rows.length - ok.length);
    for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], nearestRank(ok, Number(p)));
  });

  it("start = ts − duration; label without the query; host and key; --group-by a dotted field and path", async () => {
    const lines = fixtureLines("caddy/access.log");
    const decoded = decodeAll(caddyFormat, lines);
    expect(rejectsOf(decoded)).toEqual([]);
    const line = lines.find((l) => l.includes("q=latency"))!;
    const r = JSON.parse(line);
    const latencyNs = Math.round(r.duration * 1e9);
    // The client's address and port are its key only when --per asks (a client may use a pool of connections).
    expect(samplesOf(decodeAll(caddyFormat, [line]))[0]!.key).toBeUndefined();
    expect(samplesOf(decodeAll(caddyFormat, [line], { key: "connection" }))[0]).toEqual({ latencyNs, startNs: Math.round(r.ts * 1e9) - latencyNs, status: r.status, method: "GET", label: "GET /api/search", host: r.request.host, key: `${r.request.remote_ip}:${r.request.remote_port}` });
    const byPath = await latstatJson([ff("caddy/access.log"), "--group-by", "path", "--group-by", "request.proto", "--include-errors"]);
    const group = byPath.groups.find((g: any) => g.values.path === "/static/logo.txt");
    expect(group.count).toBe(records().filter((x) => x.request.uri === "/static/logo.txt").length);
    expect(group.values["request.proto"]).toBe("HTTP/1.1");
  });

  it("Caddy's other log lines are skipped; broken lines are rejected with their numbers", async () => {
    expect(decodeAll(caddyFormat, ['{"level":"info","ts":1,"logger":"tls","msg":"cleaning storage unit"}'])).toEqual([{ skip: "not an access log entry" }]);
    await expectRejected("caddy/access.log", { 7: (l) => l.replace(/"duration":[\d.e-]+/, '"duration":"soon"'), 17: (l) => l.slice(0, 60) });
  });

  it("every time_format and duration_format of Caddy's encoder config (modules/logging/encoders.go, zap's encoders)", () => {
    // One request: ended 2026-12-04T23:06:02.051Z, took 2.067994 ms.
    const endMs = Date.UTC(2026, 11, 4, 23, 6, 2, 51);
    const latencyNs = 2_067_994;
    const line = (ts: string, duration = "0.002067994") =>
      `{"level":"info","ts":${ts},"logger":"http.log.access","msg":"handled request","request":{"method":"GET","uri":"/a"},"duration":${duration},"status":200}`;
    const times: Record<string, string> = {
      unix_seconds_float: String(endMs / 1000),
      unix_milli_float: String(endMs),
      unix_nano: String(endMs * 1e6),
      iso8601: '"2026-12-04T23:06:02.051Z"',
      rfc3339: '"2026-12-04T23:06:02Z"',
      rfc3339_nano: '"2026-12-04T23:06:02.051Z"',
      wall: '"2026/12/04 23:06:02"',
      wall_milli: '"2026/12/04 23:06:02.051"',
      wall_nano: '"2026/12/04 23:06:02.051000000"',
      common_log: '"04/Dec/2026:23:06:02 +0000"',
    };
    const wholeSecond = new Set(["rfc3339", "wall", "common_log"]);
    for (const [format, ts] of Object.entries(times)) {
      const [sample] = samplesOf(decodeAll(caddyFormat, [line(ts)]));
      const end = wholeSecond.has(format) ? endMs - 51 : endMs;
      // Within 1 µs: epoch ms and ns in a double are exact to ~256 ns.
      expect(Math.abs(sample!.startNs! - (end * 1e6 - latencyNs)), format).toBeLessThan(1000);
      expect(sample!.latencyNs, format).toBe(latencyNs);
    }
    // duration_format nano (an integer) and string (Go's text); seconds is the default above.
    expect(samplesOf(decodeAll(caddyFormat, [line(times.unix_seconds_float!, String(latencyNs))]))[0]!.latencyNs).toBe(latencyNs);
    expect(samplesOf(decodeAll(caddyFormat, [line(times.unix_seconds_float!, '"2.067994ms"')]))[0]!.latencyNs).toBe(latencyNs);
    // Go's Duration.String() from a minute on (a long poll, a WebSocket).
    expect(samplesOf(decodeAll(caddyFormat, [line(times.unix_seconds_float!, '"1m2.5s"')]))[0]!.latencyNs).toBe(62.5e9);
    expect(samplesOf(decodeAll(caddyFormat, [line(times.unix_seconds_float!, '"1h0m0.000000001s"')]))[0]!.latencyNs).toBe(3600e9 + 1);
    // A whole number of seconds below 1,000 is seconds still (a 3 s request, duration_format seconds).
    expect(samplesOf(decodeAll(caddyFormat, [line(times.unix_seconds_float!, "3")]))[0]!.latencyNs).toBe(3e9);
    // The first number settles the unit for the log: seconds stay seconds, whatever a later whole number.
    const settled = samplesOf(decodeAll(caddyFormat, [line(times.unix_seconds_float!, "0.5"), line(times.unix_seconds_float!, "1500")]));
    expect(settled.map((s) => s.latencyNs)).toEqual([0.5e9, 1500e9]);
    // duration_format ms writes floats of milliseconds: --unit ms reads them.
    expect(samplesOf(decodeAll(caddyFormat, [line(times.unix_seconds_float!, "4.833879")], { unit: "ms" }))[0]!.latencyNs).toBe(4_833_879);
  });
});
