import { describe, expect, it } from "vitest";
import { w3cFormat } from "../../src/formats/w3c.js";
import { decodeAll, expectedOf, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, rejectsOf, samplesOf, tempFile } from "../helpers/formats.js";
import { runCli } from "../helpers/run-cli.js";

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

  it("is detected when a later #Fields changes the columns, as the reader follows them", async () => {
    // IIS's default fields, then the log reopened with cs-host, sc-bytes and cs-bytes added (IIS writes the
    // directives anew): entries of 15 fields, then of 18.
    const lines = [
      "#Software: Microsoft Internet Information Services 10.0",
      "#Version: 1.0",
      "#Date: 2026-12-05 09:00:00",
      "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
      "2026-12-05 09:00:01 10.0.0.5 GET /api/users - 443 - 203.0.113.9 curl/8.5.0 - 200 0 0 15",
      "2026-12-05 09:00:02 10.0.0.5 POST /api/orders - 443 - 203.0.113.9 curl/8.5.0 - 500 0 0 1200",
      "#Software: Microsoft Internet Information Services 10.0",
      "#Version: 1.0",
      "#Date: 2026-12-05 09:10:00",
      "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken",
      "2026-12-05 09:10:01 10.0.0.5 GET /api/users - 443 - 203.0.113.9 curl/8.5.0 - www.example.com 200 0 0 512 300 42",
      "2026-12-05 09:10:02 10.0.0.5 GET /api/users - 443 - 203.0.113.9 curl/8.5.0 - www.example.com 404 0 2 512 300 7",
      "2026-12-05 09:10:03 10.0.0.5 GET /api/users - 443 - 203.0.113.9 curl/8.5.0 - www.example.com 200 0 0 512 300 3",
    ];
    expect(w3cFormat.sniff(lines, lines.join("\n"))).toEqual({ score: 1, why: "#Fields with time-taken, #Software IIS; 5 of 5 entries fit" });
    const document = await latstatJson([tempFile("u_ex261205.log", lines)]);
    expect(document.input.format).toBe("w3c");
    // 15, 42 and 3 ms succeeded; the 500 and the 404 failed.
    expect(document.raw.count).toBe(3);
    expect(document.raw.max).toBe(42);
    expect(document.input.failed.count).toBe(2);
  });

  it("without a date field, the date is the last #Date's (the W3C draft's dd-Mon-yyyy too)", () => {
    // The W3C working draft's example log, with time-taken (the draft's unit: seconds) and sc-status added, and a
    // #Date written again when the day changes.
    const lines = [
      "#Version: 1.0",
      "#Date: 12-Jan-1996 00:00:00",
      "#Fields: time cs-method cs-uri time-taken sc-status",
      "00:34:23 GET /foo/bar.html 0.250 200",
      "12:21:16 GET /foo/bar.html 1.5 404",
      "#Date: 1996-01-13 00:00:00",
      "00:30:00 GET /foo/bar.html 0.5 200",
      "#Date: 31-Feb-1996 00:00:00",
      "00:31:00 GET /foo/bar.html 0.5 200",
    ];
    const at = (iso: string, seconds: number) => Date.parse(iso) * 1e6 - seconds * 1e9;
    expect(decodeAll(w3cFormat, lines).filter((d) => !("skip" in d))).toEqual([
      { sample: { latencyNs: 250e6, startNs: at("1996-01-12T00:34:23Z", 0.25), status: 200, method: "GET", label: "GET" } },
      { sample: { latencyNs: 1500e6, startNs: at("1996-01-12T12:21:16Z", 1.5), status: 404, method: "GET", label: "GET" } },
      { sample: { latencyNs: 500e6, startNs: at("1996-01-13T00:30:00Z", 0.5), status: 200, method: "GET", label: "GET" } },
      { reject: "bad #Date" },
    ]);
  });

  it("--since skips the entries of a #Fields block without date and time (they cannot be placed in time), reads the others", async () => {
    // IIS's fields, then the log reopened with date and time left out of #Fields (entries of no time), then again
    // with them: in either order, the timeless entries are skipped for having no start time, the others judged.
    const timed = (day: string) => [
      "#Software: Microsoft Internet Information Services 10.0",
      "#Version: 1.0",
      `#Date: 2026-12-05 ${day}:00:00`,
      "#Fields: date time cs-method cs-uri-stem sc-status time-taken",
      `2026-12-05 ${day}:00:01 GET /a 200 15`,
      `2026-12-05 ${day}:00:02 GET /b 200 20`,
      `2026-12-05 ${day}:00:03 GET /c 200 25`,
    ];
    const timeless = ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0", "#Date: 2026-12-05 10:30:00", "#Fields: cs-method cs-uri-stem sc-status time-taken", "GET /d 200 30", "GET /e 200 40"];
    // --since 09:00:01.5: of the 09:00 entries, those started at 09:00:01.98 and 09:00:02.975 (end − time-taken);
    // all three at 11:00.
    for (const lines of [[...timed("09"), ...timeless, ...timed("11")], [...timeless, ...timed("09"), ...timed("11")]]) {
      const document = await latstatJson([tempFile("u_ex261205.log", lines), "--since", "2026-12-05T09:00:01.5Z"]);
      expect(document.input.recorded).toBe(5);
      expect(document.input.skippedByReason).toEqual({ "blank, comment or header": 12, "--since/--until": 1, "no start time (--since/--until)": 2 });
      expect(document.raw.max).toBe(25);
    }
    // A log with no date or time at all cannot be filtered by time: refused, naming it, as every such input is.
    const file = tempFile("u_ex261206.log", timeless);
    const refused = await runCli([file, "--since", "2026-12-05T09:00:00Z"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`latstat: ${file}: --since/--until need start times, which this input does not have (they work with formats that time each request)\n`);
  });

  it("rejects broken entries with their numbers", async () => {
    await expectRejected(FILE, {
      6: (l) => l.replace(/ \d+$/, " fast"),
      16: (l) => l.split(" ").slice(0, 10).join(" "),
    });
  });
});
