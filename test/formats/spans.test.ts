import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { jaegerFormat } from "../../src/formats/jaeger.js";
import { otlpFormat } from "../../src/formats/otlp.js";
import { HOLD_LIMIT } from "../../src/formats/span-selection.js";
import type { DocumentFormat } from "../../src/formats/types.js";
import type { Sample } from "../../src/core/sample.js";
import { zipkinFormat } from "../../src/formats/zipkin.js";
import { runCli } from "../helpers/run-cli.js";
import { decodeDocument, expectHdrClose, ff, latstatJson, nearestRank, samplesOf, tempFile } from "../helpers/formats.js";

/** A span as the test reads it from a fixture with JSON.parse, independently of the decoders. */
interface Truth {
  trace: string;
  id: string;
  /** The parent span's id, "" for a root. */
  parent: string;
  service: string;
  name: string;
  kind: string;
  latencyNs: number;
  startNs: number;
  failed: boolean;
  route: string | undefined;
}

type Json = Record<string, any>;

function otlpTruth(documents: Json[]): Truth[] {
  return documents.flatMap((d) =>
    d.resourceSpans.flatMap((rs: Json) => {
      const service = rs.resource.attributes.find((a: Json) => a.key === "service.name").value.stringValue;
      return rs.scopeSpans.flatMap((ss: Json) =>
        ss.spans.map((s: Json) => ({
          trace: s.traceId,
          id: s.spanId,
          parent: s.parentSpanId ?? "",
          service,
          name: s.name,
          kind: ["internal", "internal", "server", "client"][s.kind]!,
          latencyNs: Number(BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)),
          startNs: Number(BigInt(s.startTimeUnixNano)),
          failed: s.status.code === 2,
          route: s.attributes.find((a: Json) => a.key === "http.route")?.value.stringValue,
        })),
      );
    }),
  );
}

function jaegerTruth(document: Json): Truth[] {
  return document.data.flatMap((t: Json) =>
    t.spans.map((s: Json) => {
      const tag = (key: string) => s.tags.find((x: Json) => x.key === key)?.value;
      const parent = s.references.find((r: Json) => r.refType === "CHILD_OF")?.spanID ?? "";
      return { trace: s.traceID, id: s.spanID, parent, service: t.processes[s.processID].serviceName, name: s.operationName, kind: tag("span.kind"), latencyNs: s.duration * 1000, startNs: s.startTime * 1000, failed: tag("error") === true, route: tag("http.route") };
    }),
  );
}

function zipkinTruth(traces: Json[][]): Truth[] {
  return traces.flat().map((s) => ({
    trace: s.traceId,
    id: s.id,
    parent: s.parentId ?? "",
    service: s.localEndpoint.serviceName,
    name: s.name,
    kind: (s.kind ?? "internal").toLowerCase(),
    latencyNs: s.duration * 1000,
    startNs: s.timestamp * 1000,
    failed: s.tags.error !== undefined,
    route: s.tags["http.route"],
  }));
}

/** The SERVER spans with no SERVER span above them in `spans`: up the parents of each, as far as they are there. */
function entrySpans(spans: Truth[]): Truth[] {
  const byId = new Map(spans.map((s) => [`${s.trace}/${s.id}`, s]));
  const serverAbove = (s: Truth): boolean => {
    const parent = byId.get(`${s.trace}/${s.parent}`);
    return parent !== undefined && (parent.kind === "server" || serverAbove(parent));
  };
  return spans.filter((s) => s.kind === "server" && !serverAbove(s));
}

const json = (name: string) => JSON.parse(readFileSync(ff(name), "utf8")) as Json;

