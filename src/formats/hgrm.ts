/**
 * `hgrm`: a percentile spectrum as HdrHistogram's `outputPercentileDistribution` prints it (`.hgrm` files, the
 * "Detailed Percentile spectrum" of `wrk2 -L`, jHiccup), read back as an approximate distribution.
 *
 *   file      = { other } header { blank } { row } [footer] { other }
 *   header    = "Value" "Percentile" "TotalCount" "1/(1-Percentile)"          (whitespace-separated), or the CSV
 *               variant "\"Value\",\"Percentile\",\"TotalCount\",\"1/(1-Percentile)\""
 *   row       = value percentile total-count [inverse | "inf" | "Infinity"]   whitespace- or comma-separated
 *               (the Java reference leaves the inverse out of the last, 100% row)
 *   footer    = "#[Mean = …, StdDeviation = …]" "#[Max = …, Total count = …]" "#[Buckets = …, SubBuckets = …]"
 *   other     = any line outside the spectrum (wrk2's report around it), skipped
 *
 * Each row stands for the requests counted since the previous row (TotalCount − previous TotalCount), all read at
 * the row's value: a value is the highest of its bucket, printed to a few decimals, so percentiles come back close
 * to, but not exactly as, the original histogram's. The footer's Mean and StdDeviation are the original's, exact to
 * their decimals: they are handed on (`statedMoments`) when its Total count is the rows' total. Only the first
 * spectrum is read (wrk2 -U prints a second, uncorrected one). Values are in --unit, default ms (wrk2 and jHiccup
 * print ms). There are no times or statuses.
 */
import { NS_PER_UNIT, toNanoseconds } from "../base/units.js";
import type { DecodeOptions, Format, LineDecoder, SampleSink, SniffResult, StatedMoments, UnitChoice } from "./types.js";

const HEADER = /^\s*Value\s+Percentile\s+TotalCount\s+1\/\(1-Percentile\)\s*$/;
const CSV_HEADER = /^"Value","Percentile","TotalCount","1\/\(1-Percentile\)"$/;
const ROW = /^\s*(\d+(?:\.\d+)?)(?:\s+|,)(\d+(?:\.\d+)?)(?:\s+|,)(\d+)(?:(?:\s+|,)(?:\d+(?:\.\d+)?|inf|Infinity))?\s*$/;
const TOTAL = /Total count\s*=\s*(\d+)/;
const MOMENTS = /Mean\s*=\s*(\d+(?:\.\d+)?)\s*,\s*StdDeviation\s*=\s*(\d+(?:\.\d+)?)/;

class HgrmDecoder implements LineDecoder {
  /** before: no header yet; header: header seen, no row; rows: inside the spectrum; footer: its `#[…]` lines; after: spectrum over. */
  private state: "before" | "header" | "rows" | "footer" | "after" = "before";
  private total = 0;
  /** The footer's Mean and StdDeviation, in ns, and its Total count. */
  private footer: { meanNs?: number; stddevNs?: number; count?: number } = {};
  private readonly unit: UnitChoice;
  private notices: string[] = [];

  constructor(options: DecodeOptions) {
    this.unit = options.unit ? { unit: options.unit, source: "--unit" } : { unit: "ms", source: "default" };
  }

  line(text: string, sink: SampleSink): void {
    const trimmed = text.trim();
    if (this.state === "footer") {
      if (trimmed.startsWith("#")) return this.footerLine(trimmed, sink);
      this.state = "after";
    }
    if (this.state === "before" || this.state === "after") {
      if (HEADER.test(text) || CSV_HEADER.test(trimmed)) {
        if (this.state === "after") {
          this.notices.push("a second percentile spectrum (wrk2 -U prints the uncorrected one too) is not read");
          return sink.skip("second spectrum");
        }
        this.state = "header";
      }
      return sink.skip(this.state === "after" && ROW.test(text) ? "second spectrum" : undefined);
    }
    if (trimmed === "") {
      if (this.state === "rows") this.state = "after";
      return sink.skip();
    }
    if (trimmed.startsWith("#")) {
      this.state = "footer";
      return this.footerLine(trimmed, sink);
    }
    const row = ROW.exec(text);
    if (row === null) {
      if (this.state === "rows" && /^-{3,}/.test(trimmed)) {
        this.state = "after";
        return sink.skip();
      }
      return sink.reject("not a percentile row");
    }
    if (this.state === "header") {
      this.notices.push("a percentile spectrum: read as an approximate distribution (each row's requests at its printed value)");
    }
    this.state = "rows";
    const totalCount = Number(row[3]);
    if (!Number.isSafeInteger(totalCount)) return sink.reject("TotalCount too large");
    if (totalCount < this.total) return sink.reject("TotalCount decreases");
    if (Number(row[2]) > 1) return sink.reject("percentile above 1");
    const ns = toNanoseconds(Number(row[1]), NS_PER_UNIT[this.unit.unit]);
    if (!ns.ok) return sink.reject(ns.reason);
    const count = totalCount - this.total;
    this.total = totalCount;
    if (count === 0) return sink.skip("spectrum row adding no values");
    sink.repeated(ns.ns, count);
  }

  /** A `#[…]` line after the rows: Mean and StdDeviation, Max and Total count, Buckets and SubBuckets. */
  private footerLine(trimmed: string, sink: SampleSink): void {
    const moments = MOMENTS.exec(trimmed);
    if (moments !== null) {
      const nsPerUnit = NS_PER_UNIT[this.unit.unit];
      this.footer.meanNs = Number(moments[1]) * nsPerUnit;
      this.footer.stddevNs = Number(moments[2]) * nsPerUnit;
    }
    const total = TOTAL.exec(trimmed);
    if (total !== null) {
      this.footer.count = Number(total[1]);
      if (this.footer.count !== this.total) this.notices.push(`the footer says ${total[1]} values, the rows add up to ${this.total}`);
    }
    sink.skip();
  }

  statedMoments(): StatedMoments | undefined {
    const { meanNs, stddevNs, count } = this.footer;
    if (meanNs === undefined || stddevNs === undefined || count !== this.total || count === 0) return undefined;
    return { count, meanNs, stddevNs };
  }

  unitChoice(): UnitChoice {
    return this.unit;
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }
}

function sniff(lines: readonly string[]): SniffResult {
  const header = lines.findIndex((l) => HEADER.test(l) || CSV_HEADER.test(l.trim()));
  if (header < 0) return { score: 0, why: "no Value/Percentile/TotalCount header" };
  // The `#[Mean …]` footer is no row: a spectrum of few rows (one value only) is mostly footer.
  const rows = lines.slice(header + 1, header + 21).filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
  const good = rows.filter((l) => ROW.test(l)).length;
  if (good === 0) return { score: 0, why: "a spectrum header without rows" };
  return good >= rows.length * 0.8 ? { score: 1, why: "HdrHistogram percentile spectrum header and rows" } : { score: 0, why: `a spectrum header, then ${rows.length - good} of ${rows.length} lines that are no spectrum rows` };
}

export const hgrmFormat: Format = {
  name: "hgrm",
  description:
    "HdrHistogram percentile spectrum (.hgrm, wrk2 -L, jHiccup); each row's count read at its value, in --unit (default ms); approximate",
  example: "       4.211     0.500000          150         2.00",
  sniff,
  createDecoder: (options) => new HgrmDecoder(options),
  approximate: "read from a percentile spectrum: each row's requests at its printed value",
};
