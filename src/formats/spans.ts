/**
 * What the span formats (otlp, jaeger, zipkin) share: the sample a span becomes and `--group-by` over span names,
 * services and attributes (which spans are recorded is span-selection.ts's).
 *
 * A span's latency is its duration; its start is its start time; its label is its name (operation); it failed
 * when its format's error flag says so (the tracer's verdict, whatever the HTTP status); the HTTP status and
 * method come from the attributes of both OpenTelemetry semantic conventions (`http.response.status_code` /
 * `http.status_code`, `http.request.method` / `http.method`).
 */
import { UserError } from "../base/errors.js";
import type { JsonStream } from "./json-stream.js";
import type { SpanKind } from "./span-kinds.js";
import type { RecordSink } from "./types.js";
import type { Sample } from "../core/sample.js";

/** A span as a format read it. */
export interface SpanFields {
  name: string | undefined;
  kind: SpanKind;
  startNs: number;
  latencyNs: number;
  failed: boolean;
  /** The value of an attribute (tag) of the span, else of its resource (process), as text. */
  attribute(key: string): string | undefined;
  /** The service (resource `service.name`, Jaeger process, Zipkin local endpoint); undefined when not known. */
  service: string | undefined;
}

const STATUS_KEYS = ["http.response.status_code", "http.status_code"];
const METHOD_KEYS = ["http.request.method", "http.method"];

/** The group-by names spans understand beside the request fields (label, endpoint, method, host, status). */
const REQUEST_FIELD_NAMES = new Set(["label", "endpoint", "method", "host", "status"]);

/** How a span becomes a sample: its fields and, with `--group-by`, its group values. */
export class SpanSamples {
  /** True when grouping needs the span's service or resource, which some documents give after the spans. */
  readonly needsContext: boolean;

  constructor(private readonly groupBy: readonly string[]) {
    for (const name of groupBy) {
      if (name !== "name" && name !== "service" && !(name.startsWith("attr.") && name.length > 5) && !REQUEST_FIELD_NAMES.has(name)) {
        throw new UserError(`--group-by ${name}: spans are grouped by name, service or attr.KEY`, "e.g. --group-by service or --group-by attr.http.route; label, endpoint, method, host and status work too");
      }
    }
    this.needsContext = groupBy.some((name) => name === "service" || name.startsWith("attr."));
  }

  sampleOf(span: SpanFields): Sample {
    const sample: Sample = { latencyNs: span.latencyNs, startNs: span.startNs, ok: !span.failed };
    if (span.name !== undefined && span.name !== "") sample.label = span.name;
    const status = firstOf(span, STATUS_KEYS);
    if (status !== undefined && /^\d{1,3}$/.test(status)) sample.status = Number(status);
    const method = firstOf(span, METHOD_KEYS);
    if (method !== undefined && method !== "") sample.method = method;
    if (this.groupBy.length > 0) sample.groupValues = this.groupBy.map((name) => groupValue(span, name));
    return sample;
  }
}

function firstOf(span: SpanFields, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = span.attribute(key);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A group-by name's value for a span: "" when it has none; undefined leaves a request field to the sample. */
function groupValue(span: SpanFields, name: string): string | undefined {
  if (name === "name") return span.name ?? "";
  if (name === "service") return span.service ?? "";
  if (name.startsWith("attr.")) return span.attribute(name.slice(5)) ?? "";
  return undefined;
}

/** A JSON value as attribute text: strings as they are, numbers and booleans as written, the rest as JSON. */
export function attributeText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** A span, trace or parent id as text; the formats write them as strings. */
export function idOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A non-negative integer given as a JSON number or as decimal text (long integers come as text, see json-stream.ts). */
export function integerOf(value: unknown): number | undefined {
  // `+ 0` turns -0 (JSON's "-0") into 0, which histograms and the checks downstream expect.
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value + 0 : undefined;
  if (typeof value === "string" && /^\d{1,20}$/.test(value)) return Number(value);
  return undefined;
}

/**
 * Ends a document's stream: a document cut short (a file still being written, a download stopped) is booked as
 * one rejected record, on the line of the value it ends in.
 */
export function endDocument(stream: JsonStream, sink: RecordSink): void {
  stream.end();
  if (stream.inValue) rejectCut(sink, stream.inCapture ? stream.captureLineNo : stream.lineNo);
}

/** A document cut short, at the end of the input or of its line (json-stream.ts), as one rejected record. */
export function rejectCut(sink: RecordSink, lineNo: number): void {
  sink.at(lineNo);
  sink.reject("truncated document");
}
