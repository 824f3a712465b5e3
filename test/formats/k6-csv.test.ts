import { describe, expect, it } from "vitest";
import { k6CsvFormat } from "../../src/formats/k6-csv.js";
import { decodeAll, expectedOf, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, nearestRank, rejectsOf, samplesOf, tempFile } from "../helpers/formats.js";

describe("k6-csv (k6 run --out csv)", () => {
  for (const name of ["k6-csv/small.csv", "k6-csv/run.csv.gz"]) {
    it(`${name}: the http_req_duration rows, failures left out`, async () => {
      const expected = expectedOf(name);
      const document = await latstatJson([ff(name), "-p", "50,90,99"]);
      expect(document.input.format).toBe("k6-csv");
      expect(document.raw.count).toBe(expected.ok);
      expect(document.input.failed.count).toBe(expected.failed);
      expect(document.raw.min).toBeCloseTo(expected.minMs, 6);
      expect(document.raw.max).toBeCloseTo(expected.maxMs, 6);
      for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], expected.percentilesMs[p]!);
      expect(document.input.recorded + document.input.skipped + document.input.rejected).toBe(document.input.lines);
    });
  }

  it("reads the columns by name: timestamp (ms) − value as start, name, method, status, expected_response", () => {
    const lines = fixtureLines("k6-csv/small.csv");
    const header = lines[0]!.split(",");
    const decoded = decodeAll(k6CsvFormat, lines);
    expect(rejectsOf(decoded)).toEqual([]);
    const samples = samplesOf(decoded);
    const row = lines.find((l) => l.startsWith("http_req_duration,"))!.split(",");
    const col = (name: string) => row[header.indexOf(name)]!;
    expect(samples[0]).toEqual({
      latencyNs: Math.round(Number(col("metric_value")) * 1e6),
      startNs: Number(col("timestamp")) * 1e6 - Math.round(Number(col("metric_value")) * 1e6),
      label: col("name"),
      method: col("method"),
      status: Number(col("status")),
      ok: col("expected_response") === "true",
    });
    // The default time format is whole epoch seconds, too coarse to subtract a latency from: start is that second.
    const seconds = decodeAll(k6CsvFormat, fixtureLines("k6-csv/small.csv").map((l, i) => (i === 0 ? l : l.replace(/^([a-z_]+),(\d+)\d{3},/, "$1,$2,"))));
    const first = samplesOf(seconds)[0]!;
    expect(first.startNs).toBe(Math.floor(Number(col("timestamp")) / 1000) * 1e9);
  });

  it("is detected by its header, and --metric picks other rows", async () => {
    expect(k6CsvFormat.sniff(fixtureLines("k6-csv/small.csv")).score).toBe(1);
    const document = await latstatJson([ff("k6-csv/small.csv"), "--metric", "http_req_connecting", "--include-errors"]);
    expect(document.raw.count).toBe(20);
  });

  it("rejects broken rows with their numbers", async () => {
    const rows = fixtureLines("k6-csv/small.csv").flatMap((l, i) => (l.startsWith("http_req_duration,") ? [i + 1] : []));
    await expectRejected("k6-csv/small.csv", {
      [rows[0]!]: (l) => l.replace(/^http_req_duration,(\d+),[\d.]+/, "http_req_duration,$1,abc"),
      [rows[1]!]: (l) => l.split(",").slice(0, 5).join(","),
      [rows[2]!]: (l) => l.replace(/^http_req_duration,\d+/, "http_req_duration,noon"),
    });
  });
});

describe("k6-csv --group-by a tag", () => {
  // k6's CSV output (output/csv): a column per system tag, then extra_tags as name=value&name=value, then metadata.
  const header = "metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata";
  const requests = Array.from({ length: 60 }, (_, i) => ({ ms: 2 + ((i * 37) % 23), scenario: i % 2 === 0 ? "browse" : "checkout", env: i % 3 === 0 ? "canary" : "staging", status: i % 10 === 4 ? 500 : 200 }));
  const rows = requests.flatMap((r, i) => {
    const tags = `,,,,${r.status === 200},,GET,http://h/a,HTTP/1.1,${r.scenario},,${r.status},,,http://h/a,env=${r.env}&team=web,`;
    return ["http_reqs", "http_req_duration", "http_req_waiting"].map((m) => `${m},${1793606400000 + i * 50},${m === "http_reqs" ? "1.000000" : r.ms.toFixed(6)}${tags}`);
  });
  const file = tempFile("k6-tags.csv", [header, ...rows]);

  it("groups by a tag column and by a custom tag of extra_tags", async () => {
    for (const [name, of] of [
      ["scenario", (r: (typeof requests)[number]) => r.scenario],
      ["env", (r: (typeof requests)[number]) => r.env],
    ] as const) {
      const document = await latstatJson([file, "--group-by", name, "--sort", "name", "-p", "50"]);
      const groups = document.groups as { values: Record<string, string>; count: number; failed: { count: number }; percentiles: Record<string, number> }[];
      expect(groups.map((g) => g.values[name])).toEqual([...new Set(requests.map(of))].sort());
      for (const g of groups) {
        const members = requests.filter((r) => of(r) === g.values[name]);
        const ok = members.filter((r) => r.status === 200).map((r) => r.ms).sort((a, b) => a - b);
        expect([g.count, g.failed.count]).toEqual([ok.length, members.length - ok.length]);
        expectHdrClose(g.percentiles["50"]!, nearestRank(ok, 50));
      }
    }
  });
});
