/**
 * `hey`: the per-request CSV of `hey -o csv` (github.com/rakyll/hey).
 *
 *   file    = header { record }
 *   header  = "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset"
 *   record  = seconds "," seconds "," seconds "," seconds "," seconds "," seconds "," status "," seconds
 *
 * Every time is in seconds with 4 decimals (0.1 ms resolution). The latency is `response-time` (or another
 * timing column with --metric, e.g. Response-delay); `offset` is when the request started, in seconds since the
 * run began (hey writes no wall-clock time, so start times are relative: `--since 10` means 10 s into the run).
 * hey leaves requests that got no response (a timeout, a refused connection: only counted in its summary's error
 * distribution) out of this file, so the failures it holds (statuses outside 2xx/3xx) are counted but the failure
 * rate is unknown (`unwrittenFailures`).
 */
import { UserError } from "../base/errors.js";
import { toNanoseconds } from "../base/units.js";
import type { Format, LineDecoder, SampleSink, SniffResult, UnitChoice } from "./types.js";

export const HEY_HEADER = "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset";
/** Why the failure rate of hey's rows is unknown, however they are read (as `hey`, or as `csv` with its header). */
export const HEY_UNWRITTEN_FAILURES = "hey -o csv writes no row for a request that got no response (a timeout, a refused connection)";
const COLUMNS = HEY_HEADER.split(",");
const TIMING_COLUMNS = COLUMNS.slice(0, 6);
const STATUS = COLUMNS.indexOf("status-code");
const OFFSET = COLUMNS.indexOf("offset");
const DECIMAL = /^\d+(?:\.\d+)?$/;

class HeyDecoder implements LineDecoder {
  private readonly latency: number;

  constructor(metric: string | undefined) {
    this.latency = metric === undefined ? 0 : TIMING_COLUMNS.findIndex((c) => c.toLowerCase() === metric.toLowerCase());
    if (this.latency < 0) throw new UserError(`--metric ${metric}: hey has no such timing`, `choose one of ${TIMING_COLUMNS.join(", ")}`);
  }

  line(text: string, sink: SampleSink): void {
    if (text.trim() === "" || text === HEY_HEADER) return sink.skip();
    const fields = text.split(",");
    if (fields.length !== COLUMNS.length) return sink.reject(`expected ${COLUMNS.length} fields, found ${fields.length}`);
    const latency = fields[this.latency]!;
    if (!DECIMAL.test(latency)) return sink.reject("not a number");
    const ns = toNanoseconds(Number(latency), 1e9);
    if (!ns.ok) return sink.reject(ns.reason);
    const status = fields[STATUS]!;
    const offset = fields[OFFSET]!;
    if (!/^\d{1,3}$/.test(status)) return sink.reject("bad status-code");
    if (!DECIMAL.test(offset)) return sink.reject("bad offset");
    sink.sample({ latencyNs: ns.ns, status: Number(status), startNs: Math.round(Number(offset) * 1e9) });
  }

  unitChoice(): UnitChoice {
    return { unit: "s", source: "format" };
  }

  takeNotices(): string[] {
    return [];
  }
}

function sniff(lines: readonly string[]): SniffResult {
  const first = lines.find((l) => l.trim() !== "");
  return first === HEY_HEADER ? { score: 1, why: "hey -o csv header" } : { score: 0, why: "no hey -o csv header" };
}

export const heyFormat: Format = {
  name: "hey",
  description: "hey -o csv; latency response-time in s (or --metric Response-delay…), status-code, offset (s since the run began) as start; no row for a request without a response: failure rate unknown",
  example: "0.0144,0.0000,0.0000,0.0000,0.0135,0.0009,200,0.0711",
  sniff,
  unwrittenFailures: HEY_UNWRITTEN_FAILURES,
  createDecoder: (options) => new HeyDecoder(options.metric),
};
