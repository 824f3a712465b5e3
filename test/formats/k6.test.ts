import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBytes } from "../helpers/fast-slow.js";
import { k6Format } from "../../src/formats/k6.js";
import { parseIsoNs } from "../../src/base/iso-time.js";
import { runCli } from "../helpers/run-cli.js";
import { decodeAll, expectedOf, ff, expectHdrClose, expectRejected, fixtureLines, latstatJson, nearestRank, rejectsOf, samplesOf, tempFile } from "../helpers/formats.js";
import { k6Json, k6Ms, seeded, type K6Request } from "../helpers/k6-output.js";

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
    .array(fc.tuple(fc.constantFrom("name", "url", "status", "expected_response", "vu", "method", "scenario"), tagValue), { maxLength: 5 })
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
      fc.property(
        fc.array(fc.oneof({ weight: 9, arbitrary: point }, fc.constantFrom("", "not json", "{}")), { maxLength: 20 }),
        fc.array(fc.nat(4000), { maxLength: 3 }),
        fc.constantFrom({}, { groupBy: ["scenario", "status", "endpoint"] }),
        (lines, cuts, options) => {
          const bytes = Buffer.from(lines.join("\n") + "\n");
          expect(decodeBytes(k6Format, bytes, options, true, cuts)).toEqual(decodeBytes(k6Format, bytes, options, false, cuts));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("k6 gRPC calls (grpc_req_duration)", () => {
  // k6's grpc stats handler tags each call with its numeric code: strconv.Itoa(int(status.Code(err))); 0 is OK.
  const random = seeded(14);
  const calls: K6Request[] = Array.from({ length: 1500 }, (_, i) => ({
    ms: k6Ms(i % 43 === 7 ? 1000 + random() * 10 : 1 + random() * 12),
    status: i % 43 === 7 ? 14 : i % 97 === 5 ? 4 : 0,
    scenario: "default",
    group: "",
    name: "127.0.0.1:50051/helloworld.Greeter/SayHello",
    grpc: true,
  }));
  const file = tempFile("grpc.json", k6Json(calls));

  it("counts code 0 as success and any other code as failed, by k6's own tag", async () => {
    const document = await latstatJson([file, "--metric", "grpc_req_duration", "-p", "50,90,99"]);
    const ok = calls.filter((c) => c.status === 0).map((c) => c.ms).sort((a, b) => a - b);
    expect(document.raw.count).toBe(ok.length);
    expect(document.input.failed).toMatchObject({ count: calls.length - ok.length, known: true });
    for (const p of [50, 90, 99]) expectHdrClose(document.raw.percentiles[String(p)], nearestRank(ok, p));
    // The code is no HTTP status: nothing reads it as one.
    const samples = samplesOf(decodeAll(k6Format, k6Json(calls.slice(0, 10)), { metric: "grpc_req_duration" }));
    expect(samples.map((s) => [s.status, s.ok])).toEqual(calls.slice(0, 10).map((c) => [undefined, c.status === 0]));
  });

  it("groups by the gRPC code with --group-by status", async () => {
    const document = await latstatJson([file, "--metric", "grpc_req_duration", "--group-by", "status", "--sort", "name"]);
    const count = (code: number) => calls.filter((c) => c.status === code).length;
    const groups = document.groups as { values: { status: string }; count: number; failed: { count: number } }[];
    expect(groups.map((g) => [g.values.status, g.count, g.failed.count])).toEqual([
      ["0", count(0), 0],
      ["14", 0, count(14)],
      ["4", 0, count(4)],
    ]);
  });
});

describe("k6 --group-by any tag", () => {
  const random = seeded(6);
  const requests: K6Request[] = Array.from({ length: 900 }, (_, i) => {
    const checkout = i % 3 === 2;
    const status = i % 50 === 3 ? 503 : 200;
    return {
      ms: k6Ms((checkout ? 20 : 5) + random() * 10),
      status,
      expected: status === 200,
      scenario: checkout ? "checkout" : "browse",
      group: checkout ? "::checkout" : "",
      name: checkout ? "http://127.0.0.1:8080/api/orders" : "http://127.0.0.1:8080/api/users",
      method: checkout ? "POST" : "GET",
      extra: { env: i % 2 === 0 ? "staging" : "canary" },
    };
  });
  const lines = k6Json(requests);
  const file = tempFile("tagged.json", lines);

  it("groups by scenario, group and a custom tag as k6 wrote them; the root group is (none)", async () => {
    for (const [name, of] of [
      ["scenario", (r: K6Request) => r.scenario],
      ["group", (r: K6Request) => r.group || "(none)"],
      ["env", (r: K6Request) => r.extra!.env!],
    ] as const) {
      const document = await latstatJson([file, "--group-by", name, "--sort", "name", "-p", "50"]);
      const values = [...new Set(requests.map(of))].sort();
      const groups = document.groups as { values: Record<string, string>; count: number; failed: { count: number }; percentiles: Record<string, number> }[];
      expect(groups.map((g) => g.values[name])).toEqual(values);
      for (const g of groups) {
        const members = requests.filter((r) => of(r) === g.values[name]);
        const ok = members.filter((r) => r.expected).map((r) => r.ms).sort((a, b) => a - b);
        expect([g.count, g.failed.count]).toEqual([ok.length, members.length - ok.length]);
        expectHdrClose(g.percentiles["50"]!, nearestRank(ok, 50));
      }
    }
  });

  it("reads the group tags alike on the line path and the block path", () => {
    const bytes = Buffer.from(lines.slice(0, 200).join("\n") + "\n");
    const options = { groupBy: ["scenario", "env", "endpoint", "status"] };
    const counts = { slowLines: 0 };
    const fast = decodeBytes(k6Format, bytes, options, true, [], counts);
    expect(fast).toEqual(decodeBytes(k6Format, bytes, options, false, []));
    // Only the Metric declarations take the string path.
    expect(counts.slowLines).toBe(lines.slice(0, 200).filter((l) => l.startsWith('{"type":"Metric"')).length);
    const first = samplesOf(decodeAll(k6Format, lines.slice(0, 20), options))[0]!;
    // endpoint is made of the label (core/group-key.ts): undefined here, as for every format.
    expect(first.groupValues).toEqual([requests[0]!.scenario, requests[0]!.extra!.env, undefined, "200"]);
  });
});
