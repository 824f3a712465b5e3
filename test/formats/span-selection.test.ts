/**
 * Which spans are requests: by default the entry SERVER spans (no SERVER span above them), chosen across every
 * input of a report. The traces are written here from the documented layouts — OTLP/JSON (opentelemetry-proto
 * "JSON Protobuf Encoding": hex ids, `parentSpanId`, integer kinds, 64-bit times as decimal text), the Collector's
 * file exporter (one ExportTraceServiceRequest per line, a batch per service, a child's batch before its parent's,
 * which ends later) and Zipkin v2 (`zipkin2-api.yaml`: `parentId`, `shared` server spans of B3) — and the expected
 * figures come from an exact sort of the latencies the test chose.
 */
import { describe, expect, it } from "vitest";
import { SpanSelection } from "../../src/formats/span-selection.js";
import type { SpanIds, SpanKind } from "../../src/formats/span-kinds.js";
import type { RecordSink } from "../../src/formats/types.js";
import { expectHdrClose, latstatJson, nearestRank, tempFile } from "../helpers/formats.js";
import { runCli } from "../helpers/run-cli.js";

const T0 = 1793610000000000000n;
const hex = (n: number, digits: number) => n.toString(16).padStart(digits, "0");

/** An OTLP span of kind `kind` (2 server, 3 client, 1 internal) lasting `latencyNs` from `startNs` after T0. */
function otlpSpan(trace: number, id: number, parent: number | undefined, kind: number, startNs: number, latencyNs: number, error = false): string {
  const start = T0 + BigInt(startNs);
  return JSON.stringify({
    traceId: hex(trace, 32),
    spanId: hex(id, 16),
    ...(parent === undefined ? {} : { parentSpanId: hex(parent, 16) }),
    name: kind === 2 ? "GET /api" : kind === 3 ? "GET" : "SELECT",
    kind,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + BigInt(latencyNs)),
    attributes: [],
    status: error ? { code: 2 } : {},
  });
}

/** One ExportTraceServiceRequest of one service's spans, on one line. */
const otlpBatch = (service: string, spans: string[]) =>
  `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"${service}"}}]},"scopeSpans":[{"scope":{"name":"io.opentelemetry.http"},"spans":[${spans.join(",")}]}]}]}`;

/** Trace t: frontend SERVER (root) → CLIENT → backend SERVER → INTERNAL; every 25th failed. Latencies in ns. */
function trace(t: number) {
  const frontend = 2_000_000 + ((t * 7919) % 9_000_000);
  const backend = 500_000 + ((t * 104729) % (frontend - 900_000));
  const failed = t % 25 === 0;
  const start = t * 20_000_000;
  const id = t * 16;
  return {
    frontend,
    backend,
    failed,
    frontendSpans: [otlpSpan(t, id + 1, undefined, 2, start, frontend, failed), otlpSpan(t, id + 2, id + 1, 3, start + 100_000, backend + 400_000)],
    backendSpans: [otlpSpan(t, id + 3, id + 2, 2, start + 300_000, backend, failed), otlpSpan(t, id + 4, id + 3, 1, start + 350_000, Math.floor(backend / 2))],
  };
}

const TRACES = Array.from({ length: 400 }, (_, i) => trace(i + 1));

/** The Collector's file: batches of 40 traces per service, each service's batch of a time before the frontend's. */
function collectorLines(services: ("frontend" | "backend")[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < TRACES.length; i += 40) {
    const batch = TRACES.slice(i, i + 40);
    if (services.includes("backend")) lines.push(otlpBatch("backend", batch.flatMap((t) => t.backendSpans)));
    if (services.includes("frontend")) lines.push(otlpBatch("frontend", batch.flatMap((t) => t.frontendSpans)));
  }
  return lines;
}

function expectExact(document: Record<string, any>, latenciesNs: number[]): void {
  const sorted = [...latenciesNs].sort((a, b) => a - b);
  expect(document.raw.count).toBe(sorted.length);
  expect(document.raw.max).toBeCloseTo(sorted.at(-1)! / 1e6, 9);
  for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], nearestRank(sorted, Number(p)) / 1e6);
}

const okFrontend = TRACES.filter((t) => !t.failed).map((t) => t.frontend);
const okBackend = TRACES.filter((t) => !t.failed).map((t) => t.backend);
const failures = TRACES.filter((t) => t.failed).length;

