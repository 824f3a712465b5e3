/**
 * `k6`: the JSON lines of `k6 run --out json=FILE` (grafana.com/docs/k6 → Results output → JSON).
 *
 *   line    = metric | point | blank
 *   metric  = {"type":"Metric","data":{"name":…,"type":"trend"|…,"contains":"time"|"default"|"data",…},"metric":NAME}
 *   point   = {"type":"Point","data":{"time":RFC3339-with-ns,"value":NUMBER,"tags":{…}[,"metadata":{…}]},"metric":NAME}
 *
 * The latency is the value of the points of one metric, `http_req_duration` unless --metric names another (its
 * unit is ms for every metric that `contains` time; others are refused). Points of other metrics and Metric
 * declarations are skipped. k6 stamps an HTTP point when the response has ended, so start = time − value.
 * From the tags: `name` (else `url`) is the label, `method` the HTTP method, `status` the status (0: no response), and
 * `expected_response` ("true"/"false", k6's own verdict) says whether the request failed; `vu` (tag or
 * metadata, when enabled) is the key. A gRPC metric's (`grpc_…`) `status` is the numeric gRPC code, not an HTTP
 * status (k6's grpc stats handler: `strconv.Itoa(int(status.Code(err)))`, and no expected_response): 0 (OK)
 * succeeded, any other code failed. `--group-by NAME` groups by the tag NAME (then the metadata's), any tag k6
 * writes (`scenario`, `group`, `status`, a custom `env`…), but `label`, `endpoint` and `host`, which are made
 * of the label (core/group-key.ts).
 */
import { UserError } from "../base/errors.js";
import { MAX_LATENCY_NS, toNanoseconds } from "../base/units.js";
import { contentEndOf, decimalAt, epochOrNaN, lineEndOf } from "./bytes.js";
import { isoNsAt, parseIsoNs } from "../base/iso-time.js";
import { JsonKind, JsonLineScanner } from "./json-scan.js";
import type { BlockSink, DecodeOptions, Format, LineDecoder, SampleSink, SniffResult, UnitChoice } from "./types.js";
import type { Sample } from "../core/sample.js";
import { own } from "./jsonl.js";
import { senderNotice } from "./latency-names.js";

export const K6_DEFAULT_METRIC = "http_req_duration";

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** How a k6 decoder reads the tags of a point (see k6Fields). */
export interface K6Reading {
  /** The `vu` is the request's sender (not with `--per none`). */
  vuIsSender: boolean;
  /** The metric is gRPC's: `status` is a gRPC code. */
  grpc: boolean;
  /** The `--group-by` names. */
  groupBy: readonly string[];
}

/** Whether the points of `metric` are gRPC calls, whose `status` tag is a gRPC code. */
export function isGrpcMetric(metric: string): boolean {
  return metric.startsWith("grpc_");
}

/** Group-by names made of the label (core/group-key.ts), never read from a tag of that name. */
const LABEL_FIELDS = ["label", "endpoint", "host"];

/** The k6 reading of `options`, the latency metric being `metric`. */
export function k6Reading(metric: string, options: { noSenderColumn?: boolean; groupBy?: string[] }): K6Reading {
  return { vuIsSender: options.noSenderColumn !== true, grpc: isGrpcMetric(metric), groupBy: options.groupBy ?? [] };
}

/** The tags k6Fields reads for `reading`: its own, and each group-by tag. */
export function tagsRead(reading: K6Reading): string[] {
  return [...new Set([...TAGS, ...reading.groupBy.filter((name) => !LABEL_FIELDS.includes(name))])];
}

/** The fields of a k6 sample shared by the JSON and CSV outputs, from its tags (and metadata). */
export function k6Fields(sample: Sample, get: (tag: string) => string | undefined, reading: K6Reading): void {
  const label = get("name") ?? get("url");
  if (label !== undefined) sample.label = label;
  const method = get("method");
  if (method !== undefined) sample.method = method;
  const status = get("status");
  if (reading.grpc) {
    // A gRPC code is no HTTP status: it says whether the call failed, and is kept for --group-by status only.
    if (status !== undefined && /^\d{1,2}$/.test(status)) sample.ok = status === "0";
  } else if (status !== undefined && /^\d{1,3}$/.test(status)) sample.status = Number(status);
  const expected = get("expected_response");
  if (expected === "true" || expected === "false") sample.ok = expected === "true";
  const vu = reading.vuIsSender ? get("vu") : undefined;
  if (vu !== undefined) sample.key = vu;
  if (reading.groupBy.length > 0) sample.groupValues = reading.groupBy.map((name) => (LABEL_FIELDS.includes(name) ? undefined : (get(name) ?? "")));
}

