/**
 * `zipkin`: Zipkin v2 JSON spans (openzipkin/zipkin-api `zipkin2-api.yaml`: ListOfSpans as POSTed to
 * `/api/v2/spans`, ListOfTraces as `GET /api/v2/traces` returns, Trace as `GET /api/v2/trace/{id}`).
 *
 *   input     = [span…]  |  [[span…]…]  |  span
 *   span      = {"traceId": S, "id": S, "parentId": S, "name": S, "kind": "CLIENT"|"SERVER"|"PRODUCER"|"CONSUMER",
 *                "timestamp": µs, "duration": µs, "localEndpoint": {"serviceName": S, …}, "remoteEndpoint": {…},
 *                "annotations": […], "tags": {S: S, …}, "debug": B, "shared": B}
 *
 * The latency is `duration` (µs); the start is `timestamp` (epoch µs). A span without a kind is local (read as
 * internal). A span with an `error` tag (whatever its text) failed. The service is the local endpoint's
 * `serviceName`; `attr.KEY` is the tag KEY. A span without a duration or timestamp is one Zipkin calls incomplete:
 * skipped, as it has no latency. See spans.ts for the other fields, and span-selection.ts for which spans are
 * recorded (the parent is `parentId`).
 *
 * Zipkin v1 (`binaryAnnotations`; RPC spans without a kind, shared by client and server, told apart by their
 * cs/sr/ss/cr annotations) is refused at its first span: read as v2, client and server durations and local spans
 * would be one mix. Zipkin's API v2 serves the same spans as v2.
 *
 * Records: each span is one record; the arrays around them are not counted.
 */
import { JsonStream, type JsonStreamHandler, type PathKey, type Selection, type ValueKind } from "./json-stream.js";
import { own } from "./jsonl.js";
import { attributeText, endDocument, idOf, integerOf, rejectCut, SpanSamples, type SpanFields } from "./spans.js";
import { SpanSelection } from "./span-selection.js";
import type { SpanIds, SpanKind } from "./span-kinds.js";
import { UserError } from "../base/errors.js";
import type { DecodeOptions, DocumentDecoder, DocumentFormat, RecordSink, SniffResult, SpanChooser, UnitChoice } from "./types.js";

const KINDS: Readonly<Record<string, SpanKind>> = { CLIENT: "client", SERVER: "server", PRODUCER: "producer", CONSUMER: "consumer" };

/**
 * Where a span sits in its trace. A SERVER span that shares its id with the CLIENT span that called it (Zipkin's
 * `shared`, B3's default) has that span's parent as its own: it is downstream of a span of the input all the same.
 */
function idsOf(span: unknown): SpanIds {
  return { traceId: idOf(own(span, "traceId")) ?? "", spanId: idOf(own(span, "id")), parentId: idOf(own(span, "parentId")) };
}

/** Annotations that Zipkin v1 used for what v2 says with `kind`. */
const V1_CORE_ANNOTATIONS = new Set(["cs", "sr", "ss", "cr", "ms", "mr"]);

/**
 * A Zipkin v1 span: `binaryAnnotations`, which v2 has no more, or the core annotations of an RPC without a `kind`.
 * Its `duration` is not the server's (v1 RPC spans are shared by client and server, and the server's time is
 * between its sr and ss annotations), and its local spans have no kind either: read as v2 it would mix them all.
 */
function isV1(span: object): boolean {
  if (own(span, "binaryAnnotations") !== undefined) return true;
  const annotations = own(span, "annotations");
  return own(span, "kind") === undefined && Array.isArray(annotations) && annotations.some((a) => V1_CORE_ANNOTATIONS.has(own(a, "value") as string));
}

class ZipkinDecoder implements DocumentDecoder, JsonStreamHandler {
  private readonly stream = new JsonStream(this);
  private readonly samples: SpanSamples;
  private readonly selection: SpanChooser;
  /** The selection is this input's alone (no other inputs share it): it ends with it. */
  private readonly ownsSelection: boolean;
  private notices: string[] = [];
  private sink: RecordSink | undefined;

  constructor(options: DecodeOptions, spans: SpanChooser | undefined) {
    this.samples = new SpanSamples(options.groupBy ?? []);
    this.selection = spans ?? new SpanSelection(options.spanKind);
    this.ownsSelection = spans === undefined;
  }

  push(bytes: Uint8Array, sink: RecordSink): void {
    this.sink = sink;
    this.stream.push(bytes);
  }

  end(sink: RecordSink): void {
    this.sink = sink;
    endDocument(this.stream, sink);
    if (this.ownsSelection) this.selection.end();
  }

