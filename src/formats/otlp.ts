/**
 * `otlp`: OpenTelemetry spans in OTLP/JSON (opentelemetry-proto, docs/specification.md "JSON Protobuf Encoding";
 * examples/trace.json): one document, or one per line as the Collector's file exporter writes them, or as Jaeger's
 * API v3 (`/api/v3/traces`) returns them, each wrapped in {"result": …}.
 *
 *   input         = { document | {"result": document} }                whitespace or line breaks between them
 *   document      = {"resourceSpans": [resourceSpans…]}               other keys ignored
 *   resourceSpans = {"resource": {"attributes": [keyValue…]}, "scopeSpans": [{"scope": …, "spans": [span…]}…]}
 *                   (`instrumentationLibrarySpans`, the name before OTLP 0.15, is read too)
 *   span          = {"traceId": HEX, "spanId": HEX, "parentSpanId": HEX | "", "name": S, "kind": 0–5,
 *                    "startTimeUnixNano": U64, "endTimeUnixNano": U64, "attributes": [keyValue…],
 *                    "status": {"code": 0–2, "message": S}, …}
 *   keyValue      = {"key": S, "value": {"stringValue"|"intValue"|"doubleValue"|"boolValue"|"arrayValue"|…: V}}
 *   U64           = decimal text (as OTLP/JSON writes 64-bit integers) or a JSON number
 *
 * The latency is endTimeUnixNano − startTimeUnixNano, exact to the nanosecond; the start is startTimeUnixNano.
 * Kinds are numbers as OTLP/JSON requires, or the enum names (SPAN_KIND_SERVER) some encoders write; 0
 * (unspecified) is read as internal, as the specification allows. Status code 2 (STATUS_CODE_ERROR) is a failed
 * span. The service is the resource's `service.name`; `attr.KEY` looks in the span's attributes, then the
 * resource's. See spans.ts for the other fields, and span-selection.ts for which spans are recorded (the parent is
 * `parentSpanId` of the same trace).
 *
 * Records: each element of a `spans` array is one record (recorded, skipped by kind, or rejected); the rest of
 * the document is not counted. A document cut short at the end of its line, in a file of one per line, is one
 * rejected record (json-stream.ts), and the lines after it are read.
 */
import { JsonStream, type JsonStreamHandler, type PathKey, type Selection } from "./json-stream.js";
import { own } from "./jsonl.js";
import { attributeText, endDocument, idOf, rejectCut, SpanSamples, type SpanFields } from "./spans.js";
import type { SpanKind } from "./span-kinds.js";
import { SpanSelection } from "./span-selection.js";
import type { DecodeOptions, DocumentDecoder, DocumentFormat, RecordSink, SniffResult, SpanChooser, UnitChoice } from "./types.js";

const KINDS: readonly SpanKind[] = ["internal", "internal", "server", "client", "producer", "consumer"];
const KIND_NAMES = ["SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"];
const STATUS_ERROR = 2;
const SPAN_LISTS = new Set(["scopeSpans", "instrumentationLibrarySpans"]);

/** The text of an OTLP AnyValue. */
function anyValueText(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  for (const key of ["stringValue", "intValue", "doubleValue", "boolValue"]) {
    const v = own(value, key);
    if (v !== undefined) return attributeText(v);
  }
  for (const key of ["arrayValue", "kvlistValue", "bytesValue"]) {
    const v = own(value, key);
    if (v !== undefined) return attributeText(v);
  }
  return undefined;
}

/** The value of `key` in a list of OTLP KeyValues. */
function findAttribute(attributes: unknown, key: string): string | undefined {
  if (!Array.isArray(attributes)) return undefined;
  for (const kv of attributes) if (own(kv, "key") === key) return anyValueText(own(kv, "value"));
  return undefined;
}

/** A U64 time as whole seconds and nanoseconds, each exact in a double; undefined when it is not one or is 0. */
function splitNanos(value: unknown): [number, number] | undefined {
  if (typeof value === "string" && /^\d{1,20}$/.test(value)) {
    const seconds = Number(value.slice(0, -9) || "0");
    const nanos = Number(value.slice(-9));
    return seconds === 0 && nanos === 0 ? undefined : [seconds, nanos];
  }
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return [Math.floor(value / 1e9), value % 1e9];
  return undefined;
}

function kindOf(value: unknown): SpanKind | undefined {
  if (value === undefined) return "internal";
  const index = typeof value === "number" ? value : typeof value === "string" ? KIND_NAMES.indexOf(value) : -1;
  return Number.isInteger(index) ? KINDS[index] : undefined;
}

function failed(status: unknown): boolean {
  const code = own(status, "code");
  return code === STATUS_ERROR || code === "STATUS_CODE_ERROR";
}

/** The path within the OTLP document: Jaeger's API v3 (`/api/v3/traces`) wraps each one as {"result": document}. */
function inDocument(path: readonly PathKey[]): readonly PathKey[] {
  return path[0] === "result" ? path.slice(1) : path;
}

/** A span read, waiting for its resource when grouping needs it. */
interface Pending {
  lineNo: number;
  span: unknown;
}

