import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBytes } from "../helpers/fast-slow.js";
import { k6Format } from "../../src/formats/k6.js";
import { parseIsoNs } from "../../src/base/iso-time.js";
import { runCli } from "../helpers/run-cli.js";
import { decodeAll, expectedOf, ff, expectHdrClose, expectRejected, fixtureLines, latstatJson, rejectsOf, samplesOf } from "../helpers/formats.js";

describe("k6 (k6 run --out json)", () => {
  for (const name of ["k6/small.json", "k6/run.json.gz"]) {
    it(`${name}: http_req_duration as the generator wrote it, failures left out`, async () => {
      const expected = expectedOf(name);
      const document = await latstatJson([ff(name), "-p", "50,90,99"]);
      expect(document.input.format).toBe("k6");
      expect(document.raw.count).toBe(expected.ok);
      expect(document.input.failed).toEqual({ count: expected.failed, rate: expected.failed / (expected.ok + expected.failed), excluded: expected.failed, known: true });
      expect(document.raw.min).toBeCloseTo(expected.minMs, 6);
      expect(document.raw.max).toBeCloseTo(expected.maxMs, 6);
      for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], expected.percentilesMs[p]!);
      const { lines, recorded, skipped, rejected } = document.input;
      expect(recorded + skipped + rejected).toBe(lines);
      expect(document.input.skippedByReason["other k6 metric"]).toBeGreaterThan(0);
    });
  }

  it("--include-errors records the failed requests too", async () => {
    const expected = expectedOf("k6/run.json.gz");
    const document = await latstatJson([ff("k6/run.json.gz"), "--include-errors"]);
    expect(document.raw.count).toBe(expected.ok + expected.failed);
    expect(document.input.failed.excluded).toBe(0);
  });

  it("reads every field of a Point: end time − value as start, name, status, expected_response", () => {
    const lines = fixtureLines("k6/small.json");
    const decoded = decodeAll(k6Format, lines);
    expect(rejectsOf(decoded)).toEqual([]);
    const samples = samplesOf(decoded);
    expect(samples).toHaveLength(20);
    const first = lines.find((l) => l.includes('"metric":"http_req_duration"') && l.includes('"type":"Point"'))!;
    const point = JSON.parse(first) as { data: { time: string; value: number; tags: Record<string, string> } };
    expect(samples[0]!.latencyNs).toBe(Math.round(point.data.value * 1e6));
    expect(samples[0]!.startNs).toBe(parseIsoNs(point.data.time)! - samples[0]!.latencyNs);
    expect(samples[0]!.label).toBe(point.data.tags.name);
    expect(samples[0]!.status).toBe(Number(point.data.tags.status));
    expect(samples.filter((s) => s.ok === false)).toHaveLength(expectedOf("k6/small.json").failed);
    expect(samples.every((s) => s.ok === (s.status! < 400))).toBe(true);
  });

  it("--metric reads another time metric and refuses one that is not a time", async () => {
    const waiting = await latstatJson([ff("k6/small.json"), "--metric", "http_req_waiting", "--include-errors"]);
    expect(waiting.raw.count).toBe(20);
    const iterations = await latstatJson([ff("k6/small.json"), "--metric", "iteration_duration"]);
    expect(iterations.raw.count).toBe(10);
    const data = await runCli([ff("k6/small.json"), "--metric", "data_sent"]);
    expect(data.code).toBe(2);
    expect(data.stderr).toMatch(/small\.json:\d+: --metric data_sent: a k6 counter of data, not a time/);
  });

  it("is detected on both fixtures", async () => {
    for (const name of ["k6/small.json", "k6/run.json.gz"]) expect((await latstatJson([ff(name)])).input.format).toBe("k6");
    expect(k6Format.sniff(fixtureLines("k6/small.json").slice(0, 200)).score).toBe(1);
  });

  it("rejects broken lines with their numbers", async () => {
    const lines = fixtureLines("k6/small.json");
    const duration = lines.findIndex((l) => l.includes('"metric":"http_req_duration"') && l.includes("Point")) + 1;
    const another = lines.findIndex((l, i) => i + 1 > duration + 5 && l.includes('"metric":"http_req_duration"') && l.includes("Point")) + 1;
    const third = lines.findIndex((l, i) => i + 1 > another + 5 && l.includes('"metric":"http_req_duration"') && l.includes("Point")) + 1;
    await expectRejected("k6/small.json", {
      [duration]: (l) => l.replace(/"value":[\d.]+/, '"value":"fast"'),
      [another]: (l) => l.slice(0, 40),
      [third]: (l) => l.replace(/"time":"[^"]+"/, '"time":"yesterday"'),
    });
    const decoded = decodeAll(k6Format, ['{"type":"Point","data":{"time":"2026-11-02T09:00:00Z","value":-1},"metric":"http_req_duration"}', '{"type":"Sample"}', "[1,2]"]);
    expect(decoded).toEqual([{ reject: "negative" }, { reject: "not a k6 Metric or Point" }, { reject: "not a k6 Metric or Point" }]);
  });
});