/** What a k6 decoder says the first time a request carries its vu (see k6Fields). */
export const K6_SENDER_NOTICE = senderNotice("k6's vu tag");

/** The tags k6Fields reads whatever the group-by names. */
const TAGS = ["name", "url", "method", "status", "expected_response", "vu"];
/** What the fast path looks for: type, metric, data, its value and time, then each tag in the tags and the metadata. */
const FIXED_PATHS = [["type"], ["metric"], ["data"], ["data", "value"], ["data", "time"]];
const FIRST_TAG = FIXED_PATHS.length;
/** The most paths a JsonLineScanner looks for: with more group-by tags, every line takes the slow path. */
const MAX_PATHS = 30;
const POINT = Buffer.from("Point");

class K6Decoder implements LineDecoder {
  private readonly metric: string;
  private readonly metricBytes: Buffer;
  private readonly reading: K6Reading;
  private readonly tags: string[];
  private readonly scanner: JsonLineScanner | undefined;

  private notices: string[] = [];
  private saidSender = false;

  constructor(metric: string | undefined, options: DecodeOptions) {
    this.metric = metric ?? K6_DEFAULT_METRIC;
    this.metricBytes = Buffer.from(this.metric);
    this.reading = k6Reading(this.metric, options);
    this.tags = tagsRead(this.reading);
    const paths = [...FIXED_PATHS, ...this.tags.map((t) => ["data", "tags", t]), ...this.tags.map((t) => ["data", "metadata", t])];
    this.scanner = paths.length <= MAX_PATHS ? new JsonLineScanner(paths) : undefined;
  }

  /** Says once that the vu is the sender, when a request first carries one. */
  private noteSender(sample: Sample): void {
    if (sample.key === undefined || this.saidSender) return;
    this.saidSender = true;
    this.notices.push(K6_SENDER_NOTICE);
  }

  /**
   * Fast path: a Point line is scanned (see json-scan.ts) without JSON.parse; a point of another metric is
   * skipped, one of the latency metric read when its value is a plain decimal and its time ISO-8601. Everything
   * else (Metric declarations, odd values, escaped text) goes to `line`.
   */
  decodeBlock(bytes: Uint8Array, start: number, end: number, firstLineNo: number, sink: BlockSink): number {
    let lineNo = firstLineNo;
    for (let lineStart = start; lineStart < end; lineNo++) {
      const newline = lineEndOf(bytes, lineStart, end);
      const contentEnd = contentEndOf(bytes, lineStart, newline);
      const outcome = this.scan(bytes, lineStart, contentEnd);
      if (outcome === undefined) sink.slowLine(bytes, lineStart, contentEnd, lineNo);
      else if (outcome === "other") sink.skip("other k6 metric");
      else sink.sample(outcome);
      lineStart = newline + 1;
    }
    return lineNo - firstLineNo;
  }

  /** What `line` makes of a simple Point line: its sample, or "other" for another metric; undefined when unsure. */
  private scan(bytes: Uint8Array, start: number, end: number): Sample | "other" | undefined {
    const { scanner, tags: names } = this;
    if (scanner === undefined || !scanner.scan(bytes, start, end)) return undefined;
    const { kinds, starts, ends } = scanner;
    const is = (p: number, word: Buffer) => kinds[p] === JsonKind.String && ends[p]! - starts[p]! === word.length && word.every((b, i) => bytes[starts[p]! + i] === b);
    if (!is(0, POINT) || kinds[1] !== JsonKind.String || kinds[2] !== JsonKind.Object) return undefined;
    if (!is(1, this.metricBytes)) return "other";
    const value = kinds[3] === JsonKind.Number ? decimalAt(bytes, starts[3]!, ends[3]!) : NaN;
    const latencyNs = Math.round(value * 1e6);
    if (!(latencyNs <= MAX_LATENCY_NS)) return undefined;
    const sample: Sample = { latencyNs };
    if (kinds[4] !== JsonKind.Missing) {
      const endNs = kinds[4] === JsonKind.String ? isoNsAt(bytes, starts[4]!, ends[4]!) : NaN;
      sample.startNs = epochOrNaN(endNs - latencyNs);
      if (Number.isNaN(sample.startNs)) return undefined;
    }
    // A tag is text when it is a non-empty string, else it is looked for in the metadata (as `text` and `own` do).
    const tags = new Map<string, string>();
    for (let t = 0; t < names.length; t++) {
      for (const p of [FIRST_TAG + t, FIRST_TAG + names.length + t]) {
        if (kinds[p] === JsonKind.Other) return undefined;
        if (kinds[p] === JsonKind.String && ends[p]! > starts[p]!) {
          tags.set(names[t]!, Buffer.from(bytes.buffer, bytes.byteOffset + starts[p]!, ends[p]! - starts[p]!).toString("utf8"));
          break;
        }
      }
    }
    k6Fields(sample, (tag) => tags.get(tag), this.reading);
    this.noteSender(sample);
    return sample;
  }

