import { describe, expect, it } from "vitest";
import { apacheFormat, tokenizeApache, unwrapApacheLogFormat } from "../../src/formats/apache.js";
import { parseClfNs } from "../../src/formats/time-fields.js";
import { decodeAll, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, nearestRank, rejectsOf, samplesOf } from "../helpers/formats.js";

const MSEC_MS = '%{msec}t %>s \\"%r\\" %{ms}T %k';

describe("apache access log", () => {
  it("combined + %D (the default layout): microseconds, non-2xx/3xx failed", async () => {
    const rows = fixtureLines("apache/combined-D.log").map((l) => ({ us: Number(l.split(" ").at(-1)), status: Number(/" (\d{3}) /.exec(l)![1]) }));
    const ok = rows.filter((r) => r.status < 400).map((r) => r.us / 1000).sort((a, b) => a - b);
    const document = await latstatJson([ff("apache/combined-D.log"), "-p", "50,90,99"]);
    expect(document.input.format).toBe("apache");
    expect(document.raw.count).toBe(ok.length);
    expect(document.input.failed.count).toBe(rows.length - ok.length);
    expect(document.raw.min).toBeCloseTo(ok[0]!, 9);
    expect(document.raw.max).toBeCloseTo(ok.at(-1)!, 9);
    for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], nearestRank(ok, Number(p)));
  });

  it("--log-format as pasted from httpd.conf: %{msec}t as start, %{ms}T as latency", async () => {
    const lines = fixtureLines("apache/msec-ms.log");
    const rows = lines.map((l) => l.split(" ")).map((f) => ({ msec: Number(f[0]), status: Number(f[1]), ms: Number(f.at(-2)) }));
    const ok = rows.filter((r) => r.status < 400).map((r) => r.ms).sort((a, b) => a - b);
    const document = await latstatJson([ff("apache/msec-ms.log"), "--log-format", `LogFormat "${MSEC_MS}" msec_ms`, "-p", "50,99"]);
    expect(document.input.format).toBe("apache");
    expect(document.raw.count).toBe(ok.length);
    for (const p of ["50", "99"]) expectHdrClose(document.raw.percentiles[p], nearestRank(ok, Number(p)));
    const samples = samplesOf(decodeAll(apacheFormat, lines, { logFormat: unwrapApacheLogFormat(`LogFormat "${MSEC_MS}" msec_ms`) }));
    expect(samples[0]).toEqual({ latencyNs: rows[0]!.ms * 1e6, status: rows[0]!.status, startNs: rows[0]!.msec * 1e6, label: "GET /api/users" });
  });

  it("reads %t in brackets as the start and %r as the label", () => {
    const lines = fixtureLines("apache/combined-D.log");
    const decoded = decodeAll(apacheFormat, lines);
    expect(rejectsOf(decoded)).toEqual([]);
    const first = samplesOf(decoded)[0]!;
    expect(first.startNs).toBe(parseClfNs(/\[([^\]]+)\]/.exec(lines[0]!)![1]!));
    expect(first.label).toBe("GET /api/users");
    expect(samplesOf(decoded).some((s) => s.label === "GET /api/search")).toBe(true); // query string dropped
  });

  it("tokenizes Apache's directives: modifiers, {arguments}, %% and the final status", () => {
    const names = (format: string) => tokenizeApache(format).map((t) => ("literal" in t ? `'${t.literal}'` : `${t.field.directive}:${t.field.role.role}`));
    expect(names('%h %400,501{User-agent}i %% %s %>s %{%d/%b}t %{end:msec}t %D')).toEqual([
      "%h:other", "' '", "%400,501{User-agent}i:other", "' '", "'%'", "' '", "%s:other", "' '", "%>s:status", "' '", "%{%d/%b}t:other", "' '", "%{end:msec}t:time", "' '", "%D:latency",
    ]);
    expect(unwrapApacheLogFormat('LogFormat "%h \\"%r\\" %D" timed')).toBe('%h "%r" %D');
    expect(unwrapApacheLogFormat('%h "%r" %D')).toBe('%h "%r" %D');
    // %{end:…}t is the end of the request: start = time − latency.
    const [sample] = samplesOf(decodeAll(apacheFormat, ["1795780474864 200 5"], { logFormat: "%{end:msec}t %>s %{ms}T" }));
    expect(sample!.startNs).toBe(1795780474864e6 - 5e6);
  });

  it("is detected on the default layout, and not taken for nginx", async () => {
    expect(apacheFormat.sniff(fixtureLines("apache/combined-D.log").slice(0, 200)).score).toBeGreaterThanOrEqual(0.9);
    expect((await latstatJson([ff("apache/combined-D.log")])).input.format).toBe("apache");
  });

  it("rejects broken lines with their numbers", async () => {
    await expectRejected("apache/combined-D.log", {
      4: (l) => l.replace(/ \d+$/, " 4.2ms"),
      5: (l) => l.replace(/"[^"]*"/, "GET / HTTP/1.1"),
      6: (l) => l.replace(/\[[^\]]+\]/, "[27/Nov/2026:25:61:00 +0000]"),
    });
  });
});
