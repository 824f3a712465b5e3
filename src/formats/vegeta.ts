/**
 * `vegeta`: vegeta attack results as written by `vegeta encode --to json` or `--to csv` (lib/results.go).
 *
 *   line    = json | csv | blank
 *   json    = {"attack":S,"seq":N,"code":N,"timestamp":RFC3339-ns,"latency":ns,"bytes_out":N,"bytes_in":N,
 *              "error":S,"body":base64[,"method":S,"url":S,"headers":{…}]}
 *   csv     = epoch-ns "," code "," latency-ns "," bytes-out "," bytes-in "," error "," base64-body ","
 *             attack "," seq ["," method "," url "," base64-headers]        no header row; RFC 4180 quoting
 *
 * The latency is `latency` in ns; `timestamp` is the start. A result with a non-empty `error` failed (vegeta sets
 * it for network errors and for codes outside 200–399). The label is method and URL when present (vegeta ≥ 12.9),
 * else the attack name. vegeta's default binary (gob) output is recognised and refused with the command to convert it.
 */
import { toNanoseconds } from "../base/units.js";
import { splitDelimited } from "./delimited-fields.js";
import { parseIsoNs } from "../base/iso-time.js";
import type { Format, LineDecoder, SampleSink, SniffResult, UnitChoice } from "./types.js";
import type { Sample } from "../core/sample.js";
import { own } from "./jsonl.js";

const CSV_RECORD = /^\d{1,19},\d{1,5},\d{1,19},\d+,\d+,/;
const INTEGER = /^\d+$/;

function finish(sample: Sample, error: string, attack: string, method: string | undefined, url: string | undefined): Sample {
  sample.ok = error === "";
  const label = method && url ? `${method} ${url}` : attack || undefined;
  if (label !== undefined) sample.label = label;
  return sample;
}

class VegetaDecoder implements LineDecoder {
  line(text: string, sink: SampleSink): void {
    const trimmed = text.trim();
    if (trimmed === "") return sink.skip();
    return trimmed.startsWith("{") ? this.json(trimmed, sink) : this.csv(trimmed, sink);
  }

  private json(text: string, sink: SampleSink): void {
    let r: unknown;
    try {
      r = JSON.parse(text);
    } catch {
      return sink.reject("invalid JSON");
    }
    const latency = own(r, "latency");
    const code = own(r, "code");
    if (typeof latency !== "number" || !Number.isInteger(latency)) return sink.reject("missing latency");
    if (typeof code !== "number") return sink.reject("missing code");
    const ns = toNanoseconds(latency, 1);
    if (!ns.ok) return sink.reject(ns.reason);
    const sample: Sample = { latencyNs: ns.ns, status: code };
    const timestamp = own(r, "timestamp");
    if (typeof timestamp === "string") {
      const start = parseIsoNs(timestamp);
      if (start === undefined) return sink.reject("bad timestamp");
      sample.startNs = start;
    }
    const str = (key: string) => {
      const v = own(r, key);
      return typeof v === "string" ? v : undefined;
    };
    sink.sample(finish(sample, str("error") ?? "", str("attack") ?? "", str("method"), str("url")));
  }

  private csv(text: string, sink: SampleSink): void {
    const { fields, open } = splitDelimited(text, ",");
    if (open) return sink.reject("unterminated quoted field");
    if (fields.length !== 9 && fields.length !== 12) return sink.reject(`expected 9 or 12 fields, found ${fields.length}`);
    const [timestamp, code, latency] = fields as [string, string, string];
    if (!INTEGER.test(latency)) return sink.reject("not a number");
    if (!INTEGER.test(code)) return sink.reject("bad code");
    if (!INTEGER.test(timestamp)) return sink.reject("bad timestamp");
    const ns = toNanoseconds(Number(latency), 1);
    if (!ns.ok) return sink.reject(ns.reason);
    const sample: Sample = { latencyNs: ns.ns, status: Number(code), startNs: Number(timestamp) };
    sink.sample(finish(sample, fields[5]!, fields[7]!, fields[9], fields[10]));
  }

  unitChoice(): UnitChoice {
    return { unit: "ns", source: "format" };
  }

  takeNotices(): string[] {
    return [];
  }
}

function isJsonResult(line: string): boolean {
  if (!line.startsWith("{")) return false;
  try {
    const r: unknown = JSON.parse(line);
    return typeof own(r, "latency") === "number" && typeof own(r, "code") === "number" && typeof own(r, "timestamp") === "string" && own(r, "bytes_in") !== undefined;
  } catch {
    return false;
  }
}

/** gob streams start with the type definition, which names the fields of vegeta's Result struct. */
function isGob(head: string): boolean {
  return /[\0-\x08]/.test(head.slice(0, 512)) && ["Attack", "Seq", "Code", "Timestamp", "Latency", "BytesOut"].every((f) => head.includes(f));
}

function sniff(lines: readonly string[]): SniffResult {
  const content = lines.map((l) => l.trim()).filter((l) => l !== "");
  if (content.length === 0) return { score: 0, why: "no content lines" };
  if (isGob(lines.join("\n"))) return { score: 1, why: "vegeta binary (gob) results" };
  const records = content.filter((l) => isJsonResult(l) || CSV_RECORD.test(l)).length;
  const share = records / content.length;
  return { score: share >= 0.8 ? 0.95 * share : 0, why: `${records} of ${content.length} lines are vegeta JSON/CSV results` };
}

export const vegetaFormat: Format = {
  name: "vegeta",
  description: "vegeta encode --to json or --to csv; latency in ns, timestamp as start, code, error (non-empty = failed), method + url as label",
  example: '{"attack":"","seq":0,"code":200,"timestamp":"2026-11-02T09:00:00.000123456Z","latency":4210000,"bytes_out":0,"bytes_in":22,"error":"","body":null,"method":"GET","url":"http://127.0.0.1:8080/api/users","headers":null}',
  sniff,
  createDecoder: () => new VegetaDecoder(),
  refuse: (head) =>
    isGob(head)
      ? { message: "vegeta's binary (gob) results are not read", hint: "convert them first: vegeta encode --to json results.bin > results.json" }
      : undefined,
};