  midRecord(): boolean {
    return false;
  }

  line(line: string, sink: SampleSink): void {
    const trimmed = line.trim();
    if (trimmed === "") return sink.skip();
    let record: unknown;
    try {
      record = JSON.parse(trimmed);
    } catch {
      return sink.reject("invalid JSON");
    }
    const type = own(record, "type");
    const metric = own(record, "metric");
    const data = own(record, "data");
    if (typeof metric !== "string" || data === null || typeof data !== "object") return sink.reject("not a k6 Metric or Point");
    if (type === "Metric") {
      const contains = own(data, "contains");
      if (metric === this.metric && contains !== "time") {
        throw new UserError(`--metric ${metric}: a k6 ${String(own(data, "type"))} of ${String(contains)}, not a time`, `latency metrics contain time, e.g. ${K6_DEFAULT_METRIC}`);
      }
      return sink.skip("k6 metric declaration");
    }
    if (type !== "Point") return sink.reject("not a k6 Metric or Point");
    if (metric !== this.metric) return sink.skip("other k6 metric");
    const value = own(data, "value");
    if (typeof value !== "number") return sink.reject("missing value");
    const ns = toNanoseconds(value, 1e6);
    if (!ns.ok) return sink.reject(ns.reason);
    const sample: Sample = { latencyNs: ns.ns };
    const time = own(data, "time");
    if (time !== undefined) {
      const end = typeof time === "string" ? parseIsoNs(time) : undefined;
      if (end === undefined) return sink.reject("bad time");
      sample.startNs = end - ns.ns;
    }
    const tags = own(data, "tags");
    const metadata = own(data, "metadata");
    k6Fields(sample, (tag) => text(own(tags, tag)) ?? text(own(metadata, tag)), this.reading);
    this.noteSender(sample);
    sink.sample(sample);
  }

  unitChoice(): UnitChoice {
    return { unit: "ms", source: "format" };
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }
}

function isK6Record(line: string): boolean {
  if (!line.startsWith("{")) return false;
  try {
    const record: unknown = JSON.parse(line);
    const type = own(record, "type");
    return (type === "Point" || type === "Metric") && typeof own(record, "metric") === "string" && typeof own(record, "data") === "object";
  } catch {
    return false;
  }
}

function sniff(lines: readonly string[]): SniffResult {
  const content = lines.map((l) => l.trim()).filter((l) => l !== "");
  if (content.length === 0) return { score: 0, why: "no content lines" };
  const records = content.filter(isK6Record).length;
  const share = records / content.length;
  return { score: share >= 0.8 ? share : 0, why: `${records} of ${content.length} lines are k6 Metric/Point records` };
}

export const k6Format: Format = {
  name: "k6",
  description: `k6 run --out json; latency: value of the points of --metric (default ${K6_DEFAULT_METRIC}) in ms; time − value as start; tags name/url, method, status (gRPC code for grpc_ metrics), expected_response; --group-by any tag`,
  example: '{"type":"Point","data":{"time":"2026-11-02T09:00:00.123456789Z","value":4.21,"tags":{"expected_response":"true","method":"GET","name":"http://127.0.0.1:8080/api/users","status":"200"}},"metric":"http_req_duration"}',
  sniff,
  createDecoder: (options) => new K6Decoder(options.metric, options),
};