describe("entry SERVER spans, by default", () => {
  it("a Collector file: each request once, as the frontend's SERVER span, though the backend's batch came first", async () => {
    const file = tempFile("collector.jsonl", collectorLines(["frontend", "backend"]));
    const result = await runCli([file, "--json", "-p", "50,90,99"]);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expectExact(document, okFrontend);
    expect(document.input).toMatchObject({ lines: 1600, recorded: okFrontend.length, rejected: 0 });
    expect(document.input.skippedByReason).toEqual({ "span kind client": 400, "span kind internal": 400, "downstream server span": 400, failed: failures });
    expect(document.input.failed.count).toBe(failures);
    expect(result.stderr).toContain('400 SERVER spans below another SERVER span left out (skipped as "downstream server span")');
    // Every SERVER span, as before.
    const every = await latstatJson([file, "--span-kind", "server", "-p", "50,90,99"]);
    expectExact(every, [...okFrontend, ...okBackend]);
    expect(every.input.failed.count).toBe(2 * failures);
  });

  it("a backend-only export keeps every backend SERVER span: their parents are not in it", async () => {
    const file = tempFile("backend-only.jsonl", collectorLines(["backend"]));
    const result = await runCli([file, "--json", "-p", "50,90,99"]);
    expect(result.code, result.stderr).toBe(0);
    expectExact(JSON.parse(result.stdout), okBackend);
    expect(result.stderr).not.toContain("downstream");
  });

  it("a SERVER span called by a traced client (a load generator's CLIENT root) is an entry span", async () => {
    const lines = TRACES.map((t, i) => {
      const id = 10_000 + i;
      // The load generator's CLIENT span is the root; the frontend's SERVER span its child.
      const client = otlpSpan(i + 1, id, undefined, 3, i * 20_000_000, t.frontend + 200_000);
      const frontendSpans = t.frontendSpans.map((span, k) => (k === 0 ? span.replace(/"spanId":"([0-9a-f]+)"/, `$&,"parentSpanId":"${hex(id, 16)}"`) : span));
      return [otlpBatch("loadgen", [client]), otlpBatch("frontend", frontendSpans), otlpBatch("backend", t.backendSpans)].join("\n");
    });
    const document = await latstatJson([tempFile("traced-client.jsonl", lines), "-p", "50,90,99"]);
    expectExact(document, okFrontend);
    expect(document.input.skippedByReason["downstream server span"]).toBe(400);
  });

  it("chooses across the inputs of a report: per-service files in either order, on one thread or several", async () => {
    const frontend = tempFile("frontend.jsonl", collectorLines(["frontend"]));
    const backend = tempFile("backend.jsonl", collectorLines(["backend"]));
    for (const args of [[frontend, backend], [backend, frontend], [backend, frontend, "--threads", "2"]]) {
      const document = await latstatJson([...args, "-p", "50,90,99"]);
      expectExact(document, okFrontend);
      expect(document.input.skippedByReason["downstream server span"]).toBe(400);
    }
  });

  it("one report, one kind: CLIENT spans of an input without SERVER spans are not mixed with another's SERVER spans", async () => {
    const clients = tempFile("client-only.json", otlpBatch("loadgen", TRACES.map((t, i) => otlpSpan(90_000 + i, 1, undefined, 3, i * 1000, t.frontend * 3))));
    const servers = tempFile("server.json", otlpBatch("api", TRACES.map((t, i) => otlpSpan(i + 1, 1, undefined, 2, i * 1000, t.backend))));
    for (const args of [[clients, servers], [servers, clients], [clients, servers, "--threads", "2"]]) {
      const result = await runCli([...args, "--json", "--include-errors", "-p", "50,90,99"]);
      expect(result.code, result.stderr).toBe(0);
      const document = JSON.parse(result.stdout);
      expectExact(document, TRACES.map((t) => t.backend));
      expect(document.input.skippedByReason["span kind client"]).toBe(400);
    }
    // Alone, the clients' file has no SERVER span: every kind is recorded, and said.
    const alone = await runCli([clients, "--json"]);
    expect(JSON.parse(alone.stdout).raw.count).toBe(400);
    expect(alone.stderr).toContain("no SERVER spans: spans of every kind are recorded (choose with --span-kind)");
  });

  it("Zipkin v2: a shared SERVER span (B3: the client's id, the client's parent) is below the caller's SERVER span", async () => {
    const us = (ns: number) => Math.round(ns / 1000);
    const spans = TRACES.flatMap((t, i) => {
      const trace = hex(i + 1, 16);
      const [root, call] = [hex(2 * i + 1, 16), hex(2 * i + 2, 16)];
      const timestamp = 1793610000000000 + i * 20_000;
      return [
        { traceId: trace, id: root, kind: "SERVER", name: "get /api", timestamp, duration: us(t.frontend), localEndpoint: { serviceName: "frontend" } },
        { traceId: trace, parentId: root, id: call, kind: "CLIENT", name: "get", timestamp: timestamp + 100, duration: us(t.backend) + 400, localEndpoint: { serviceName: "frontend" } },
        { traceId: trace, parentId: root, id: call, kind: "SERVER", shared: true, name: "get /api", timestamp: timestamp + 300, duration: us(t.backend), localEndpoint: { serviceName: "backend" } },
      ];
    });
    const document = await latstatJson([tempFile("zipkin-shared.json", JSON.stringify(spans)), "--include-errors", "-p", "50,90,99"]);
    expectExact(document, TRACES.map((t) => us(t.frontend) * 1000));
    expect(document.input.skippedByReason["downstream server span"]).toBe(400);
  });
});

