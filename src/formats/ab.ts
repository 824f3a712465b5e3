/**
 * `ab`: the gnuplot file of ApacheBench (`ab -g FILE`, apache2-utils).
 *
 *   file    = header { record }
 *   header  = "starttime" TAB "seconds" TAB "ctime" TAB "dtime" TAB "ttime" TAB "wait"
 *   record  = date TAB epoch-seconds TAB ms TAB ms TAB ms TAB ms        date as ctime(3): "Fri Nov 27 11:38:10 2026"
 *
 * Times are whole milliseconds (ab rounds them): ctime to connect, dtime processing, ttime the total (the latency;
 * another with --metric ctime|dtime|wait), wait until the first byte. `seconds` is the start (1 s resolution).
 * ab sorts the rows by ttime, not by start, and the file has no status: failed requests cannot be told apart.
 */
import { UserError } from "../base/errors.js";
import { toNanoseconds } from "../base/units.js";
import type { Format, LineDecoder, SampleSink, SniffResult, UnitChoice } from "./types.js";

export const AB_HEADER = "starttime\tseconds\tctime\tdtime\tttime\twait";
const COLUMNS = AB_HEADER.split("\t");
const TIMINGS = ["ctime", "dtime", "ttime", "wait"];
const INTEGER = /^\d+$/;

class AbDecoder implements LineDecoder {
  private readonly latency: number;

  constructor(metric: string | undefined) {
    const name = (metric ?? "ttime").toLowerCase();
    if (!TIMINGS.includes(name)) throw new UserError(`--metric ${metric}: ab -g has no such timing`, `choose one of ${TIMINGS.join(", ")}`);
    this.latency = COLUMNS.indexOf(name);
  }

  line(text: string, sink: SampleSink): void {
    if (text.trim() === "" || text === AB_HEADER) return sink.skip();
    const fields = text.split("\t");
    if (fields.length !== COLUMNS.length) return sink.reject(`expected ${COLUMNS.length} fields, found ${fields.length}`);
    const latency = fields[this.latency]!;
    if (!INTEGER.test(latency)) return sink.reject("not a number");
    const ns = toNanoseconds(Number(latency), 1e6);
    if (!ns.ok) return sink.reject(ns.reason);
    const seconds = fields[1]!;
    if (!INTEGER.test(seconds)) return sink.reject("bad seconds");
    sink.sample({ latencyNs: ns.ns, startNs: Number(seconds) * 1e9 });
  }

  unitChoice(): UnitChoice {
    return { unit: "ms", source: "format" };
  }

  takeNotices(): string[] {
    return [];
  }
}

function sniff(lines: readonly string[]): SniffResult {
  const first = lines.find((l) => l.trim() !== "");
  return first === AB_HEADER ? { score: 1, why: "ab -g header" } : { score: 0, why: "no ab -g header" };
}

export const abFormat: Format = {
  name: "ab",
  description: "ApacheBench ab -g (gnuplot TSV); latency ttime in whole ms (or --metric ctime|dtime|wait), seconds as start; no status",
  example: "Fri Nov 27 11:38:10 2026\t1795779490\t0\t3\t3\t3",
  sniff,
  createDecoder: (options) => new AbDecoder(options.metric),
};
