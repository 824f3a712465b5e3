import { describe, expect, it } from "vitest";
import { traefikFormat } from "../../src/formats/traefik.js";
import { parseClfNs } from "../../src/formats/time-fields.js";
import { parseIsoNs } from "../../src/base/iso-time.js";
import { decodeAll, expectedOf, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, samplesOf, tempFile } from "../helpers/formats.js";

describe("traefik access log (written from Traefik's documented JSON fields and common log format)", () => {
  for (const file of ["traefik/access.json", "traefik/access.log"]) {
    it(`${file}: the duration, failed requests, --group-by RouterName`, async () => {
      const expected = expectedOf(file);
      const document = await latstatJson([ff(file), "-p", "50,90,99", "--group-by", "RouterName"]);
      expect(document.input.format).toBe("traefik");
      expect(document.raw.count).toBe(expected.ok);
      expect(document.input.failed.count).toBe(expected.failed);
      for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], expected.percentilesMs[p]!);
      expect(Object.fromEntries(document.groups.map((g: any) => [g.values.RouterName, g.count]))).toEqual(expected.okByRouter);
    });
  }

  it("JSON: StartUTC, label, host, key; --metric OriginDuration", async () => {
    const line = fixtureLines("traefik/access.json").find((l) => l.includes("page=2"))!;
    const record = JSON.parse(line);
    expect(samplesOf(decodeAll(traefikFormat, [line], { key: "connection" }))[0]).toEqual({
      latencyNs: record.Duration, startNs: parseIsoNs(record.StartUTC), status: record.DownstreamStatus, method: "GET",
      label: `GET ${record.RequestPath.split("?")[0]}`, host: record.RequestHost, key: record.ClientAddr,
    });
    const origin = fixtureLines("traefik/access.json").map((l) => JSON.parse(l)).filter((r) => r.DownstreamStatus < 400).map((r) => r.OriginDuration / 1e6);
    const document = await latstatJson([ff("traefik/access.json"), "--metric", "OriginDuration"]);
    expect(document.raw.max).toBeCloseTo(Math.max(...origin), 6);
  });

  it("JSON, --metric OriginDuration: a request no origin answered has none; a failed one still counts as failed", async () => {
    // Traefik writes OriginDuration only when an origin answered: not for a 404 of no router, nor for a redirect a
    // middleware answered itself.
    const record = (status: number, start: string, origin?: number) =>
      JSON.stringify({ ClientAddr: "192.0.2.10:52118", DownstreamStatus: status, Duration: 9_000_000, ...(origin === undefined ? {} : { OriginDuration: origin, OriginStatus: status }), Overhead: 120_000, RequestMethod: "GET", RequestPath: "/a", StartUTC: start });
    const lines = [record(200, "2026-12-05T09:00:00Z", 4_650_112), record(404, "2026-12-05T09:00:01Z"), record(301, "2026-12-05T09:00:02Z"), record(502, "2026-12-05T09:00:03Z", 30_000_000)];
    const document = await latstatJson([tempFile("traefik-origin.json", lines), "--metric", "OriginDuration"]);
    // Four requests: the 404 and the 502 failed; the 200's 4.650112 ms is the one recorded, the 301 has no origin time.
    expect(document.input.failed.count).toBe(2);
    expect(document.input.failed.rate).toBe(2 / 4);
    expect(document.raw.count).toBe(1);
    expect(document.raw.max).toBeCloseTo(4.650112, 2);
    expect(document.input.skippedByReason).toEqual({ failed: 2, "no OriginDuration (no origin asked)": 1 });
    expect(decodeAll(traefikFormat, [lines[1]!], { metric: "OriginDuration" })).toEqual([{ untimedFailure: { startNs: parseIsoNs("2026-12-05T09:00:01Z"), status: 404, method: "GET", label: "GET /a" } }]);
  });

  it("CLF: a quote inside a quoted value, unescaped (traefik/traefik#11722) or escaped, leaves the line readable", () => {
    // The line of traefik/traefik#11722, a User-Agent `foo " bar` as Traefik wrote it before escaping quotes.
    const line = (ua: string) => `127.0.0.1 - - [28/Apr/2025:00:22:33 +0000] "GET / HTTP/2.0" 200 659 "-" "${ua}" 116 "example@file" "http://127.0.0.1:3001" 1ms`;
    const expected = { latencyNs: 1e6, startNs: Date.UTC(2025, 3, 28, 0, 22, 33) * 1e6, status: 200, method: "GET", label: "GET /", groupValues: ["example@file", "http://127.0.0.1:3001"] };
    for (const ua of ['foo " bar', 'foo \\" bar', '"', '" 1 x', "curl/8.5.0"]) {
      expect(decodeAll(traefikFormat, [line(ua)], { groupBy: ["RouterName", "ServiceURL"] }), ua).toEqual([{ sample: expected }]);
    }
  });

  it("CLF: the date is the start; refused: --metric OriginDuration, other group-by names", () => {
    const line = fixtureLines("traefik/access.log")[0]!;
    const [sample] = samplesOf(decodeAll(traefikFormat, [line]));
    expect(sample!.startNs).toBe(parseClfNs(/\[([^\]]+)\]/.exec(line)![1]!));
    expect(sample!.latencyNs).toBe(Number(/(\d+)ms$/.exec(line)![1]) * 1e6);
    expect(() => decodeAll(traefikFormat, [line], { metric: "OriginDuration" })).toThrow(/common-log-format lines have only the duration/);
    expect(() => decodeAll(traefikFormat, [line], { groupBy: ["ServiceName"] })).toThrow(/--group-by ServiceName: Traefik's common-log-format lines have no such field/);
    // Over 10^15 ns (11.6 days) is a damaged line, not a latency: rejected as in every format (the fuzz test found it).
    const huge = line.replace(/ \d+ms$/, " 4503599627370497ms");
    expect(decodeAll(traefikFormat, [huge])).toEqual([{ reject: "too large" }]);
  });

  it("rejects broken lines with their numbers", async () => {
    await expectRejected("traefik/access.log", {
      3: (l) => l.replace(/ (\d+)ms$/, " $1s"),
      13: (l) => l.replace(/\[[^\]]+\]/, "[now]"),
      // 2^52 + 1 ms, about 143,000 years: beyond what a latency can be, as in every other format.
      20: (l) => l.replace(/ (\d+)ms$/, " 4503599627370497ms"),
    });
    await expectRejected("traefik/access.json", { 4: (l) => l.replace(/"Duration":\d+/, '"Duration":"fast"'), 14: (l) => l.slice(0, 50) });
  });
});
