import { describe, expect, it } from "vitest";
import { envoyFormat } from "../../src/formats/envoy.js";
import { parseIsoNs } from "../../src/base/iso-time.js";
import { decodeAll, expectedOf, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, rejectsOf, samplesOf, tempFile } from "../helpers/formats.js";

describe("envoy access log (default format)", () => {
  it("%DURATION% in ms, non-2xx/3xx failed", async () => {
    const expected = expectedOf("envoy/access.log");
    const document = await latstatJson([ff("envoy/access.log"), "-p", "50,90,99"]);
    expect(document.input.format).toBe("envoy");
    expect(document.raw.count).toBe(expected.ok);
    expect(document.input.failed.count).toBe(expected.failed);
    expect(document.raw.min).toBe(expected.minMs);
    expect(document.raw.max).toBe(expected.maxMs);
    for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], expected.percentilesMs[p]!);
  });

  it("reads start time, method + path (no query) and status; --metric the upstream service time, '-' a failed request of no latency", async () => {
    const lines = fixtureLines("envoy/access.log");
    const decoded = decodeAll(envoyFormat, lines);
    expect(rejectsOf(decoded)).toEqual([]);
    const f = /^\[([^\]]+)\] "(\S+) (\S+) [^"]*" (\d+) \S+ \d+ \d+ (\d+)/.exec(lines[0]!)!;
    expect(samplesOf(decoded)[0]).toEqual({ latencyNs: Number(f[5]) * 1e6, status: Number(f[4]), startNs: parseIsoNs(f[1]!), label: `${f[2]} ${f[3]!.split("?")[0]}` });
    const upstream = await latstatJson([ff("envoy/access.log"), "--metric", "X-ENVOY-UPSTREAM-SERVICE-TIME", "--include-errors"]);
    const noRoute = lines.filter((l) => l.includes(" NR ")).length;
    // Envoy answered them itself (404 no route): failed requests without an upstream time, counted as failed.
    expect(upstream.input.skippedByReason).toEqual({ failed: noRoute });
    expect(upstream.input.failed.count).toBe(lines.filter((l) => / [45]\d\d /.test(l)).length);
    expect(upstream.input.failed.rate).toBe(upstream.input.failed.count / lines.length);
    expect(upstream.raw.count).toBe(lines.length - noRoute);
  });

  it("--label picks an endpoint; --log-format reads another Envoy format string", async () => {
    const expected = expectedOf("envoy/access.log");
    const users = await latstatJson([ff("envoy/access.log"), "--label", "GET /api/users", "--include-errors"]);
    expect(users.raw.count).toBe(expected.labelsGetApiUsers);
    const custom = ["2026-11-02T09:00:00.000Z 200 12 GET /a", "2026-11-02T09:00:01.000Z 503 30 GET /b"];
    const samples = samplesOf(decodeAll(envoyFormat, custom, { logFormat: "%START_TIME% %RESPONSE_CODE% %RESPONSE_DURATION% %REQ(:METHOD)% %REQ(:PATH)%\\n", metric: "RESPONSE_DURATION" }));
    expect(samples).toEqual([
      { latencyNs: 12e6, status: 200, startNs: parseIsoNs("2026-11-02T09:00:00Z"), label: "GET /a" },
      { latencyNs: 30e6, status: 503, startNs: parseIsoNs("2026-11-02T09:00:01Z"), label: "GET /b" },
    ]);
  });

  it("is detected", async () => {
    expect(envoyFormat.sniff(fixtureLines("envoy/access.log").slice(0, 200)).score).toBeGreaterThanOrEqual(0.9);
    expect((await latstatJson([ff("envoy/access.log")])).input.format).toBe("envoy");
    // A short log whose one failed request Envoy could not time (%DURATION% is `-`): still Envoy's lines.
    const short = [
      `[2026-11-02T09:00:00.123Z] "GET /api/users HTTP/1.1" 200 - 0 24 5 4 "-" "hey/0.0.1" "6c1c2a2e-8f1e-4e7a-9a55-3f0f5b0f6a01" "127.0.0.1:10000" "127.0.0.1:8080"`,
      `[2026-11-02T09:00:00.223Z] "GET /api/users HTTP/1.1" 0 DC 0 0 - - "-" "hey/0.0.1" "6c1c2a2e-8f1e-4e7a-9a55-3f0f5b0f6a02" "127.0.0.1:10000" "-"`,
    ];
    expect(envoyFormat.sniff(short).score).toBeGreaterThanOrEqual(0.9);
    const read = await latstatJson([tempFile("short-envoy.log", short)]);
    expect(read.input).toMatchObject({ format: "envoy", recorded: 1 });
    expect(read.input.failed).toMatchObject({ count: 1 });
  });

  it("a quote inside a quoted value (Envoy does not escape them, envoyproxy/envoy#4191) leaves the line readable", () => {
    // The default format's example line of Envoy's documentation, with User-Agents holding quotes.
    const line = (ua: string) => `[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "${ua}" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"`;
    const expected = { latencyNs: 226e6, status: 204, startNs: parseIsoNs("2016-04-15T20:17:00.310Z"), label: "POST /api/v1/locations" };
    for (const ua of ['weird "quote" agent', '"', 'x"', '" "x', "nsq2http"]) expect(decodeAll(envoyFormat, [line(ua)]), ua).toEqual([{ sample: expected }]);
    // A quote in the last field, and fields read after a quoted one: the field ends at the quote the layout's
    // literal follows (`" "`, or `"` at the line's end).
    const logFormat = '[%START_TIME%] "%REQ(USER-AGENT)%" "%REQ(:METHOD)% %REQ(:PATH)%" %RESPONSE_CODE% %DURATION% "%UPSTREAM_HOST%"';
    const custom = ['[2016-04-15T20:17:00.310Z] "a "b" c" "GET /x" 200 7 "10.0.2.1:80"', '[2016-04-15T20:17:00.310Z] "curl" "GET /y" 503 12 "odd"host"'];
    expect(samplesOf(decodeAll(envoyFormat, custom, { logFormat }))).toEqual([
      { latencyNs: 7e6, status: 200, startNs: parseIsoNs("2016-04-15T20:17:00.310Z"), label: "GET /x" },
      { latencyNs: 12e6, status: 503, startNs: parseIsoNs("2016-04-15T20:17:00.310Z"), label: "GET /y" },
    ]);
  });

  it("rejects broken lines with their numbers", async () => {
    await expectRejected("envoy/access.log", {
      10: (l) => l.replace(/^\[[^\]]+\]/, "[now]"),
      20: (l) => l.replace(/" (\d+) (\S+) (\d+) (\d+) (\d+) /, '" $1 $2 $3 $4 six '),
      30: (l) => l.slice(0, 60),
    });
  });
});
