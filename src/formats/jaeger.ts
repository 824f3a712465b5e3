/**
 * `jaeger`: Jaeger's JSON traces, as its query API (`GET /api/traces`) returns them and the UI downloads them
 * (jaeger `internal/uimodel/model.go`; the UI's JSON file upload takes the same).
 *
 *   input    = {"data": [trace…], "total": N, "limit": N, "offset": N, "errors": …}  |  trace
 *   trace    = {"traceID": S, "spans": [span…], "processes": {ID: process, …}, "warnings": …}
 *   span     = {"traceID": S, "spanID": S, "operationName": S, "references": […], "startTime": µs, "duration": µs,
 *               "tags": [tag…], "logs": […], "processID": ID | "process": process, "warnings": …}
 *   process  = {"serviceName": S, "tags": [tag…]}
 *   tag      = {"key": S, "type": "string"|"bool"|"int64"|"float64"|"binary", "value": V}
 *
 * The latency is `duration` (µs); the start is `startTime` (epoch µs). The kind is the `span.kind` tag (server,
 * client, producer, consumer; a span without one is internal); the tag `error` = true (or "true") marks a failed
 * span. The service is the process's `serviceName`; `attr.KEY` looks in the span's tags, then the process's.
 * Jaeger writes `processes` after `spans`: when grouping needs the service, a trace's spans wait for its end
 * (keys in another order are read too: `jq -S` puts `processes` first, and is detected). See spans.ts for the
 * other fields, and span-selection.ts for which spans are recorded (the parent is the span of the first CHILD_OF
 * reference).
 *
 * Records: each element of a trace's `spans` array is one record; the rest of the document is not counted.
 */
import { JsonStream, type JsonStreamHandler, type PathKey, type Selection } from "./json-stream.js";
import { own } from "./jsonl.js";
import { attributeText, endDocument, idOf, integerOf, rejectCut, SpanSamples, type SpanFields } from "./spans.js";
import { SpanSelection } from "./span-selection.js";
import { SPAN_KINDS, type SpanIds, type SpanKind } from "./span-kinds.js";
import type { DecodeOptions, DocumentDecoder, DocumentFormat, RecordSink, SniffResult, SpanChooser, UnitChoice } from "./types.js";

/** The value of `key` in a list of Jaeger tags, as text. */
function findTag(tags: unknown, key: string): string | undefined {
  if (!Array.isArray(tags)) return undefined;
  for (const tag of tags) if (own(tag, "key") === key) return attributeText(own(tag, "value"));
  return undefined;
}

/**
 * Where a span sits in its trace: its parent is the span of its first CHILD_OF reference (else of its first
 * reference, FOLLOWS_FROM), in the trace that reference names.
 */
function idsOf(span: unknown): SpanIds {
  const traceId = idOf(own(span, "traceID")) ?? "";
  const references = own(span, "references");
  const list = Array.isArray(references) ? references : [];
  const parent = list.find((ref) => own(ref, "refType") === "CHILD_OF") ?? list[0];
  return { traceId, spanId: idOf(own(span, "spanID")), parentId: idOf(own(parent, "spanID")), parentTraceId: idOf(own(parent, "traceID")) };
}

interface Pending {
  lineNo: number;
  span: unknown;
}

