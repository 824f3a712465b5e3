import { describe, expect, it } from "vitest";
import { parseIsoNs } from "../../src/base/iso-time.js";
import { vegetaFormat } from "../../src/formats/vegeta.js";
import { runCli } from "../helpers/run-cli.js";
import { decodeAll, expectedOf, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, rejectsOf, samplesOf } from "../helpers/formats.js";

describe("vegeta (vegeta encode --to json|csv)", () => {
  for (const name of ["vegeta/results.json", "vegeta/results.csv"]) {
    it(`${name}: latency in ns, results with an error counted as failed`, async () => {
      const expected = expectedOf(name);
      const document = await latstatJson([ff(name), "-p", "50,90,99"]);
      expect(document.input.format).toBe("vegeta");
      expect(document.raw.count).toBe(expected.ok);
      expect(document.input.failed.count).toBe(expected.failed);
      expect(document.raw.min).toBeCloseTo(expected.minMs, 6);
      expect(document.raw.max).toBeCloseTo(expected.maxMs, 6);
      for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], expected.percentilesMs[p]!);
    });
  }

  it("JSON and CSV of the same results decode to the same samples", () => {
    const json = samplesOf(decodeAll(vegetaFormat, fixtureLines("vegeta/results.json")));
    const csv = samplesOf(decodeAll(vegetaFormat, fixtureLines("vegeta/results.csv")));
    expect(json).toHaveLength(400);
    // The JSON timestamps went through a decimal ISO string with an offset; the CSV holds the exact epoch ns.
    expect(csv.map((s) => ({ ...s, startNs: 0 }))).toEqual(json.map((s) => ({ ...s, startNs: 0 })));
    for (let i = 0; i < json.length; i++) expect(Math.abs(json[i]!.startNs! - csv[i]!.startNs!)).toBeLessThan(1024);
    const first = JSON.parse(fixtureLines("vegeta/results.json")[0]!) as { timestamp: string; latency: number; url: string };
    expect(json[0]).toEqual({ latencyNs: first.latency, status: 200, startNs: parseIsoNs(first.timestamp), ok: true, label: `GET ${first.url}` });
    const timeout = json.find((s) => s.status === 0)!;
    expect(timeout.ok).toBe(false);
    expect(timeout.latencyNs).toBe(30e9);
  });

  it("reads the 9-column CSV of vegeta before 12.8, labelled by attack name", () => {
    const samples = samplesOf(decodeAll(vegetaFormat, fixtureLines("vegeta/nine-columns.csv")));
    expect(samples).toHaveLength(20);
    expect(samples.every((s) => s.label === "fixture")).toBe(true);
  });

  it("--status 404 reports the 404s, failed as they are", async () => {
    const expected = expectedOf("vegeta/results.json");
    const document = await latstatJson([ff("vegeta/results.json"), "--status", "404"]);
    expect(document.raw.count).toBe(expected.status404);
    expect(document.input.failed.count).toBe(expected.status404);
    expect(document.input.failed.excluded).toBe(0);
  });

  it("refuses vegeta's binary (gob) results with the command that converts them", async () => {
    for (const args of [[ff("vegeta/results.gob")], ["-f", "vegeta", ff("vegeta/results.gob")]]) {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/results\.gob: vegeta's binary \(gob\) results are not read \(convert them first: vegeta encode --to json/);
    }
  });

  it("is detected on every fixture", async () => {
    for (const name of ["vegeta/results.json", "vegeta/results.csv", "vegeta/nine-columns.csv"]) {
      expect((await latstatJson([ff(name)])).input.format).toBe("vegeta");
    }
  });

  it("rejects broken results with their numbers", async () => {
    await expectRejected("vegeta/results.json", {
      5: (l) => l.replace(/"latency":\d+/, '"latency":"4ms"'),
      50: (l) => l.replace(/"code":\d+,/, ""),
      51: (l) => l.slice(0, 100),
    });
    await expectRejected("vegeta/results.csv", {
      7: (l) => l.replace(/^(\d+),(\d+),(\d+)/, "$1,$2,-5"),
      8: (l) => l.split(",").slice(0, 6).join(","),
    });
    expect(rejectsOf(decodeAll(vegetaFormat, ["1,200,x,0,0,,,a,1"]))).toEqual([{ line: 1, reason: "not a number" }]);
  });
});