describe("SpanSelection's bounded waiting", () => {
  /** Books spans into a list: [line, outcome]. */
  function recorder() {
    const outcomes: [number, string][] = [];
    let line = 0;
    const sink = {
      at: (lineNo: number) => (line = lineNo),
      sample: () => outcomes.push([line, "recorded"]),
      skip: (reason?: string) => outcomes.push([line, reason ?? ""]),
    } as unknown as RecordSink;
    return { sink, outcomes };
  }
  const ids = (id: string, parent?: string): SpanIds => ({ traceId: "t", spanId: id, parentId: parent });
  const book = (selection: SpanSelection, sink: RecordSink, line: number, kind: SpanKind, spanIds: SpanIds) => selection.book(sink, line, kind, spanIds, { latencyNs: line });

  it("a SERVER span whose parent comes within the wait is downstream; later, it was an entry span, and that is warned of", () => {
    const selection = new SpanSelection(undefined, { parentWait: 3, seenSpans: 100 });
    const { sink, outcomes } = recorder();
    book(selection, sink, 1, "server", ids("b1", "c1"));
    book(selection, sink, 2, "client", ids("c1", "a1"));
    book(selection, sink, 3, "server", ids("a1"));
    book(selection, sink, 4, "server", ids("b2", "c2"));
    for (let line = 5; line < 9; line++) book(selection, sink, line, "internal", ids(`i${line}`));
    book(selection, sink, 9, "client", ids("c2", "a1"));
    selection.end();
    expect(outcomes.sort((x, y) => x[0] - y[0])).toEqual([
      [1, "downstream server span"],
      [2, "span kind client"],
      [3, "recorded"],
      [4, "recorded"],
      [5, "span kind internal"],
      [6, "span kind internal"],
      [7, "span kind internal"],
      [8, "span kind internal"],
      [9, "span kind client"],
    ]);
    expect(selection.takeNotices()).toEqual([
      expect.stringMatching(/^only entry SERVER spans are recorded/),
      '1 SERVER span below another SERVER span left out (skipped as "downstream server span"): --span-kind server records them, and --group-by service shows each service\'s',
      "warning: 1 SERVER span was recorded as entry spans before a span above them came, more than 3 spans later: some may be requests counted twice (--span-kind server --group-by service counts each service's)",
    ]);
  });

  it("looks up through spans of other kinds, and waits for the first ancestor missing", () => {
    const selection = new SpanSelection("entry");
    const { sink, outcomes } = recorder();
    book(selection, sink, 1, "server", ids("d", "c"));
    book(selection, sink, 2, "internal", ids("c", "b"));
    book(selection, sink, 3, "client", ids("b", "a"));
    book(selection, sink, 4, "server", ids("x", "y"));
    book(selection, sink, 5, "internal", ids("a"));
    book(selection, sink, 6, "client", ids("y", "z"));
    book(selection, sink, 7, "server", ids("z", "w"));
    selection.end();
    // d: up to the INTERNAL root a, no SERVER span: an entry span. x: below z, a SERVER span. z: w is not there.
    expect(outcomes.sort((p, q) => p[0] - q[0]).filter(([, o]) => !o.startsWith("span kind"))).toEqual([
      [1, "recorded"],
      [4, "downstream server span"],
      [7, "recorded"],
    ]);
  });
});