describe("k6 method tag", () => {
  // k6 tags every HTTP point with its method (grafana.com/docs/k6 → Using k6 → Tags and Groups → System tags).
  const point = (method: string, ms: number) =>
    `{"type":"Point","data":{"time":"2026-11-02T09:00:01Z","value":${ms},"tags":{"expected_response":"true","method":"${method}","name":"http://127.0.0.1:8080/api/users","status":"200"}},"metric":"http_req_duration"}`;

  it("decodes it, on the line path and the block path alike", () => {
    const lines = [point("GET", 2), point("POST", 7)];
    expect(samplesOf(decodeAll(k6Format, lines)).map((s) => s.method)).toEqual(["GET", "POST"]);
    const bytes = Buffer.from(lines.join("\n") + "\n");
    expect(decodeBytes(k6Format, bytes, {}, true, [])).toEqual(decodeBytes(k6Format, bytes, {}, false, []));
  });

  it("groups by it with --group-by method, not all in (none)", async () => {
    const lines = [point("GET", 2), point("GET", 4), point("POST", 7)];
    const result = await runCli(["-", "-f", "k6", "--group-by", "method", "--sort", "name", "--json"], { stdin: lines.join("\n") + "\n" });
    const groups = JSON.parse(result.stdout).groups as { values: { method: string }; count: number }[];
    expect(groups.map((g) => [g.values.method, g.count])).toEqual([["GET", 2], ["POST", 1]]);
  });
});

describe("k6 block fast path", () => {
  const tagValue = fc.constantFrom('"200"', '""', '"GET /a"', "null", "7", '"a\\u0026b"', '"0"', '"true"', '"false"', "true");
  const tags = fc
    .array(fc.tuple(fc.constantFrom("name", "url", "status", "expected_response", "vu", "method"), tagValue), { maxLength: 5 })
    .map((pairs) => `{${pairs.map(([k, v]) => `"${k}":${v}`).join(",")}}`);
  const point = fc
    .record({
      metric: fc.constantFrom("http_req_duration", "http_reqs", "http_req_waiting", "http_req_duration"),
      type: fc.constantFrom("Point", "Point", "Point", "Metric", "Other"),
      value: fc.constantFrom("12.5", "0", "1e3", "-1", '"5"', "3.25", "1234567890123456"),
      time: fc.constantFrom('"2026-11-02T09:00:00.123456789Z"', '"2026-11-02T10:00:00+01:00"', '"2026-02-30T00:00:00Z"', '"bad"', "5", null),
      tags: fc.oneof(tags, fc.constant("null")),
      metadata: fc.option(tags),
    })
    .map(({ metric, type, value, time, tags, metadata }) => {
      const data = [`"value":${value}`, ...(time === null ? [] : [`"time":${time}`]), `"tags":${tags}`, ...(metadata === null ? [] : [`"metadata":${metadata}`])];
      return `{"type":"${type}","data":{${data.join(",")}},"metric":"${metric}"}`;
    });
  it("gives exactly what the line path gives, wherever the chunks are cut", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 9, arbitrary: point }, fc.constantFrom("", "not json", "{}")), { maxLength: 20 }), fc.array(fc.nat(4000), { maxLength: 3 }), (lines, cuts) => {
        const bytes = Buffer.from(lines.join("\n") + "\n");
        expect(decodeBytes(k6Format, bytes, {}, true, cuts)).toEqual(decodeBytes(k6Format, bytes, {}, false, cuts));
      }),
      { numRuns: 3000 },
    );
  });
});
