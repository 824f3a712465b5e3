/**
 * `k6-csv`: the CSV of `k6 run --out csv=FILE` (grafana.com/docs/k6 → Results output → CSV; output/csv in k6).
 *
 *   file    = header { record }
 *   header  = "metric_name,timestamp,metric_value" { "," tag } ",extra_tags" [",metadata"]
 *   record  = fields in the header's order, quoted per RFC 4180 where needed
 *
 * The tag columns are k6's system tags in alphabetical order (check, error, error_code, expected_response, group,
 * method, name, proto, scenario, service, status, subproto, tls_version, url, … as configured); they are found by
 * name. Rows of the metric chosen with --metric (default http_req_duration) are read, the others skipped;
 * `metric_value` is in ms. `timestamp` follows K6_CSV_TIME_FORMAT: epoch seconds (the default), ms, µs or ns (told
 * apart by their number of digits) or RFC 3339; as in the JSON output it is the end of the request, so
 * start = timestamp − value, except with the default whole-second timestamps, too coarse for that: then the
 * start is that second. Label, status, success, key and --group-by as for `k6`; a tag without a column of its own
 * is read from `extra_tags`, which k6 writes as `name=value&name=value` unescaped (a value holding `&` is cut
 * there).
 */
import { UserError } from "../base/errors.js";
import { toNanoseconds } from "../base/units.js";
import { splitDelimited } from "./delimited-fields.js";
import { K6_DEFAULT_METRIC, K6_SENDER_NOTICE, k6Fields, k6Reading, type K6Reading } from "./k6.js";
import { parseEpochBySizeNs } from "./time-fields.js";
import { parseIsoNs } from "../base/iso-time.js";
import type { DecodeOptions, Format, LineDecoder, SampleSink, SniffResult, UnitChoice } from "./types.js";
import type { Sample } from "../core/sample.js";

const HEADER_START = "metric_name,timestamp,metric_value";
const DECIMAL = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

class K6CsvDecoder implements LineDecoder {
  private columns: Map<string, number> | undefined;
  private headerLine = "";
  private readonly metric: string;
  private readonly reading: K6Reading;
  private notices: string[] = [];
  private saidSender = false;

  constructor(metric: string | undefined, options: DecodeOptions) {
    this.metric = metric ?? K6_DEFAULT_METRIC;
    this.reading = k6Reading(this.metric, options);
  }

  line(text: string, sink: SampleSink): void {
    if (text.trim() === "") return sink.skip();
    if (this.columns === undefined || text === this.headerLine) {
      if (!text.startsWith(HEADER_START)) return sink.reject("no k6 CSV header before this line");
      this.headerLine = text;
      this.columns = new Map(text.split(",").map((name, i) => [name, i]));
      return sink.skip();
    }
    const { fields, open } = splitDelimited(text, ",");
    if (open) return sink.reject("unterminated quoted field");
    if (fields.length !== this.columns.size) return sink.reject(`expected ${this.columns.size} fields, found ${fields.length}`);
    if (fields[0] !== this.metric) return sink.skip("other k6 metric");
    const value = fields[2]!;
    if (!DECIMAL.test(value)) return sink.reject("not a number");
    const ns = toNanoseconds(Number(value), 1e6);
    if (!ns.ok) return sink.reject(ns.reason);
    const sample: Sample = { latencyNs: ns.ns };
    const time = fields[1]!;
    if (time !== "") {
      const end = /^\d+$/.test(time) ? parseEpochBySizeNs(time) : parseIsoNs(time);
      if (end === undefined) return sink.reject("bad timestamp");
      // Whole seconds (the default) are too coarse to subtract a latency from: the start is kept to the second.
      sample.startNs = time.length <= 11 && /^\d+$/.test(time) ? end : end - ns.ns;
    }
    const columns = this.columns;
    let extra: Map<string, string> | undefined;
    k6Fields(sample, (tag) => {
      const index = columns.get(tag);
      const v = index === undefined ? (extra ??= extraTags(fields[columns.get("extra_tags") ?? -1])).get(tag) : fields[index];
      return v === undefined || v === "" ? undefined : v;
    }, this.reading);
    if (sample.key !== undefined && !this.saidSender) {
      this.saidSender = true;
      this.notices.push(K6_SENDER_NOTICE);
    }
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

/** The tags of an `extra_tags` field, `name=value&name=value` (see the file comment). */
function extraTags(field: string | undefined): Map<string, string> {
  const tags = new Map<string, string>();
  for (const pair of (field ?? "").split("&")) {
    const equals = pair.indexOf("=");
    if (equals > 0) tags.set(pair.slice(0, equals), pair.slice(equals + 1));
  }
  return tags;
}

function sniff(lines: readonly string[]): SniffResult {
  const first = lines.find((l) => l.trim() !== "");
  return first?.startsWith(HEADER_START) ? { score: 1, why: "k6 CSV header" } : { score: 0, why: "no k6 CSV header" };
}

export const k6CsvFormat: Format = {
  name: "k6-csv",
  description: `k6 run --out csv; latency: metric_value of the rows of --metric (default ${K6_DEFAULT_METRIC}) in ms; timestamp − value as start; name/url, status, expected_response columns`,
  example: "http_req_duration,1795779490,4.210000,,,,true,,GET,http://127.0.0.1:8080/api/users,HTTP/1.1,default,,200,,,http://127.0.0.1:8080/api/users,,",
  sniff,
  createDecoder: (options) => {
    if (options.metric !== undefined && options.metric.trim() === "") throw new UserError("--metric: empty metric name", `e.g. ${K6_DEFAULT_METRIC}`);
    return new K6CsvDecoder(options.metric, options);
  },
};