class JaegerDecoder implements DocumentDecoder, JsonStreamHandler {
  private readonly stream = new JsonStream(this);
  private readonly samples: SpanSamples;
  private readonly selection: SpanChooser;
  /** The selection is this input's alone (no other inputs share it): it ends with it. */
  private readonly ownsSelection: boolean;
  private notices: string[] = [];
  private sink: RecordSink | undefined;
  /** The current trace's process table, once read. */
  private processes: unknown;
  /** The current trace's spans, when grouping needs its process table, which comes after them. */
  private pending: Pending[] = [];
  private sawSpans = false;

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
    this.endTrace();
    if (this.ownsSelection) this.selection.end();
    if (!this.sawSpans) this.notices.push('no "spans" in the input: not a Jaeger JSON trace export?');
  }

  /** Where a trace's members are: under `data[i]`, or at the top when the document is one trace. */
  private traceDepth(path: readonly PathKey[]): number {
    return path[0] === "data" ? 2 : 0;
  }

  select(path: readonly PathKey[]): Selection {
    if (path.length === 0) return "enter";
    if (path.length === 1 && path[0] === "data") return "enter";
    const depth = this.traceDepth(path);
    if (path.length === depth) return "enter";
    if (path.length === depth + 1) {
      if (path[depth] === "spans") {
        this.sawSpans = true;
        return "enter";
      }
      return path[depth] === "processes" ? "capture" : "skip";
    }
    // Every element of a spans array is a record, whatever it holds.
    return path.length === depth + 2 && path[depth] === "spans" ? "capture" : "skip";
  }

  value(path: readonly PathKey[], value: unknown, lineNo: number): void {
    if (path[path.length - 1] === "processes") {
      this.processes = value;
      return;
    }
    if (this.samples.needsContext) this.pending.push({ lineNo, span: value });
    else this.book(value, lineNo);
  }

  oversized(path: readonly PathKey[], lineNo: number): void {
    if (path[path.length - 1] === "processes") {
      this.notices.push(`line ${lineNo}: a process table too large to read; its trace's services are unknown`);
      return;
    }
    this.sink!.at(lineNo);
    this.sink!.reject("span too large");
  }

  leave(path: readonly PathKey[]): void {
    if (path.length === 0 || (path.length === 2 && path[0] === "data")) this.endTrace();
  }

  cut(lineNo: number): void {
    this.endTrace();
    rejectCut(this.sink!, lineNo);
  }

  private endTrace(): void {
    const pending = this.pending;
    this.pending = [];
    for (const { span, lineNo } of pending) this.book(span, lineNo);
    this.processes = undefined;
  }

  private book(span: unknown, lineNo: number): void {
    const sink = this.sink!;
    const reject = (reason: string) => {
      sink.at(lineNo);
      sink.reject(reason);
    };
    if (span === null || typeof span !== "object" || Array.isArray(span)) return reject("not a span");
    const startUs = integerOf(own(span, "startTime"));
    const durationUs = integerOf(own(span, "duration"));
    if (startUs === undefined || startUs === 0) return reject("bad startTime");
    if (durationUs === undefined) return reject("bad duration");
    const latencyNs = durationUs * 1000;
    if (latencyNs > 1e15) return reject("too large");
    const tags = own(span, "tags");
    const kindTag = findTag(tags, "span.kind");
    const kind: SpanKind = kindTag === undefined ? "internal" : (SPAN_KINDS as readonly string[]).includes(kindTag) ? (kindTag as SpanKind) : "internal";
    const error = findTag(tags, "error");
    const embedded = own(span, "process");
    const processId = own(span, "processID");
    const processes = this.processes;
    const process = () => (embedded !== undefined ? embedded : typeof processId === "string" ? own(processes, processId) : undefined);
    const name = own(span, "operationName");
    const fields: SpanFields = {
      name: typeof name === "string" ? name : undefined,
      kind,
      startNs: startUs * 1000,
      latencyNs,
      failed: error === "true",
      attribute: (key) => findTag(tags, key) ?? findTag(own(process(), "tags"), key),
      get service() {
        const service = own(process(), "serviceName");
        return typeof service === "string" ? service : undefined;
      },
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

/**
 * `{"data":[{"traceID":` or a lone trace `{"traceID":…,"spans":[`; with keys sorted (`jq -S`), a trace starts with
 * its process table: `{"data":[{"processes":{"p1":{"serviceName":`, or `{"processes":{…` alone.
 */
const PROCESSES = String.raw`"processes"\s*:\s*\{\s*"[^"]*"\s*:\s*\{\s*"serviceName"\s*:`;
const SIGNATURE = new RegExp(String.raw`^\s*\{\s*(?:"data"\s*:\s*\[\s*(?:\{\s*(?:"traceID"\s*:|${PROCESSES})|\])|"traceID"\s*:\s*"[^"]*"\s*,\s*"spans"\s*:|${PROCESSES})`);

function sniff(_lines: readonly string[], head = ""): SniffResult {
  return SIGNATURE.test(head.replace(/^\uFEFF/, ""))
    ? { score: 1, why: 'a Jaeger JSON trace export: {"data":[{"traceID":' }
    : { score: 0, why: 'does not start with {"data":[{"traceID":' };
}

export const jaegerFormat: DocumentFormat = {
  name: "jaeger",
  readsDocuments: true,
  description: "Jaeger JSON traces (query API, UI download); latency duration in µs, startTime as start, entry SERVER spans by default (--span-kind), tag error=true = failed",
  example:
    '{"data":[{"traceID":"2be38093ead7a083","spans":[{"traceID":"2be38093ead7a083","spanID":"7606ddfe69932d34","operationName":"GET /api/users","references":[],"startTime":1793610000000000,"duration":4210,"tags":[{"key":"span.kind","type":"string","value":"server"}],"logs":[],"processID":"p1","warnings":null}],"processes":{"p1":{"serviceName":"shop","tags":[]}},"warnings":null}],"total":0,"limit":0,"offset":0,"errors":null}',
  sniff,
  readsSpans: true,
  createDecoder: (options, spans) => new JaegerDecoder(options, spans),
};
