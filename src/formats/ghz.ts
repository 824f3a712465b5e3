/**
 * `ghz`: the JSON report of the gRPC load tester ghz (`ghz -O json` or `-O pretty`; ghz.sh docs "Output", and
 * `runner/reporter.go` in bojand/ghz for the fields).
 *
 *   report  = {"date": RFC3339, "name": S, "endReason": S, "options": {"call": S, "host": S, …}, "count": N,
 *              "total": ns, "average": ns, "fastest": ns, "slowest": ns, "rps": F, "errorDistribution": {…},
 *              "statusCodeDistribution": {…}, "latencyDistribution": […], "histogram": […],
 *              "details": [detail…], "tags": {…}}
 *   detail  = {"timestamp": RFC3339-with-fraction, "latency": ns, "error": S, "status": S}
 *
 * The latency is a detail's `latency` (Go's time.Duration: integer ns). ghz stamps a detail with the time the
 * RPC ended (the gRPC stats End event), so start = timestamp − latency. A detail with a non-empty `error` failed
 * (ghz leaves those out of its own latency figures too); `status` is the gRPC status name (OK, Unavailable…). The
 * label is the call (`options.call`, e.g. helloworld.Greeter.SayHello). `--group-by status` groups by gRPC status,
 * `--group-by error` by error text. ghz keeps at most 1,000,000 details: when `count` says there were more
 * requests, that is said on stderr.
 *
 * Records: each element of `details` is one record; the summary around them is not counted.
 */
import { UserError } from "../base/errors.js";
import { toNanoseconds } from "../base/units.js";
import { JsonStream, type JsonStreamHandler, type PathKey, type Selection } from "./json-stream.js";
import { own } from "./jsonl.js";
import { endDocument, integerOf } from "./spans.js";
import { parseIsoNs } from "../base/iso-time.js";
import type { DecodeOptions, DocumentDecoder, DocumentFormat, RecordSink, SniffResult, UnitChoice } from "./types.js";
import type { Sample } from "../core/sample.js";

/** Group-by names of ghz's own fields, beside the request fields (label, status is gRPC's here). */
const FIELDS = new Set(["status", "error"]);
const REQUEST_FIELDS = new Set(["label", "endpoint", "method", "host"]);

class GhzDecoder implements DocumentDecoder, JsonStreamHandler {
  private readonly stream = new JsonStream(this);
  private notices: string[] = [];
  private sink: RecordSink | undefined;
  private call: string | undefined;
  private count: number | undefined;
  private details = 0;
  private sawDetails = false;

  constructor(private readonly groupBy: readonly string[]) {
    for (const name of groupBy) {
      if (!FIELDS.has(name) && !REQUEST_FIELDS.has(name)) {
        throw new UserError(`--group-by ${name}: ghz details are grouped by status (gRPC) or error`, "label, endpoint, method and host work too");
      }
    }
  }

  push(bytes: Uint8Array, sink: RecordSink): void {
    this.sink = sink;
    this.stream.push(bytes);
  }

  end(sink: RecordSink): void {
    this.sink = sink;
    // A document cut short holds fewer details than its count for that reason alone (rejected as truncated).
    const truncated = this.stream.inValue;
    endDocument(this.stream, sink);
    if (!this.sawDetails) this.notices.push('no "details" in the input: ghz writes them with -O json or -O pretty');
    else if (this.count !== undefined && this.count > this.details && !truncated) {
      this.notices.push(`the report counts ${this.count} requests but holds the details of ${this.details} (ghz keeps at most 1,000,000): only those are read`);
    }
  }

  select(path: readonly PathKey[]): Selection {
    if (path.length === 0) return "enter";
    if (path.length === 1) {
      if (path[0] === "details") {
        this.sawDetails = true;
        return "enter";
      }
      return path[0] === "options" || path[0] === "count" ? "capture" : "skip";
    }
    // Every element of details is a record, whatever it holds.
    return path.length === 2 && path[0] === "details" ? "capture" : "skip";
  }

  value(path: readonly PathKey[], value: unknown, lineNo: number): void {
    if (path[0] === "options") {
      const call = own(value, "call");
      this.call = typeof call === "string" && call !== "" ? call : undefined;
    } else if (path[0] === "count") {
      this.count = integerOf(value);
    } else {
      this.details++;
      this.book(value, lineNo);
    }
  }

  oversized(path: readonly PathKey[], lineNo: number): void {
    if (path[0] !== "details") return;
    this.details++;
    this.sink!.at(lineNo);
    this.sink!.reject("detail too large");
  }

  leave(): void {}

  private book(detail: unknown, lineNo: number): void {
    const sink = this.sink!;
    sink.at(lineNo);
    if (detail === null || typeof detail !== "object" || Array.isArray(detail)) return sink.reject("not a ghz detail");
    const latency = own(detail, "latency");
    if (latency === undefined) return sink.reject("missing latency");
    const ns = integerOf(latency) === undefined ? { ok: false as const, reason: "bad latency" } : toNanoseconds(integerOf(latency)!, 1);
    if (!ns.ok) return sink.reject(ns.reason);
    const timestamp = own(detail, "timestamp");
    const endNs = typeof timestamp === "string" ? parseIsoNs(timestamp) : undefined;
    if (endNs === undefined) return sink.reject("bad timestamp");
    const error = own(detail, "error");
    const status = own(detail, "status");
    const sample: Sample = { latencyNs: ns.ns, startNs: endNs - ns.ns, ok: error === undefined || error === "" };
    if (this.call !== undefined) sample.label = this.call;
    if (this.groupBy.length > 0) {
      const text = (v: unknown) => (typeof v === "string" ? v : "");
      sample.groupValues = this.groupBy.map((name) => (name === "status" ? text(status) : name === "error" ? text(error) : undefined));
    }
    sink.sample(sample);
  }

  unitChoice(): UnitChoice {
    return { unit: "ns", source: "format" };
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }
}

/** A ghz report starts with its date (and name), then the options of the run. */
const SIGNATURE = /^\s*\{\s*"date"\s*:\s*"[^"]*"\s*,(?:\s*"(?:name|endReason)"\s*:\s*"[^"]*"\s*,)*\s*"options"\s*:\s*\{/;

function sniff(_lines: readonly string[], head = ""): SniffResult {
  const text = head.replace(/^\uFEFF/, "");
  if (SIGNATURE.test(text) && /"call"\s*:/.test(text)) return { score: 1, why: 'a ghz JSON report: {"date":…,"options":{"call":…' };
  return { score: 0, why: 'does not start as a ghz report ({"date":…,"options":{…)' };
}

export const ghzFormat: DocumentFormat = {
  name: "ghz",
  readsDocuments: true,
  description: "ghz -O json / -O pretty (gRPC); latency of each of details[] in ns, timestamp − latency as start, error (non-empty = failed), gRPC status, call as label",
  example:
    '{"date":"2026-11-02T09:00:10Z","endReason":"normal","options":{"call":"helloworld.Greeter.SayHello","host":"127.0.0.1:50051","concurrency":2,"total":1},"count":1,"total":4500000,"average":4210000,"fastest":4210000,"slowest":4210000,"rps":222.2,"errorDistribution":{},"statusCodeDistribution":{"OK":1},"latencyDistribution":[],"histogram":[],"details":[{"timestamp":"2026-11-02T09:00:00.004210Z","latency":4210000,"error":"","status":"OK"}]}',
  sniff,
  createDecoder: (options: DecodeOptions) => new GhzDecoder(options.groupBy ?? []),
};