const CASES: { name: string; format: DocumentFormat; truth: () => Truth[] }[] = [
  { name: "otlp/traces.json", format: otlpFormat, truth: () => otlpTruth([json("otlp/traces.json")]) },
  { name: "otlp/collector.jsonl", format: otlpFormat, truth: () => otlpTruth(readFileSync(ff("otlp/collector.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Json)) },
  { name: "jaeger/traces.json", format: jaegerFormat, truth: () => jaegerTruth(json("jaeger/traces.json")) },
  { name: "zipkin/traces.json", format: zipkinFormat, truth: () => zipkinTruth(json("zipkin/traces.json") as unknown as Json[][]) },
  { name: "zipkin/spans.json", format: zipkinFormat, truth: () => zipkinTruth([json("zipkin/spans.json") as unknown as Json[]]) },
];

/** Exact count, min, max and nearest-rank percentiles of latencies in ns, in ms as the JSON report writes them. */
function expectFigures(document: Json, latenciesNs: number[], percentiles: string[]): void {
  const sorted = [...latenciesNs].sort((a, b) => a - b);
  expect(document.raw.count).toBe(sorted.length);
  expect(document.raw.min).toBeCloseTo(sorted[0]! / 1e6, 9);
  expect(document.raw.max).toBeCloseTo(sorted.at(-1)! / 1e6, 9);
  for (const p of percentiles) expectHdrClose(document.raw.percentiles[p], nearestRank(sorted, Number(p)) / 1e6);
}

describe.each(CASES)("$name", ({ name, format, truth }) => {
  const spans = truth();
  const server = spans.filter((s) => s.kind === "server");
  const entry = entrySpans(spans);

  it("records the entry SERVER spans that did not fail, by default, and says so", async () => {
    // Each trace: the frontend's SERVER span (a root), its CLIENT call, the backend's SERVER span below it.
    expect(entry.length).toBe(server.length / 2);
    expect(new Set(entry.map((s) => s.service))).toEqual(new Set(["frontend"]));
    const result = await runCli([ff(name), "--json", "-p", "50,90,99"]);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as Json;
    expect(document.input.format).toBe(format.name);
    expect(document.input.entries).toBe("records");
    expect(document.input.lines).toBe(spans.length);
    expectFigures(document, entry.filter((s) => !s.failed).map((s) => s.latencyNs), ["50", "90", "99"]);
    expect(document.input.failed.count).toBe(entry.filter((s) => s.failed).length);
    for (const kind of ["client", "internal"]) expect(document.input.skippedByReason[`span kind ${kind}`]).toBe(spans.filter((s) => s.kind === kind).length);
    expect(document.input.skippedByReason["downstream server span"]).toBe(server.length - entry.length);
    expect(result.stderr).toMatch(/only entry SERVER spans are recorded/);
    expect(result.stderr).toContain(`${server.length - entry.length} SERVER spans below another SERVER span left out (skipped as "downstream server span"): --span-kind server records them`);
  });

  it("--span-kind server records every SERVER span, --span-kind entry the entry ones", async () => {
    const all = await latstatJson([ff(name), "--span-kind", "server", "-p", "50,90,99"]);
    expectFigures(all, server.filter((s) => !s.failed).map((s) => s.latencyNs), ["50", "90", "99"]);
    expect(all.input.skippedByReason["downstream server span"]).toBeUndefined();
    const entries = await latstatJson([ff(name), "--span-kind", "entry", "-p", "50,90,99"]);
    expectFigures(entries, entry.filter((s) => !s.failed).map((s) => s.latencyNs), ["50", "90", "99"]);
  });

  it("--span-kind all and --span-kind client choose other spans", async () => {
    const all = await latstatJson([ff(name), "--span-kind", "all", "--include-errors"]);
    expectFigures(all, spans.map((s) => s.latencyNs), ["50", "99"]);
    const client = await latstatJson([ff(name), "--span-kind", "client"]);
    expectFigures(client, spans.filter((s) => s.kind === "client" && !s.failed).map((s) => s.latencyNs), ["50", "99"]);
    expect(client.input.skippedByReason["span kind server"]).toBe(server.length);
  });

  it("--group-by service, name and attr.http.route", async () => {
    const byService = await latstatJson([ff(name), "--group-by", "service", "--span-kind", "server", "--include-errors"]);
    const services = [...new Set(server.map((s) => s.service))].sort();
    expect(byService.groups.map((g: Json) => g.name).sort()).toEqual(services);
    for (const g of byService.groups) expect(g.count).toBe(server.filter((s) => s.service === g.name).length);
    const entered = await latstatJson([ff(name), "--group-by", "service", "--include-errors"]);
    expect(entered.groups.map((g: Json) => [g.name, g.count])).toEqual([["frontend", entry.length]]);
    const byRoute = await latstatJson([ff(name), "--group-by", "attr.http.route", "--span-kind", "all", "--include-errors"]);
    for (const g of byRoute.groups) expect(g.count).toBe(spans.filter((s) => (s.route ?? "(none)") === g.name).length);
    const byName = await latstatJson([ff(name), "--group-by", "name", "--include-errors", "--top", "100"]);
    for (const g of byName.groups) expect(g.count).toBe(entry.filter((s) => s.name === g.name).length);
  });

  it("start times: --since keeps the spans that started at or after it", async () => {
    const starts = entry.filter((s) => !s.failed).map((s) => s.startNs).sort((a, b) => a - b);
    const middle = starts[Math.floor(starts.length / 2)]!;
    const since = new Date(Math.ceil(middle / 1e6)).toISOString();
    const document = await latstatJson([ff(name), "--since", since]);
    expect(document.raw.count).toBe(starts.filter((s) => s >= Math.ceil(middle / 1e6) * 1e6).length);
  });

  it("gives the same outcomes whatever the chunks the bytes come in", () => {
    const bytes = readFileSync(ff(name));
    const whole = decodeDocument(format, bytes);
    expect(whole.records).toHaveLength(spans.length);
    const cuts = Array.from({ length: Math.ceil(bytes.length / 97) }, (_, i) => i * 97 + (i % 7));
    expect(decodeDocument(format, bytes, {}, cuts)).toEqual(whole);
    expect(decodeDocument(format, bytes, {}, [1, 2, 3, 4, 5])).toEqual(whole);
  });

  it("is detected", async () => {
    expect((await latstatJson([ff(name)])).input.format).toBe(format.name);
  });
});

describe("the span formats agree", () => {
  it("OTLP, Jaeger and Zipkin exports of the same requests give the same samples (Jaeger and Zipkin in whole µs)", () => {
    const options = { spanKind: "all" as const, groupBy: ["service"] };
    const read = (format: DocumentFormat, name: string) =>
      samplesOf(decodeDocument(format, readFileSync(ff(name)), options).records)
        .map((s) => ({ ...s, latencyNs: Math.round(s.latencyNs / 1000), label: s.label?.toLowerCase() }))
        .sort((a, b) => a.startNs! - b.startNs! || a.latencyNs - b.latencyNs);
    // Start times are doubles (exact to ~256 ns at today's epoch) truncated to µs by Jaeger and Zipkin: compared apart.
    const withoutStart = (samples: Sample[]) => samples.map(({ startNs: _start, ...rest }) => rest);
    const otlp = read(otlpFormat, "otlp/traces.json");
    expect(otlp).toHaveLength(288);
    for (const other of [read(jaegerFormat, "jaeger/traces.json"), read(zipkinFormat, "zipkin/traces.json")]) {
      expect(withoutStart(other)).toEqual(withoutStart(otlp));
      other.forEach((s, i) => expect(Math.abs(s.startNs! - otlp[i]!.startNs!)).toBeLessThan(1000 + 512));
    }
  });
});

/** An OTLP document of spans `[kind, start ns, end ns, status code]`, written by hand from examples/trace.json's shape. */
function otlpDocument(spans: [number | string, string, string, number | string | undefined][], resourceLast = false): string {
  const resource = '"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]}';
  const list = spans
    .map(([kind, start, end, code]) => `{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"POST /cart","kind":${JSON.stringify(kind)},"startTimeUnixNano":${start},"endTimeUnixNano":${end},"attributes":[{"key":"http.response.status_code","value":{"intValue":"201"}},{"key":"http.request.method","value":{"stringValue":"POST"}}],"status":${code === undefined ? "{}" : `{"code":${JSON.stringify(code)}}`}}`)
    .join(",");
  const scope = `"scopeSpans":[{"scope":{"name":"shop.http","version":"2.1"},"spans":[${list}]}]`;
  return `{"resourceSpans":[{${resourceLast ? `${scope},${resource}` : `${resource},${scope}`}}]}`;
}

describe("otlp", () => {
  it("latency end − start to the nanosecond, from decimal text or numbers; kinds and status as numbers or names", () => {
    const text = otlpDocument([
      [2, '"1793610000123456789"', '"1793610000127667890"', 2],
      ["SPAN_KIND_SERVER", '"1793610001000000000"', '"1793610001000000001"', "STATUS_CODE_ERROR"],
      [2, "1793610002000000000", "1793610002000004210", 1],
      [0, '"1793610003000000000"', '"1793610003000000500"', undefined],
    ]);
    const { records } = decodeDocument(otlpFormat, text, { spanKind: "all" });
    expect(records.map((r) => ("sample" in r ? [r.sample.latencyNs, r.sample.ok] : r))).toEqual([
      [4_211_101, false],
      [1, false],
      [4_210, true],
      [500, true],
    ]);
    const first = (records[0] as { sample: Sample }).sample;
    expect(first).toMatchObject({ label: "POST /cart", status: 201, method: "POST", startNs: 1793610000123456789 });
  });

  it("rejects broken spans with their lines and books a cut-off document as one rejection", () => {
    const spans = otlpDocument([
      [2, '"1793610000000000000"', '"1793610000004210000"', undefined],
      [2, '"17936100000000x"', '"1793610000004210000"', undefined],
      [2, '"1793610000004210000"', '"1793610000000000000"', undefined],
      [9, '"1793610000000000000"', '"1793610000004210000"', undefined],
      [2, '"0"', '"1793610000004210000"', undefined],
    ]).replace(/\},\{"traceId"/g, '},\n{"traceId"');
    const { records } = decodeDocument(otlpFormat, spans);
    expect(records.map((r) => ("reject" in r ? [r.line, r.reject] : r.line))).toEqual([1, [2, "bad startTimeUnixNano"], [3, "ends before it starts"], [4, "bad kind"], [5, "bad startTimeUnixNano"]]);
    const cut = decodeDocument(otlpFormat, spans.slice(0, spans.lastIndexOf("traceId") + 40));
    expect(cut.records.at(-1)).toEqual({ reject: "truncated document", line: 5 });
    expect(cut.records).toHaveLength(5);
  });

  it("a document whose resource comes after its spans still groups them by service", () => {
    const text = otlpDocument([[2, '"1793610000000000000"', '"1793610000004210000"', undefined]], true);
    expect(samplesOf(decodeDocument(otlpFormat, text, { groupBy: ["service", "attr.http.request.method", "status"] }).records)[0]!.groupValues).toEqual(["checkout", "POST", undefined]);
  });

  it("reads the deprecated instrumentationLibrarySpans", () => {
    const text = otlpDocument([[2, '"1793610000000000000"', '"1793610000004210000"', undefined]]).replace("scopeSpans", "instrumentationLibrarySpans");
    expect(samplesOf(decodeDocument(otlpFormat, text).records)).toHaveLength(1);
  });

  it("without SERVER spans records every kind, and says so", () => {
    const { records, notices } = decodeDocument(otlpFormat, otlpDocument([[3, '"1793610000000000000"', '"1793610000004210000"', undefined], [1, '"1793610000000000000"', '"1793610000001000000"', undefined]]));
    expect(samplesOf(records).map((s) => s.latencyNs)).toEqual([4_210_000, 1_000_000]);
    expect(notices).toEqual(["no SERVER spans: spans of every kind are recorded (choose with --span-kind)"]);
  });

  it(`holds back at most ${HOLD_LIMIT} spans of other kinds; a SERVER span after that asks for --span-kind`, () => {
    const clients = Array.from({ length: HOLD_LIMIT }, (): [number, string, string, undefined] => [3, '"1793610000000000000"', '"1793610000004210000"', undefined]);
    const text = otlpDocument([...clients, [2, '"1793610000000000000"', '"1793610000004210000"', undefined]]);
    expect(() => decodeDocument(otlpFormat, text)).toThrow(/a SERVER span after 65536 spans of other kinds/);
    const fine = decodeDocument(otlpFormat, text, { spanKind: "server" });
    expect(samplesOf(fine.records)).toHaveLength(1);
  });

  it("refuses --group-by names spans do not have", () => {
    expect(() => otlpFormat.createDecoder({ groupBy: ["colour"] })).toThrow(/--group-by colour: spans are grouped by name, service or attr\.KEY/);
  });

  it("invalid JSON is a one-line error naming the file and line; a truncated export a rejected record (an error with --strict)", async () => {
    const text = otlpDocument([[2, '"1793610000000000000"', '"1793610000004210000"', undefined]]).replace('"name":', '\n"name"');
    const bad = tempFile("bad-otlp.json", text);
    const result = await runCli(["-f", "otlp", bad]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`latstat: ${bad}:2: invalid JSON: '"' where a colon after the key should be (the input must be whole, valid JSON; -f names the format when detection picked a wrong one)`);
    const good = otlpDocument([[2, '"1793610000000000000"', '"1793610000004210000"', undefined], [2, '"1793610000000000000"', '"1793610000004210000"', undefined]]);
    const cut = tempFile("cut-otlp.json", good.slice(0, good.length - 30));
    const read = await runCli([cut, "--json"]);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout).input).toMatchObject({ lines: 2, recorded: 1, rejected: 1, rejectedByReason: { "truncated document": 1 } });
    expect(read.stderr).toContain(`${cut}:1: truncated document`);
    expect((await runCli([cut, "--strict"])).code).toBe(2);
  });
});

describe("jaeger", () => {
  const trace = (spans: string, processes = '{"p1":{"serviceName":"cart","tags":[{"key":"ip","type":"string","value":"10.1.2.3"}]}}') =>
    `{"traceID":"6b7f6d8a1c2e3f40","spans":[${spans}],"processes":${processes},"warnings":null}`;
  const span = (tags: string, extra = '"processID":"p1"') =>
    `{"traceID":"6b7f6d8a1c2e3f40","spanID":"1c2e3f406b7f6d8a","operationName":"HTTP GET /cart","references":[],"startTime":1793610000000000,"duration":12500,"tags":[${tags}],"logs":[],${extra},"warnings":null}`;

  it("kind from span.kind, error=true (bool or text) failed, service from the process table or the span's own process", () => {
    const text = `{"data":[${trace([span('{"key":"span.kind","type":"string","value":"server"},{"key":"error","type":"bool","value":true}'), span('{"key":"span.kind","type":"string","value":"client"},{"key":"error","type":"string","value":"true"}'), span("", '"process":{"serviceName":"embedded","tags":[]}')].join(","))}],"total":0,"limit":0,"offset":0,"errors":null}`;
    const { records } = decodeDocument(jaegerFormat, text, { spanKind: "all", groupBy: ["service", "attr.ip"] });
    expect(samplesOf(records).map((s) => [s.latencyNs, s.ok, ...s.groupValues!])).toEqual([
      [12_500_000, false, "cart", "10.1.2.3"],
      [12_500_000, false, "cart", "10.1.2.3"],
      [12_500_000, true, "embedded", ""],
    ]);
  });

  it("reads a lone trace (the UI's JSON upload) and is detected on it", () => {
    const text = trace(span('{"key":"span.kind","type":"string","value":"server"}'));
    expect(jaegerFormat.sniff([text], text).score).toBe(1);
    expect(samplesOf(decodeDocument(jaegerFormat, text).records)[0]).toMatchObject({ latencyNs: 12_500_000, startNs: 1793610000000000 * 1000, label: "HTTP GET /cart", ok: true });
  });
});

describe("zipkin", () => {
  it("a span without duration is incomplete and skipped; an error tag of any text is a failure", () => {
    const text = JSON.stringify([
      { traceId: "86154a4ba6e91385", id: "4d1e00c0db9010db", kind: "SERVER", name: "get /", timestamp: 1793610000000000, duration: 207000, localEndpoint: { serviceName: "web" }, tags: { error: "" } },
      { traceId: "86154a4ba6e91385", id: "4d1e00c0db9010dc", kind: "SERVER", name: "get /", timestamp: 1793610000000000, localEndpoint: { serviceName: "web" } },
      { traceId: "86154a4ba6e91385", id: "4d1e00c0db9010dd", kind: "SERVER", name: "get /", timestamp: "soon", duration: 1 },
      7,
    ]);
    const { records } = decodeDocument(zipkinFormat, text);
    expect(records.map(({ line: _line, ...r }) => ("sample" in r ? { ok: r.sample.ok, latencyNs: r.sample.latencyNs } : r))).toEqual([
      { ok: false, latencyNs: 207_000_000 },
      { skip: "incomplete span (no duration or timestamp)" },
      { reject: "bad timestamp" },
      { reject: "not a span" },
    ]);
  });

  it("is told apart from Jaeger's spans, which spell traceID", () => {
    const jaegerSpans = '[{"traceID":"2be38093ead7a083","spanID":"7606ddfe69932d34","operationName":"x","startTime":1605223981761425,"duration":267037}]';
    expect(zipkinFormat.sniff([jaegerSpans], jaegerSpans).score).toBe(0);
  });
});

describe("a Collector file with a document cut short in the middle (a crash mid-write, then more written)", () => {
  const lines = readFileSync(ff("otlp/collector.jsonl"), "utf8").trim().split("\n");
  const truthOf = (kept: string[]) => otlpTruth(kept.map((l) => JSON.parse(l) as Json));

  it("rejects the cut line as a truncated document and reads every line after it", async () => {
    const at = 2;
    // Cut inside the line's first span: none of its spans is whole.
    const cut = lines[at]!.slice(0, lines[at]!.indexOf('"kind":'));
    const file = tempFile("midcut.jsonl", [...lines.slice(0, at), cut, ...lines.slice(at + 1)]);
    const spans = truthOf([...lines.slice(0, at), ...lines.slice(at + 1)]);
    const result = await runCli([file, "--json", "--span-kind", "all", "--include-errors", "-p", "50,90,99"]);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as Json;
    expect(document.input).toMatchObject({ lines: spans.length + 1, recorded: spans.length, rejected: 1, rejectedByReason: { "truncated document": 1 } });
    expectFigures(document, spans.map((s) => s.latencyNs), ["50", "90", "99"]);
    expect(result.stderr).toContain(`${file}:${at + 1}: truncated document`);
    expect((await runCli([file, "--strict"])).stderr).toContain(`${file}:${at + 1}: truncated document`);
  });
});

describe("zipkin v1", () => {
  /** Zipkin v1 spans (zipkin-api zipkin-api.yaml, v1): an RPC span shared by client and server, and a local span. */
  const v1 = [
    {
      traceId: "97b750923ceb3ffd",
      id: "216363698b529b4a",
      name: "get /api",
      timestamp: 1793610000000000,
      duration: 11061,
      annotations: [
        { timestamp: 1793610000000000, value: "cs", endpoint: { serviceName: "frontend", ipv4: "127.0.0.1" } },
        { timestamp: 1793610000000300, value: "sr", endpoint: { serviceName: "backend", ipv4: "127.0.0.2" } },
        { timestamp: 1793610000009625, value: "ss", endpoint: { serviceName: "backend", ipv4: "127.0.0.2" } },
        { timestamp: 1793610000011061, value: "cr", endpoint: { serviceName: "frontend", ipv4: "127.0.0.1" } },
      ],
      binaryAnnotations: [{ key: "http.path", value: "/api", endpoint: { serviceName: "backend", ipv4: "127.0.0.2" } }],
    },
    { traceId: "97b750923ceb3ffd", id: "5a1e9fa9c3d0e7b2", parentId: "216363698b529b4a", name: "query", timestamp: 1793610000001000, duration: 5000, binaryAnnotations: [{ key: "lc", value: "jdbc", endpoint: { serviceName: "backend" } }] },
  ];

  it("is refused with a one-line error naming file and line, that says how to get v2", async () => {
    const file = tempFile("v1.json", JSON.stringify(v1, null, 2));
    const result = await runCli([file]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `latstat: ${file}:2: a Zipkin v1 span (binaryAnnotations, or cs/sr/ss/cr annotations without a kind): latstat reads Zipkin v2 JSON (get v2 JSON from Zipkin's API v2, GET /api/v2/traces, which serves the same spans)`,
    );
  });

  it("a v1 span without binaryAnnotations is told by its core annotations; a v2 span's annotations are its own", () => {
    const { binaryAnnotations: _b, ...coreOnly } = v1[0]!;
    expect(() => decodeDocument(zipkinFormat, JSON.stringify([coreOnly]))).toThrow(/a Zipkin v1 span/);
    const v2 = { traceId: "97b750923ceb3ffd", id: "216363698b529b4a", kind: "SERVER", name: "get /api", timestamp: 1793610000000300, duration: 9325, localEndpoint: { serviceName: "backend" }, annotations: [{ timestamp: 1793610000000400, value: "ws" }] };
    expect(samplesOf(decodeDocument(zipkinFormat, JSON.stringify([v2])).records).map((s) => s.latencyNs)).toEqual([9_325_000]);
  });
});

describe("detection of single-line JSON", () => {
  /** JSON with every object's keys in order, as `jq -S -c` writes it. */
  const sorted = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(sorted) : value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sorted(v)])) : value;

  it("a Jaeger export with sorted keys (processes before spans) is detected and read as the original", async () => {
    const text = JSON.stringify(sorted(json("jaeger/traces.json")));
    expect(text.startsWith('{"data":[{"processes":{"p1":{"serviceName":')).toBe(true);
    expect(jaegerFormat.sniff([], text).score).toBe(1);
    const lone = JSON.stringify(sorted(json("jaeger/traces.json").data[0]));
    expect(jaegerFormat.sniff([], lone).score).toBe(1);
    const file = tempFile("jaeger-sorted.json", text);
    const [read, original] = await Promise.all([latstatJson([file, "--span-kind", "all", "-p", "50,99"]), latstatJson([ff("jaeger/traces.json"), "--span-kind", "all", "-p", "50,99"])]);
    expect(read.input.format).toBe("jaeger");
    expect(read.raw).toEqual(original.raw);
  });

  it("Jaeger's API v3 ({\"result\": OTLP document} per line) is read as OTLP", async () => {
    const lines = readFileSync(ff("otlp/collector.jsonl"), "utf8").trim().split("\n");
    const file = tempFile("api-v3.json", lines.map((l) => `{"result":${l}}`));
    const spans = otlpTruth(lines.map((l) => JSON.parse(l) as Json));
    const document = await latstatJson([file, "--span-kind", "all", "--include-errors", "-p", "50,90,99"]);
    expect(document.input.format).toBe("otlp");
    expectFigures(document, spans.map((s) => s.latencyNs), ["50", "90", "99"]);
  });

  it("an unrecognised JSON document of one long line is said to be one, not taken for a binary file", async () => {
    const file = tempFile("unknown.json", JSON.stringify({ items: Array.from({ length: 3000 }, (_, i) => ({ id: i, text: "x".repeat(40) })) }));
    const result = await runCli([file]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`latstat: ${file}: cannot tell the input format: a JSON document whose first 64 KiB no format recognises (name the format with -f FORMAT: otlp, jaeger, zipkin and ghz read one JSON document; \`latstat formats\` lists them)`);
  });
});
