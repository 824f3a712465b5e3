import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ghzFormat } from "../../src/formats/ghz.js";
import { parseIsoNs } from "../../src/base/iso-time.js";
import { decodeDocument, expectHdrClose, ff, latstatJson, nearestRank, samplesOf } from "../helpers/formats.js";

type Json = Record<string, any>;
const report = () => JSON.parse(readFileSync(ff("ghz/report.json"), "utf8")) as Json;

describe("ghz (ghz -O json / -O pretty)", () => {
  it("reads details[]: failed ones (with an error) left out, figures as ghz's own summary says", async () => {
    const r = report();
    const ok = r.details.filter((d: Json) => d.error === "").map((d: Json) => d.latency as number).sort((a: number, b: number) => a - b);
    const document = await latstatJson([ff("ghz/report.json"), "-p", "10,25,50,75,90,95,99"]);
    expect(document.input).toMatchObject({ format: "ghz", entries: "records", lines: r.details.length, recorded: ok.length });
    expect(document.input.failed.count).toBe(r.details.length - ok.length);
    expect(document.raw.count).toBe(ok.length);
    // ghz's fastest, slowest and latencyDistribution went through float seconds: equal to within a nanosecond.
    expect(document.raw.min * 1e6).toBeCloseTo(r.fastest, -0.5);
    expect(document.raw.max * 1e6).toBeCloseTo(r.slowest, -0.5);
    for (const { percentage, latency } of r.latencyDistribution) {
      expect(Math.abs(nearestRank(ok, percentage) - latency)).toBeLessThanOrEqual(1);
      expectHdrClose(document.raw.percentiles[String(percentage)], nearestRank(ok, percentage) / 1e6);
    }
  });

  it("start = timestamp (the end of the call) − latency; the call is the label; ok unless an error", () => {
    const r = report();
    const samples = samplesOf(decodeDocument(ghzFormat, readFileSync(ff("ghz/report.json"))).records);
    expect(samples).toHaveLength(r.details.length);
    r.details.forEach((d: Json, i: number) => {
      expect(samples[i]).toEqual({ latencyNs: d.latency, startNs: parseIsoNs(d.timestamp)! - d.latency, ok: d.error === "", label: "shop.Users.Get" });
    });
  });

  it("--group-by status: the gRPC status of each call", async () => {
    const r = report();
    const document = await latstatJson([ff("ghz/report.json"), "--group-by", "status", "--include-errors"]);
    const counts = Object.fromEntries(document.groups.map((g: Json) => [g.name, g.count]));
    expect(counts).toEqual(r.statusCodeDistribution);
  });

  it("a report with more requests than details says only the details are read", () => {
    // The shape of the "Sample pretty JSON output" of ghz's docs (www/docs/output.md), written by hand.
    const text = `{
  "date": "2026-11-02T05:00:01-04:00",
  "name": "Greeter SayHello",
  "endReason": "normal",
  "options": {
    "call": "helloworld.Greeter.SayHello",
    "host": "0.0.0.0:50051",
    "n": 3,
    "c": 1,
    "insecure": true
  },
  "count": 3,
  "total": 9000000,
  "average": 3000000,
  "fastest": 2000000,
  "slowest": 4000000,
  "rps": 333.3,
  "errorDistribution": {
    "rpc error: code = Internal desc = Internal error.": 1
  },
  "statusCodeDistribution": {
    "Internal": 1,
    "OK": 1
  },
  "latencyDistribution": null,
  "histogram": null,
  "details": [
    {
      "timestamp": "2026-11-02T05:00:00.004-04:00",
      "latency": 4000000,
      "error": "",
      "status": "OK"
    },
    {
      "timestamp": "2026-11-02T05:00:00.006-04:00",
      "latency": 2000000,
      "error": "rpc error: code = Internal desc = Internal error.",
      "status": "Internal"
    }
  ]
}
`;
    expect(ghzFormat.sniff(text.split("\n"), text).score).toBe(1);
    const { records, notices } = decodeDocument(ghzFormat, text, { groupBy: ["status", "error"] });
    expect(records).toEqual([
      { sample: { latencyNs: 4e6, startNs: parseIsoNs("2026-11-02T05:00:00.004-04:00")! - 4e6, ok: true, label: "helloworld.Greeter.SayHello", groupValues: ["OK", ""] }, line: 28 },
      { sample: { latencyNs: 2e6, startNs: parseIsoNs("2026-11-02T05:00:00.006-04:00")! - 2e6, ok: false, label: "helloworld.Greeter.SayHello", groupValues: ["Internal", "rpc error: code = Internal desc = Internal error."] }, line: 34 },
    ]);
    expect(notices).toEqual(["the report counts 3 requests but holds the details of 2 (ghz keeps at most 1,000,000): only those are read"]);
    // Cut short, the document holds fewer details for that reason alone: it is rejected as truncated, and ghz's cap is not blamed.
    const cut = decodeDocument(ghzFormat, text.slice(0, text.indexOf('"status": "Internal"')), {});
    expect(cut.records.at(-1)).toMatchObject({ reject: "truncated document" });
    expect(cut.notices).toEqual([]);
  });

  it("rejects broken details with their lines", () => {
    const text = '{"date":"2026-11-02T09:00:00Z","options":{"call":"a.B.C"},"details":[\n{"timestamp":"2026-11-02T09:00:00Z","latency":-5,"error":"","status":"OK"},\n{"timestamp":"yesterday","latency":5,"error":"","status":"OK"},\n{"latency":"5ms"},\n[]\n]}';
    expect(decodeDocument(ghzFormat, text).records).toEqual([
      { reject: "bad latency", line: 2 },
      { reject: "bad timestamp", line: 3 },
      { reject: "bad latency", line: 4 },
      { reject: "not a ghz detail", line: 5 },
    ]);
  });

  it("gives the same outcomes whatever the chunks", () => {
    const bytes = readFileSync(ff("ghz/report.json"));
    const whole = decodeDocument(ghzFormat, bytes);
    expect(decodeDocument(ghzFormat, bytes, {}, Array.from({ length: 600 }, (_, i) => i * 71))).toEqual(whole);
  });
});