class OtlpDecoder implements DocumentDecoder, JsonStreamHandler {
  private readonly stream = new JsonStream(this);
  private readonly samples: SpanSamples;
  private readonly selection: SpanChooser;
  /** The selection is this input's alone (no other inputs share it): it ends with it. */
  private readonly ownsSelection: boolean;
  private notices: string[] = [];
  private sink: RecordSink | undefined;
  /** The attributes of the current resourceSpans' resource, once read. */
  private resource: unknown;
  private resourceSeen = false;
  /** Spans of the current resourceSpans read before its resource, when grouping needs it. */
  private pending: Pending[] = [];
  private sawResourceSpans = false;

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
    this.flushPending();
    if (this.ownsSelection) this.selection.end();
    if (!this.sawResourceSpans) this.notices.push('no "resourceSpans" in the input: not an OTLP/JSON trace export? (metrics and logs are not read)');
  }

  select(whole: readonly PathKey[]): Selection {
    const path = inDocument(whole);
    if (path.length === 1 && path[0] === "resourceSpans") this.sawResourceSpans = true;
    switch (path.length) {
      case 0:
      case 2:
      case 4:
        return "enter";
      case 1:
        return path[0] === "resourceSpans" ? "enter" : "skip";
      case 3:
        if (path[2] === "resource") return "capture";
        return SPAN_LISTS.has(path[2] as string) ? "enter" : "skip";
      case 5:
        return path[4] === "spans" ? "enter" : "skip";
      case 6:
        // Every element of a spans array is a record, whatever it holds.
        return "capture";
      default:
        return "skip";
    }
  }

  value(path: readonly PathKey[], value: unknown, lineNo: number): void {
    if (inDocument(path).length === 3) {
      this.resource = own(value, "attributes");
      this.resourceSeen = true;
      return this.flushPending();
    }
    if (this.samples.needsContext && !this.resourceSeen) this.pending.push({ lineNo, span: value });
    else this.book(value, lineNo);
  }

  oversized(path: readonly PathKey[], lineNo: number): void {
    if (inDocument(path).length !== 6) return;
    this.sink!.at(lineNo);
    this.sink!.reject("span too large");
  }

  leave(path: readonly PathKey[]): void {
    if (inDocument(path).length === 2) this.endResourceSpans();
  }

  cut(lineNo: number): void {
    this.endResourceSpans();
    rejectCut(this.sink!, lineNo);
  }

  /** The end of a resourceSpans: its spans without a resource are booked, and the next one starts afresh. */
  private endResourceSpans(): void {
    this.flushPending();
    this.resource = undefined;
    this.resourceSeen = false;
  }

  private flushPending(): void {
    const pending = this.pending;
    this.pending = [];
    for (const { span, lineNo } of pending) this.book(span, lineNo);
  }

  private book(span: unknown, lineNo: number): void {
    const sink = this.sink!;
    const reject = (reason: string) => {
      sink.at(lineNo);
      sink.reject(reason);
    };
    if (span === null || typeof span !== "object" || Array.isArray(span)) return reject("not a span");
    const start = splitNanos(own(span, "startTimeUnixNano"));
    const end = splitNanos(own(span, "endTimeUnixNano"));
    if (start === undefined) return reject("bad startTimeUnixNano");
    if (end === undefined) return reject("bad endTimeUnixNano");
    const latencyNs = (end[0] - start[0]) * 1e9 + (end[1] - start[1]);
    if (latencyNs < 0) return reject("ends before it starts");
    if (latencyNs > 1e15) return reject("too large");
    const kind = kindOf(own(span, "kind"));
    if (kind === undefined) return reject("bad kind");
    const name = own(span, "name");
    const attributes = own(span, "attributes");
    const resource = this.resource;
    const fields: SpanFields = {
      name: typeof name === "string" ? name : undefined,
      kind,
      startNs: start[0] * 1e9 + start[1],
      latencyNs,
      failed: failed(own(span, "status")),
      attribute: (key) => findAttribute(attributes, key) ?? findAttribute(resource, key),
      get service() {
        return findAttribute(resource, "service.name");
      },
    };
    const ids = { traceId: idOf(own(span, "traceId")) ?? "", spanId: idOf(own(span, "spanId")), parentId: idOf(own(span, "parentSpanId")) };
    this.selection.book(sink, lineNo, kind, ids, this.samples.sampleOf(fields));
  }

  unitChoice(): UnitChoice {
    return { unit: "ns", source: "format" };
  }

  takeNotices(): string[] {
    const notices = [...this.notices, ...this.selection.takeNotices()];
    this.notices = [];
    return notices;
  }
}

/** `{"resourceSpans":[`, or Jaeger API v3's `{"result":{"resourceSpans":[`. */
const SIGNATURE = /^\s*\{\s*(?:"result"\s*:\s*\{\s*)?"resourceSpans"\s*:\s*\[/;

function sniff(_lines: readonly string[], head = ""): SniffResult {
  return SIGNATURE.test(head.replace(/^\uFEFF/, ""))
    ? { score: 1, why: 'an OTLP/JSON document: {"resourceSpans":[ (or Jaeger API v3\'s {"result":{"resourceSpans":[)' }
    : { score: 0, why: 'does not start with {"resourceSpans":[' };
}

export const otlpFormat: DocumentFormat = {
  name: "otlp",
  readsDocuments: true,
  description:
    "OpenTelemetry OTLP/JSON spans (file exporter, one document per line, or one document; Jaeger API v3 too); latency end − start time in ns, entry SERVER spans by default (--span-kind), status code 2 = failed",
  example:
    '{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},"scopeSpans":[{"scope":{"name":"http"},"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"GET /api/users","kind":2,"startTimeUnixNano":"1793610000000000000","endTimeUnixNano":"1793610000004210000","status":{}}]}]}]}',
  sniff,
  readsSpans: true,
  createDecoder: (options, spans) => new OtlpDecoder(options, spans),
};