  select(path: readonly PathKey[], kind: ValueKind): Selection {
    // A list of spans, a list of traces (lists of spans), or one span; every member of a list is a record.
    if (path.length === 0) return kind === "array" ? "enter" : "capture";
    if (path.length === 1) return kind === "array" ? "enter" : "capture";
    return "capture";
  }

  value(_path: readonly PathKey[], value: unknown, lineNo: number): void {
    this.book(value, lineNo);
  }

  oversized(_path: readonly PathKey[], lineNo: number): void {
    this.sink!.at(lineNo);
    this.sink!.reject("span too large");
  }

  leave(): void {}

  cut(lineNo: number): void {
    rejectCut(this.sink!, lineNo);
  }

  private book(span: unknown, lineNo: number): void {
    const sink = this.sink!;
    if (span === null || typeof span !== "object" || Array.isArray(span)) {
      sink.at(lineNo);
      return sink.reject("not a span");
    }
    if (isV1(span)) {
      sink.at(lineNo);
      throw new UserError(
        "a Zipkin v1 span (binaryAnnotations, or cs/sr/ss/cr annotations without a kind): latstat reads Zipkin v2 JSON",
        "get v2 JSON from Zipkin's API v2, GET /api/v2/traces, which serves the same spans",
      );
    }
    const timestamp = own(span, "timestamp");
    const duration = own(span, "duration");
    if (duration === undefined || timestamp === undefined) {
      sink.at(lineNo);
      return sink.skip("incomplete span (no duration or timestamp)");
    }
    const startUs = integerOf(timestamp);
    const durationUs = integerOf(duration);
    const problem = startUs === undefined || startUs === 0 ? "bad timestamp" : durationUs === undefined ? "bad duration" : durationUs * 1000 > 1e15 ? "too large" : undefined;
    if (problem !== undefined) {
      sink.at(lineNo);
      return sink.reject(problem);
    }
    const kindName = own(span, "kind");
    const kind = typeof kindName === "string" && Object.hasOwn(KINDS, kindName) ? KINDS[kindName]! : "internal";
    const tags = own(span, "tags");
    const name = own(span, "name");
    const service = own(own(span, "localEndpoint"), "serviceName");
    const fields: SpanFields = {
      name: typeof name === "string" ? name : undefined,
      kind,
      startNs: startUs! * 1000,
      latencyNs: durationUs! * 1000,
      failed: own(tags, "error") !== undefined,
      attribute: (key) => attributeText(own(tags, key)),
      service: typeof service === "string" ? service : undefined,
    };
    this.selection.book(sink, lineNo, kind, idsOf(span), this.samples.sampleOf(fields));
  }

  unitChoice(): UnitChoice {
    return { unit: "us", source: "format" };
  }

  takeNotices(): string[] {
    const notices = [...this.notices, ...this.selection.takeNotices()];
    this.notices = [];
    return notices;
  }
}

/** An array (of spans or of traces) whose first object has a Zipkin `traceId` (Jaeger writes `traceID`). */
const SIGNATURE = /^\s*\[\s*(?:\[\s*)?\{/;
const FIRST_OBJECT = /^[^{]*\{([^{}]|\{[^{}]*\})*\}/;

function sniff(_lines: readonly string[], head = ""): SniffResult {
  const text = head.replace(/^\uFEFF/, "");
  if (!SIGNATURE.test(text)) return { score: 0, why: "does not start with [{ or [[{" };
  const first = FIRST_OBJECT.exec(text)?.[0] ?? text.slice(0, 4096);
  const keys = ["traceId", "id"].every((key) => first.includes(`"${key}"`)) && ["timestamp", "duration", "localEndpoint", "kind"].some((key) => first.includes(`"${key}"`));
  return keys ? { score: 1, why: "a list of Zipkin v2 spans (traceId, id, timestamp/duration)" } : { score: 0, why: "its first object is not a Zipkin v2 span" };
}

export const zipkinFormat: DocumentFormat = {
  name: "zipkin",
  readsDocuments: true,
  description: "Zipkin v2 JSON spans (a list of spans or of traces; v1 is refused); latency duration in µs, timestamp as start, entry SERVER spans by default (--span-kind), tag error = failed",
  example:
    '[{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","name":"get /api/users","timestamp":1793610000000000,"duration":4210,"kind":"SERVER","localEndpoint":{"serviceName":"shop","ipv4":"192.168.99.1","port":8080},"tags":{"http.method":"GET","http.path":"/api/users","http.status_code":"200"}}]',
  sniff,
  readsSpans: true,
  createDecoder: (options, spans) => new ZipkinDecoder(options, spans),
};
