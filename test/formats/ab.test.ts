import { describe, expect, it } from "vitest";
import { AB_HEADER, abFormat } from "../../src/formats/ab.js";
import { decodeAll, expectHdrClose, expectRejected, ff, fixtureLines, fixtureText, latstatJson, rejectsOf, samplesOf } from "../helpers/formats.js";

/** What ab printed for the run that wrote the fixture: its percentile table and its request count. */
function abReport() {
  const text = fixtureText("ab/users.ab-output.txt");
  const percentiles = [...text.matchAll(/^\s+(\d+)%\s+(\d+)/gm)].map((m) => ({ p: Number(m[1]), ms: Number(m[2]) }));
  const total = /^Total:\s+(\d+)\s+\d+\s+[\d.]+\s+\d+\s+(\d+)/m.exec(text)!;
  return { percentiles, complete: Number(/^Complete requests:\s+(\d+)/m.exec(text)![1]), min: Number(total[1]), max: Number(total[2]) };
}

describe("ab (ApacheBench -g)", () => {
  it("agrees with ab's own percentile table, count, min and max", async () => {
    const report = abReport();
    expect(report.percentiles.map((r) => r.p)).toEqual([50, 66, 75, 80, 90, 95, 98, 99, 100]);
    const document = await latstatJson([ff("ab/users.tsv"), "-p", report.percentiles.map((r) => r.p).join(",")]);
    expect(document.input.format).toBe("ab");
    expect(document.raw.count).toBe(report.complete);
    expect(document.raw.min).toBe(report.min);
    expect(document.raw.max).toBe(report.max);
    // With 301 requests, ab's pick (index ⌊n·p/100⌋) is the nearest rank for all its percentiles.
    for (const { p, ms } of report.percentiles) expectHdrClose(document.raw.percentiles[String(p)], ms);
  });

  it("reads ttime (ms) and seconds as start; --metric ctime|dtime|wait", () => {
    const lines = fixtureLines("ab/users.tsv");
    const decoded = decodeAll(abFormat, lines);
    expect(decoded[0]).toEqual({ skip: undefined });
    expect(rejectsOf(decoded)).toEqual([]);
    const f = lines[1]!.split("\t");
    expect(samplesOf(decoded)[0]).toEqual({ latencyNs: Number(f[4]) * 1e6, startNs: Number(f[1]) * 1e9 });
    expect(samplesOf(decodeAll(abFormat, lines, { metric: "wait" }))[0]!.latencyNs).toBe(Number(f[5]) * 1e6);
    expect(() => abFormat.createDecoder({ metric: "total" })).toThrow(/ab -g has no such timing/);
  });

  it("is detected by its header", async () => {
    expect(abFormat.sniff([AB_HEADER]).score).toBe(1);
    expect((await latstatJson([ff("ab/users.tsv")])).input.format).toBe("ab");
  });

  it("rejects broken rows with their numbers", async () => {
    await expectRejected("ab/users.tsv", {
      3: (l) => l.split("\t").slice(0, 4).join("\t"),
      4: (l) => l.replace(/\t(\d+)\t(\d+)$/, "\t12ms\t$2"),
      300: (l) => l.replace(/\t\d+\t/, "\tnow\t"),
    });
  });
});
