import { describe, expect, it } from "vitest";
import { w3cFormat } from "../../src/formats/w3c.js";
import { decodeAll, expectedOf, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, rejectsOf, samplesOf } from "../helpers/formats.js";

const FILE = "w3c/u_ex261102.log";

describe("w3c extended log (IIS's default fields, written from the documented layout)", () => {
  it("time-taken in ms (IIS); the directives written again mid-file are read", async () => {
    const expected = expectedOf(FILE);
    const document = await latstatJson([ff(FILE), "-p", "50,90,99"]);
    expect(document.input.format).toBe("w3c");
    expect(document.raw.count).toBe(expected.ok);
    expect(document.input.failed.count).toBe(expected.failed);
    expect(document.input.skippedByReason["blank, comment or header"]).toBe(8);
    for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], expected.percentilesMs[p]!);
  });

  it("any #Fields name is a --group-by name; method and endpoint as for every format", async () => {
    const expected = expectedOf(FILE);
    const stems = await latstatJson([ff(FILE), "--group-by", "cs-uri-stem"]);
    const counts = Object.fromEntries(stems.groups.filter((g: any) => g.count > 0).map((g: any) => [g.values["cs-uri-stem"], g.count]));
    expect(counts).toEqual(expected.okByUriStem);
    const methods = await latstatJson([ff(FILE), "--group-by", "method", "--include-errors"]);
    expect(methods.groups.find((g: any) => g.values.method === "POST").count).toBe(expected.posts);
    const unknown = await latstatJson([ff(FILE), "--group-by", "x-edge-location"]).catch((e: Error) => e.message);
    expect(unknown).toMatch(/--group-by x-edge-location: these W3C logs have no such field/);
  });

  it("start = date + time − time-taken; a non-IIS log with decimals is in seconds, said once", () => {
    const lines = fixtureLines(FILE);
    const decoded = decodeAll(w3cFormat, lines);
    expect(rejectsOf(decoded)).toEqual([]);
    const entry = lines[4]!.split(" ");
    expect(samplesOf(decoded)[0]).toMatchObject({ latencyNs: Number(entry[14]) * 1e6, startNs: Date.parse(`${entry[0]}T${entry[1]}Z`) * 1e6 - Number(entry[14]) * 1e6, label: `${entry[3]} ${entry[4]}`, status: Number(entry[11]) });
    const decoder = w3cFormat.createDecoder({});
    const out: number[] = [];
    const sink = { sample: (s: { latencyNs: number }) => out.push(s.latencyNs), skip: () => {}, reject: () => {} } as never;
    for (const l of ["#Software: SomeServer 1.0", "#Fields: time cs-method cs-uri-stem sc-status time-taken", "09:00:00 GET /a 200 0.250"]) decoder.line(l, sink);
    expect(out).toEqual([250e6]);
    expect(decoder.takeNotices()).toEqual(["time-taken has decimals: read as seconds, as the W3C draft writes it (--unit ms if not)"]);
  });

  it("rejects broken entries with their numbers", async () => {
    await expectRejected(FILE, {
      6: (l) => l.replace(/ \d+$/, " fast"),
      16: (l) => l.split(" ").slice(0, 10).join(" "),
    });
  });
});
