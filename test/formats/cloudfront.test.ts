import { describe, expect, it } from "vitest";
import { cloudfrontFormat } from "../../src/formats/cloudfront.js";
import { decodeAll, expectedOf, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, samplesOf } from "../helpers/formats.js";

const FILE = "cloudfront/E2EXAMPLE.2026-11-02-09.a1b2c3d4";

describe("cloudfront standard log (written from the documented 33 fields)", () => {
  it("time-taken in s; status 000 and non-2xx/3xx failed", async () => {
    const expected = expectedOf(FILE);
    const document = await latstatJson([ff(FILE), "-p", "50,90,99"]);
    expect(document.input.format).toBe("cloudfront");
    expect(document.raw.count).toBe(expected.ok);
    expect(document.input.failed.count).toBe(expected.failed);
    expect(document.raw.max).toBe(expected.maxMs);
    for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], expected.percentilesMs[p]!);
    const edges = await latstatJson([ff(FILE), "--group-by", "x-edge-location"]);
    expect(Object.fromEntries(edges.groups.map((g: any) => [g.values["x-edge-location"], g.count]))).toEqual(expected.okByEdgeLocation);
  });

  it("start = date + time − time-taken; label, host, key from the named fields", () => {
    const lines = fixtureLines(FILE);
    const entry = lines.find((l) => !l.startsWith("#") && l.split("\t")[8] === "200")!;
    const f = entry.split("\t");
    const [sample] = samplesOf(decodeAll(cloudfrontFormat, [lines[0]!, lines[1]!, entry]));
    expect(sample).toEqual({ latencyNs: Math.round(Number(f[18]) * 1e9), startNs: Date.parse(`${f[0]}T${f[1]}Z`) * 1e6 - Math.round(Number(f[18]) * 1e9), status: 200, method: "GET", label: `GET ${f[7]}`, host: f[15], key: `${f[4]}:${f[26]}` });
  });

  it("is detected as CloudFront, not as W3C; rejects broken entries with their numbers", async () => {
    expect(cloudfrontFormat.sniff(fixtureLines(FILE)).score).toBe(1);
    await expectRejected(FILE, {
      5: (l) => l.replace(/\t\d+\.\d{3}\t/, "\tslow\t"),
      15: (l) => l.split("\t").slice(0, 20).join("\t"),
      25: (l) => l.replace(/^\d{4}-\d{2}-\d{2}/, "2026-13-45"),
    });
  });
});
